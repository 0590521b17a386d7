// Benchmarks of the CLI and of listings across package types, used by `npm run bench`:
//   - the CLI's peak memory for `list --all --format ndjson`, and for the piped table, at two
//     listing sizes (streamed output should not grow with the listing), and its time to the first
//     line against one page's round trip;
//   - the CLI's second `list --all` with its disk cache (every page a 304): time, and the
//     rate-limit points it used;
//   - six types listed as one multi-type listing, against six listings one after another and
//     against one listing of a single type with as many packages.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { listAllUserPackages, PACKAGE_TYPES } from "gh-user-packages";

const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
// Loaded before the CLI: reports the process's peak memory as it exits.
const PEAK = 'data:text/javascript,process.on("exit",()=>process.stderr.write(`\\npeak-rss-kb ${process.resourceUsage().maxRSS}\\n`))';

/** @typedef {{ url: string, token: string }} Server */

/**
 * Runs the CLI to list every package (as NDJSON, or as the table, which is piped here); its peak
 * memory and time to the first line.
 * @param {Server} server
 * @param {"ndjson" | "table"} [format]
 * @param {Record<string, string>} [env] more of the environment (no cache directory unless given)
 * @returns {Promise<{ peakMB: number, firstLineMs: number, lines: number, totalMs: number }>}
 */
export function runCli(server, format = "ndjson", env = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ["--import", PEAK, CLI, "list", "--type", "container", "--all", "--format", format, "--base-url", server.url], {
      env: { PATH: process.env.PATH ?? "", GITHUB_TOKEN: server.token, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let firstLineMs = NaN;
    let lines = 0;
    let stderr = "";
    child.stdout.on("data", (/** @type {Buffer} */ d) => {
      if (Number.isNaN(firstLineMs)) firstLineMs = performance.now() - started;
      for (const byte of d) if (byte === 10) lines++;
    });
    child.stderr.on("data", (/** @type {Buffer} */ d) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      const peak = Number(/peak-rss-kb (\d+)/.exec(stderr)?.[1]);
      if (code !== 0 || !peak) reject(new Error(`the CLI exited with ${String(code)}: ${stderr.slice(0, 300)}`));
      else resolve({ peakMB: peak / 1024, firstLineMs, lines, totalMs: performance.now() - started });
    });
  });
}

/**
 * The mock's rate-limit count, from `x-ratelimit-used` (this request costs one point).
 * @param {Server} server
 */
async function pointsUsed(server) {
  const res = await fetch(`${server.url}/user/packages?package_type=npm&per_page=1`, { headers: { Authorization: `Bearer ${server.token}` } });
  await res.arrayBuffer();
  return Number(res.headers.get("x-ratelimit-used"));
}

/**
 * The CLI's `list --all` twice into a fresh disk cache: the first run fills it, the second finds
 * every page unchanged (304s). Both times, and the rate-limit points the second used.
 * @param {Server} server
 * @returns {Promise<{ firstMs: number, firstPoints: number, secondMs: number, secondPoints: number, lines: number }>}
 */
export async function cachedRerun(server) {
  const dir = mkdtempSync(join(tmpdir(), "bench-cli-cache-"));
  try {
    const start = await pointsUsed(server);
    const first = await runCli(server, "ndjson", { XDG_CACHE_HOME: dir });
    const between = await pointsUsed(server);
    const second = await runCli(server, "ndjson", { XDG_CACHE_HOME: dir });
    const end = await pointsUsed(server);
    if (second.lines !== first.lines) throw new Error(`the cached run listed ${second.lines} lines, the first ${first.lines}`);
    // Each reading costs its own point.
    return { firstMs: first.totalMs, firstPoints: between - start - 1, secondMs: second.totalMs, secondPoints: end - between - 1, lines: second.lines };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * One page's round trip with plain fetch, for scale.
 * @param {Server} server
 */
export async function pageRoundTrip(server) {
  const started = performance.now();
  const res = await fetch(`${server.url}/user/packages?package_type=container&per_page=100`, { headers: { Authorization: `Bearer ${server.token}` } });
  await res.arrayBuffer();
  return performance.now() - started;
}

/**
 * The multi-type contenders: one listing of all six types, six listings in a row, and one listing
 * of a single type with as many packages (served by `single`).
 * @param {Server} mixed six types, evenly
 * @param {Server} single one type
 * @returns {[string, () => Promise<number>][]}
 */
export function multiTypeContenders(mixed, single) {
  const options = (/** @type {Server} */ s) => ({ baseUrl: s.url, token: s.token });
  return [
    ["six types as one listing", async () => (await listAllUserPackages({ package_type: PACKAGE_TYPES }, options(mixed))).packages.length],
    [
      "six listings one after another",
      async () => {
        let count = 0;
        for (const type of PACKAGE_TYPES) count += (await listAllUserPackages({ package_type: type }, options(mixed))).packages.length;
        return count;
      },
    ],
    ["one type, as many packages", async () => (await listAllUserPackages({ package_type: "container" }, options(single))).packages.length],
  ];
}
