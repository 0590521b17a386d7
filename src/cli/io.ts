// What the CLI reads and writes: streams, environment, the interrupt signal. Passed in, so tests
// can drive the CLI with a fake terminal as well as spawn it.

import type { Clock } from "../core/request/clock.js";

/** What the CLI writes to: process.stdout/stderr, or anything with `write`. */
export interface CliStream {
  /** Returns false when the caller should wait for "drain" before writing more. */
  write(text: string): unknown;
  once?(event: "drain", listener: () => void): unknown;
  isTTY?: boolean | undefined;
  columns?: number | undefined;
}

export interface CliIO {
  argv: string[];
  env: Record<string, string | undefined>;
  stdout: CliStream;
  stderr: CliStream;
  /** Aborts with an `Interrupted` reason on Ctrl+C or SIGTERM: `list` stops at once. */
  signal?: AbortSignal | undefined;
  /** Resolves when the `mock` command should stop (Ctrl+C). */
  untilStopped?: Promise<void> | undefined;
  /** The clock every wait and timeout of the client runs on (tests); the system clock when not given. */
  clock?: Clock | undefined;
  /** Makes the output hide `values` too (credentials learnt while running, such as gh's token). */
  hide?: ((values: readonly string[]) => void) | undefined;
  /** How long `gh auth token` may take (default a few seconds). */
  ghTimeoutMs?: number | undefined;
  /** How to run this program, for the commands it suggests (default: "npx gh-user-packages"). */
  self?: string | undefined;
}
