// `gh-user-packages mock`: a mock GitHub on 127.0.0.1 to try the CLI and apps against.
import { PACKAGE_TYPES } from "../core/door/params.js";
import { makeOrganization, makePackages, makeUser } from "../mock/fixtures.js";
import { startMockGitHub } from "../mock/server.js";
import { fraction, integer, parseFlags, UsageError } from "./args.js";
import type { CliIO } from "./io.js";

const MOCK_FLAGS = {
  packages: { type: "string", default: "42" },
  port: { type: "string", default: "0" },
  token: { type: "string" },
  latency: { type: "string", default: "0" },
  faults: { type: "string", default: "0" },
  seed: { type: "string", default: "1" },
} as const;

/**
 * The most packages `--packages` takes: each is made three times (the user's, an organization's,
 * another user's), about 8 KB in all, so this stays near 1 GB, well inside Node's default heap.
 */
export const MAX_MOCK_PACKAGES = 100_000;

/** The mock could not listen where asked: exit 1 with the message. */
export class ListenError extends Error {}

/** A port that cannot be listened on, in one line; anything else as it came. */
function listenFailure(err: unknown, port: number): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === "EADDRINUSE") return new ListenError(`port ${port} on 127.0.0.1 is in use: pick another with --port, or leave --port out for any free one`);
  if (code === "EACCES") return new ListenError(`port ${port} on 127.0.0.1 needs privileges this user lacks: pick one above 1023, or leave --port out`);
  return err;
}

export async function mock(args: string[], io: CliIO): Promise<number> {
  const values = parseFlags(args, MOCK_FLAGS);
  const count = integer("--packages", values.packages, 0, MAX_MOCK_PACKAGES) ?? 42;
  const token = values.token ?? `mock_${Math.random().toString(36).slice(2, 12)}`;
  if (!/^[\x21-\x7e]+$/.test(token)) throw new UsageError("--token must be printable characters without spaces");
  const latencyMs = integer("--latency", values.latency, 0, 600_000) ?? 0;
  const faults = { rate: fraction("--faults", values.faults, 0, 1) ?? 0, seed: integer("--seed", values.seed, 0, 2 ** 31 - 1) ?? 1 };
  const port = integer("--port", values.port, 0, 65_535) ?? 0;
  const server = await startMockGitHub({
    token,
    port,
    latencyMs,
    faults,
    packages: makePackages(count, (i) => ({ package_type: PACKAGE_TYPES[i % PACKAGE_TYPES.length] })),
    // An organization and another user to try --org and --user on.
    orgs: { "octo-org": makePackages(count, (i) => ({ package_type: PACKAGE_TYPES[i % PACKAGE_TYPES.length], owner: makeOrganization("octo-org") })) },
    users: { octocat: makePackages(count, (i) => ({ package_type: PACKAGE_TYPES[i % PACKAGE_TYPES.length], owner: makeUser("octocat", 583_232) })) },
  }).catch((err: unknown) => {
    throw listenFailure(err, port);
  });
  const settings = [latencyMs && `${latencyMs} ms of latency`, faults.rate && `${faults.rate * 100} % faults (seed ${faults.seed})`].filter(Boolean);
  io.stdout.write(
    `Mock GitHub listening on ${server.url} with ${count} packages${settings.length ? `, ${settings.join(", ")}` : ""}` +
      " (as many for --org octo-org and --user octocat).\n" +
      `Its token (not a real one): ${token}\n\n` +
      // The variables the README's quick start reads, so its code runs against the mock as well.
      `  GITHUB_TOKEN=${token} GITHUB_API_URL=${server.url} ${io.self ?? "npx gh-user-packages"} list --type container\n\n` +
      "The quick start's code reads the same GITHUB_TOKEN and GITHUB_API_URL: export them to run it here.\n" +
      "Press Ctrl+C to stop.\n",
  );
  await (io.untilStopped ?? new Promise<void>(() => undefined));
  await server.close();
  return 0;
}
