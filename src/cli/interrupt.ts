// The reason the CLI's signal aborts with, and the exit code it gives.

/** Which signal stopped the CLI. */
export class Interrupted extends Error {
  constructor(readonly signalName: "SIGINT" | "SIGTERM") {
    super(`interrupted by ${signalName}`);
  }

  /** 128 + the signal's number, as shells report it. */
  get exitCode(): number {
    return this.signalName === "SIGINT" ? 130 : 143;
  }
}

/** The interruption that aborted `signal`, if one did. */
export function interruption(signal: AbortSignal | undefined): Interrupted | undefined {
  const reason: unknown = signal?.aborted ? signal.reason : undefined;
  return reason instanceof Interrupted ? reason : undefined;
}
