// gh's stored login, as a token source: `gh auth token --hostname HOST`, run when `gh` is on PATH,
// bounded by a short timeout and the caller's signal. What it prints is read, never shown.
import { spawn } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, isAbsolute, join } from "node:path";
import { systemClock, within, type Clock } from "../core/request/clock.js";

/** How long `gh auth token` may take: it reads a file or the system keyring. */
export const GH_TIMEOUT_MS = 3_000;
// A token is far shorter; more than this is not a token.
const MOST_OUTPUT = 4_096;
const TOKEN_TEXT = /^[\x21-\x7e]{4,1024}$/;

/** The `gh` executable on `path` (absolute directories only: a relative entry would run whatever the current directory holds). */
export function ghOnPath(path: string | undefined): string | undefined {
  const name = process.platform === "win32" ? "gh.exe" : "gh";
  for (const dir of (path ?? "").split(delimiter)) {
    if (!isAbsolute(dir)) continue;
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      if (statSync(file).isFile()) return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** What `gh auth token` printed, when it is one token on one line. */
export function tokenIn(output: string): string | undefined {
  const text = output.trim();
  return TOKEN_TEXT.test(text) ? text : undefined;
}

interface GhRun {
  env: Record<string, string | undefined>;
  clock?: Clock | undefined;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
}

/** Runs `file auth token --hostname host`; its stdout when it exits 0, else undefined. Stops it when `signal` aborts. */
function runGh(file: string, host: string, env: GhRun["env"], signal: AbortSignal | undefined): Promise<string | undefined> {
  return new Promise((resolve) => {
    // Its own process group, so a timeout stops whatever it started too (a script's children).
    const detached = process.platform !== "win32";
    const child = spawn(file, ["auth", "token", "--hostname", host], { env: { ...env, GH_PROMPT_DISABLED: "1" }, stdio: ["ignore", "pipe", "ignore"], detached, windowsHide: true });
    const stop = () => {
      try {
        if (detached && child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
        else child.kill("SIGKILL");
      } catch {
        // already gone
      }
      resolve(undefined);
    };
    let out = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (d: string) => {
      out += d;
      if (out.length > MOST_OUTPUT) stop();
    });
    child.on("error", () => resolve(undefined));
    child.on("close", (code) => resolve(code === 0 ? out : undefined));
    if (signal?.aborted) stop();
    else signal?.addEventListener("abort", stop, { once: true });
  });
}

/**
 * gh's token for `host`, or undefined: no gh on PATH, gh not logged in there, gh failing, hanging
 * past the timeout or printing something that is not a token. Rejects only when `signal` aborts.
 */
export async function ghToken(host: string, run: GhRun): Promise<string | undefined> {
  const file = ghOnPath(run.env.PATH);
  if (file === undefined) return undefined;
  try {
    const out = await within(run.clock ?? systemClock, run.timeoutMs ?? GH_TIMEOUT_MS, run.signal, () => new Error("gh auth token timed out"), (signal) => runGh(file, host, run.env, signal));
    return out === undefined ? undefined : tokenIn(out);
  } catch {
    run.signal?.throwIfAborted();
    return undefined;
  }
}
