// Runs the CLI as users do, with a token and nothing else from the environment: in-process
// through its IO seam, piped (no terminal). What needs a real process (the bin, signals, pipes
// closing early) spawns the built CLI in test/cli.test.ts.
import { runCli as runCliInProcess } from "../src/cli/main.js";

/** What one run of the CLI gave. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `gh-user-packages ...args` with `env` (a GITHUB_TOKEN, usually). */
export async function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const write = (to: "out" | "err") => (text: string) => (to === "out" ? (stdout += text) : (stderr += text));
  const code = await runCliInProcess({ argv: args, env, stdout: { write: write("out") }, stderr: { write: write("err") } });
  return { code, stdout, stderr };
}
