// Benchmarks of the CLI and of listings across package types, used by `npm run bench`:
//   - the CLI's peak memory for `list --all --format ndjson`, and for the piped table, at two
//     listing sizes (streamed output should not grow with the listing), and its time to the first
//     line against one page's round trip;
//   - six types listed as one multi-type listing, against six listings one after another and
//     against one listing of a single type with as many packages.
import { spawn } from "node:child_process";
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
 * @returns {Promise<{ peakMB: number, firstLineMs: number, lines: number, totalMs: number }>}
 */
export function runCli(server, format = "ndjson") {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ["--import", PEAK, CLI, "list", "--type", "container", "--all", "--format", format, "--base-url", server.url], {
      env: { PATH: process.env.PATH ?? "", GITHUB_TOKEN: server.token },
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
