// `gh-user-packages mock`: a mock GitHub on 127.0.0.1 to try the CLI and apps against.
import { PACKAGE_TYPES } from "../params.js";
import { makePackages } from "../mock/fixtures.js";
import { startMockGitHub } from "../mock/server.js";
import { integer, parseFlags } from "./args.js";
import type { CliIO } from "./main.js";

export async function mock(args: string[], io: CliIO): Promise<number> {
  const values = parseFlags(args, { packages: { type: "string", default: "42" }, port: { type: "string", default: "0" } });
  const count = integer("--packages", values.packages, 0, 1_000_000) ?? 42;
  const port = integer("--port", values.port, 0, 65_535) ?? 0;
  const token = `mock_${Math.random().toString(36).slice(2, 12)}`;
  const server = await startMockGitHub({
    token,
    port,
    packages: makePackages(count, (i) => ({ package_type: PACKAGE_TYPES[i % PACKAGE_TYPES.length] })),
  });
  io.stdout.write(
    `Mock GitHub listening on ${server.url} with ${count} packages.\n` +
      `Its token (not a real one): ${token}\n\n` +
      `  GITHUB_TOKEN=${token} gh-user-packages list --type container --base-url ${server.url}\n\n` +
      "Press Ctrl+C to stop.\n",
  );
  await (io.untilStopped ?? new Promise<void>(() => undefined));
  await server.close();
  return 0;
}
