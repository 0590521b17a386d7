#!/usr/bin/env node
// npm run bench [-- --latency 50 --rounds 5 --packages 10000 --requests 300 --concurrency 8
//                  --fixtures full|light --json --json-file F]
// Measures, in one run and interleaved, medians over rounds:
//   listing every package at `latency` ms per response: ours at the default concurrency, ours at
//   concurrency 1, @octokit/rest's paginate, and the floor (raw fetch of the same pages at the same
//   concurrency, no wrapper); re-listing with the conditional-request cache; then single-page
//   requests per second at latency 0 (ours, openapi-fetch alone, @octokit/rest, raw fetch); six types as one listing; `verify: true` on an unchanged
//   listing and `maxItems` (time and rate-limit points); the CLI; then the type-check cost of a consumer.
// The mock GitHub runs in a child process, so the server does not compete with the client's CPU.
// Our client is measured as built (dist/), the way apps get it.
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { Octokit } from "@octokit/rest";
import createClient from "openapi-fetch";
import { DEFAULT_API_VERSION, DEFAULT_CONCURRENCY, MemoryCache, VERSION, createPackagesClient, listAllUserPackages } from "gh-user-packages";
import { cachedRerun, multiTypeContenders, pageRoundTrip, runCli } from "./bench-cli.mjs";
import { measure as typecheckCost } from "./typecheck-cost.mjs";

/** @typedef {{ url: string, token: string, stop: () => void }} Server */
/** @typedef {[label: string, run: () => Promise<number>]} Contender */

const { values } = parseArgs({
  options: {
    latency: { type: "string", default: "50" },
    rounds: { type: "string", default: "5" },
    packages: { type: "string", default: "10000" },
    requests: { type: "string", default: "300" },
    concurrency: { type: "string", default: String(DEFAULT_CONCURRENCY) },
    fixtures: { type: "string", default: "full" },
    json: { type: "boolean", default: false },
    "json-file": { type: "string" },
  },
  allowPositionals: false,
  strict: true,
});
const latency = Number(values.latency);
const rounds = Number(values.rounds);
const total = Number(values.packages);
const requests = Number(values.requests);
const concurrency = Number(values.concurrency);
const TYPE = "container";
const PER_PAGE = 100;

/**
 * Starts the mock in a child process; resolves once it prints its URL.
 * @param {number} latencyMs
 * @returns {Promise<Server>}
 */
function startServer(latencyMs, packages = total, type = TYPE) {
  return new Promise((resolve, reject) => {
    const args = ["scripts/mock-server.mjs", "--packages", String(packages), "--type", type, "--latency", String(latencyMs), "--fixtures", values.fixtures];
    const child = spawn(process.execPath, args, { stdio: ["pipe", "pipe", "inherit"] });
    let buf = "";
    child.stdout.on("data", (/** @type {Buffer} */ d) => {
      buf += d.toString();
      const nl = buf.indexOf("\n");
      if (nl >= 0) resolve({ .../** @type {{ url: string, token: string }} */ (JSON.parse(buf.slice(0, nl))), stop: () => child.kill("SIGTERM") });
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      reject(new Error(`mock server exited with ${String(code)}`));
    });
  });
}

/** @param {number[]} xs */
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
}

/** @param {() => Promise<number>} fn */
async function time(fn) {
  const t = performance.now();
  const n = await fn();
  return { ms: performance.now() - t, n };
}

/** @param {Server} srv @param {number} conc @returns {() => Promise<number>} */
const ours = (srv, conc) => async () =>
  (await listAllUserPackages({ package_type: TYPE }, { baseUrl: srv.url, token: srv.token, concurrency: conc })).packages.length;

/** @param {Server} srv @returns {() => Promise<number>} */
const octokitList = (srv) => async () => {
  const octokit = new Octokit({ auth: srv.token, baseUrl: srv.url });
  const all = await octokit.paginate(octokit.rest.packages.listPackagesForAuthenticatedUser, { package_type: TYPE, per_page: PER_PAGE });
  return all.length;
};

/**
 * The floor: the same requests with nothing around fetch. Page 1 tells how many pages there are.
 * @param {Server} srv @param {number} conc @returns {() => Promise<number>}
 */
const rawList = (srv, conc) => async () => {
  const headers = { Authorization: `Bearer ${srv.token}`, Accept: "application/vnd.github+json" };
  const get = async (/** @type {number} */ page) => {
    const res = await fetch(`${srv.url}/user/packages?package_type=${TYPE}&page=${page}&per_page=${PER_PAGE}`, { headers });
    const body = /** @type {unknown} */ (await res.json());
    return { res, body: Array.isArray(body) ? body : [] };
  };
  const first = await get(1);
  const last = Number(/[?&]page=(\d+)[^>]*>; rel="last"/.exec(first.res.headers.get("link") ?? "")?.[1] ?? 1);
  let count = first.body.length;
  let next = 2;
  const worker = async () => {
    while (next <= last) {
      const { body } = await get(next++); // awaited before `count` is read: workers interleave here
      count += body.length;
    }
  };
  await Promise.all(Array.from({ length: conc }, worker));
  return count;
};

/** @param {Server} srv @returns {Contender[]} */
const listingContenders = (srv) => [
  [`ours (concurrency ${concurrency})`, ours(srv, concurrency)],
  ["ours (concurrency 1)", ours(srv, 1)],
  ["@octokit/rest paginate", octokitList(srv)],
  [`raw fetch (concurrency ${concurrency})`, rawList(srv, concurrency)],
];

/** @param {Server} srv @param {string} label @param {number} perPage @returns {Contender[]} */
function singlePageContenders(srv, label, perPage) {
  const client = createPackagesClient({ baseUrl: srv.url, token: srv.token });
  const octokit = new Octokit({ auth: srv.token, baseUrl: srv.url });
  const headers = { Authorization: `Bearer ${srv.token}`, Accept: "application/vnd.github+json" };
  const url = `${srv.url}/user/packages?package_type=${TYPE}&per_page=${perPage}`;
  // openapi-fetch alone, the client ours is built on: the request ours sends (query, headers, no redirects
  // followed), with nothing around it. The mock's work grows with the headers it records, so fewer
  // headers would count the server's work as the wrapper's.
  const same = { ...headers, "X-GitHub-Api-Version": DEFAULT_API_VERSION, "User-Agent": `gh-user-packages/${VERSION}` };
  /** @type {import("openapi-fetch").Client<import("../generated/user-packages.js").paths>} */
  const bare = createClient({ baseUrl: srv.url, headers: same, redirect: "manual" });
  const query = { package_type: /** @type {"container"} */ (TYPE), per_page: perPage };
  return [
    [`ours ${label}`, async () => (await client.listUserPackages({ package_type: TYPE, per_page: perPage })).data?.length ?? -1],
    [`openapi-fetch ${label}`, async () => (await bare.GET("/user/packages", { params: { query } })).data?.length ?? -1],
    [`@octokit/rest ${label}`, async () => (await octokit.rest.packages.listPackagesForAuthenticatedUser({ package_type: TYPE, per_page: perPage })).data.length],
    [`raw fetch ${label}`, async () => {
      const body = /** @type {unknown} */ (await (await fetch(url, { headers })).json());
      return Array.isArray(body) ? body.length : -1;
    }],
  ];
}

/** Samples by label. */
const samples = new Map(/** @type {[string, number[]][]} */ ([]));
/** @param {string} k @param {number} v */
const add = (k, v) => samples.set(k, [...(samples.get(k) ?? []), v]);
/** @param {string} k */
const m = (k) => median(samples.get(k) ?? []);

/**
 * Runs each contender once per round, rotating the order so no contender always goes first.
 * @param {Contender[]} contenders
 * @param {(run: () => Promise<number>, label: string) => Promise<number>} measureOne
 */
async function interleaved(contenders, measureOne) {
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < contenders.length; i++) {
      const [label, run] = /** @type {Contender} */ (contenders[(i + r) % contenders.length]);
      add(label, await measureOne(run, label));
    }
  }
}

/** @param {Server} slow */
async function benchListing(slow) {
  console.error(`Listing ${total} packages at ${latency} ms latency, ${rounds} rounds (mock in its own process)...`);
  const listing = listingContenders(slow);
  for (const [, run] of listing) await run(); // warm up every contender once
  await interleaved(listing, async (run, label) => {
    const { ms, n } = await time(run);
    if (n !== total) throw new Error(`${label} listed ${n} packages, expected ${total}`);
    return ms;
  });
  console.error("Re-listing with the conditional-request cache...");
  for (let r = 0; r < rounds; r++) {
    const client = createPackagesClient({ baseUrl: slow.url, token: slow.token, cache: new MemoryCache() });
    const list = async () => (await client.listAllUserPackages({ package_type: TYPE }, { concurrency })).packages.length;
    add("cache: first listing", (await time(list)).ms);
    add("cache: re-listing (304s)", (await time(list)).ms);
  }
}

/** @param {Server} fast */
async function benchSinglePage(fast) {
  console.error(`Single-page requests at 0 ms latency, ${requests} per contender per round...`);
  for (const perPage of [1, 100]) {
    const single = singlePageContenders(fast, `(per_page ${perPage})`, perPage);
    for (const [, run] of single) for (let i = 0; i < 200; i++) await run(); // warm up (JIT, sockets)
    await interleaved(single, async (run) => {
      const { ms } = await time(async () => {
        for (let k = 0; k < requests; k++) await run();
        return requests;
      });
      return (requests / ms) * 1000;
    });
  }
}

/** @param {number} x */
const fmt = (x, d = 2) => x.toFixed(d);

function reportListing() {
  const oursDefault = m(`ours (concurrency ${concurrency})`);
  const oursSerial = m("ours (concurrency 1)");
  const octo = m("@octokit/rest paginate");
  const floor = m(`raw fetch (concurrency ${concurrency})`);
  console.log(`\nListing all ${total} packages (${values.fixtures} fixtures), ${latency} ms latency, median of ${rounds} (node ${process.version})`);
  console.log("| contender | time | vs octokit | vs floor |\n| --- | ---: | ---: | ---: |");
  for (const [label, v] of /** @type {[string, number][]} */ ([
    [`ours, concurrency ${concurrency} (default)`, oursDefault],
    ["ours, concurrency 1", oursSerial],
    ["@octokit/rest paginate", octo],
    [`raw fetch, concurrency ${concurrency} (floor)`, floor],
  ])) {
    console.log(`| ${label} | ${fmt(v / 1000)} s | ${fmt(octo / v)}× faster | ${fmt(v / floor)}× |`);
  }
  return {
    [`ours_concurrency_${concurrency}_ms`]: Math.round(oursDefault),
    ours_concurrency_1_ms: Math.round(oursSerial),
    octokit_paginate_ms: Math.round(octo),
    [`raw_fetch_concurrency_${concurrency}_ms`]: Math.round(floor),
    speedup_vs_octokit: +fmt(octo / oursDefault),
    ratio_to_floor: +fmt(oursDefault / floor),
    serial_vs_octokit: +fmt(octo / oursSerial),
  };
}

function reportCache() {
  const first = m("cache: first listing");
  const again = m("cache: re-listing (304s)");
  console.log(`\nRe-listing with \`cache: new MemoryCache()\` (every page answered 304, free of rate limit), concurrency ${concurrency}`);
  console.log("| listing | time |\n| --- | ---: |");
  console.log(`| first (200s, bodies kept) | ${fmt(first / 1000)} s |\n| again (304s, kept bodies served) | ${fmt(again / 1000)} s |`);
  return { first_listing_ms: Math.round(first), relisting_ms: Math.round(again), speedup: +fmt(first / again) };
}

function reportSinglePage() {
  console.log(`\nSingle page, 0 ms latency, requests per second, median of ${rounds}`);
  console.log("| page size | ours | openapi-fetch alone | raw fetch | @octokit/rest | ours / openapi-fetch | ours / raw | ours / octokit |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  /** @type {Record<string, Record<string, number>>} */
  const out = {};
  for (const perPage of [1, 100]) {
    const label = `(per_page ${perPage})`;
    const [o, f, r, k] = [m(`ours ${label}`), m(`openapi-fetch ${label}`), m(`raw fetch ${label}`), m(`@octokit/rest ${label}`)];
    out[`per_page_${perPage}`] = {
      ours_rps: Math.round(o), openapi_fetch_rps: Math.round(f), raw_fetch_rps: Math.round(r), octokit_rps: Math.round(k),
      ours_vs_openapi_fetch: +fmt(o / f), ours_vs_raw: +fmt(o / r), ours_vs_octokit: +fmt(o / k),
    };
    console.log(`| ${perPage} | ${Math.round(o)} | ${Math.round(f)} | ${Math.round(r)} | ${Math.round(k)} | ${fmt(o / f)} | ${fmt(o / r)} | ${fmt(o / k)} |`);
  }
  return out;
}

function reportTypecheck() {
  console.error("Type-checking a consumer of each...");
  const tc = typecheckCost();
  console.log("\nType-checking a consumer of one call plus a listing (tsc 5.9, --extendedDiagnostics)");
  console.log("| consumer of | lines of definitions | memory | check time |\n| --- | ---: | ---: | ---: |");
  for (const [name, v] of Object.entries(tc)) {
    console.log(`| ${name === "ours" ? "gh-user-packages" : "@octokit/rest"} | ${v.definitionLines} | ${v.memoryMB} MB | ${v.checkSeconds} s |`);
  }
  console.log(`(memory ours / octokit: ${fmt(tc.ours.memoryMB / tc.octokit.memoryMB)}; the TypeScript libraries, ${tc.ours.libraryLines} lines, are loaded by both)`);
  return { ...tc, memory_ratio_to_octokit: +fmt(tc.ours.memoryMB / tc.octokit.memoryMB) };
}

/** The CLI's memory at two listing sizes and its time to the first line (median of rounds). */
async function benchCli() {
  console.error("The CLI: peak memory and first line, 1,000 and 10,000 packages...");
  const small = await startServer(latency, 1000);
  const large = await startServer(latency, 10_000);
  try {
    for (let r = 0; r < rounds; r++) {
      for (const [label, server] of /** @type {[string, Server][]} */ ([["1k", small], ["10k", large]])) {
        const run = await runCli(server);
        add(`cli peak ${label}`, run.peakMB);
        add(`cli first line ${label}`, run.firstLineMs);
        const table = await runCli(server, "table");
        add(`cli table peak ${label}`, table.peakMB);
        add(`cli table first line ${label}`, table.firstLineMs);
      }
      add("page round trip", await pageRoundTrip(large));
      const cached = await cachedRerun(large);
      add("cli uncached all 10k", cached.firstMs);
      add("cli uncached points 10k", cached.firstPoints);
      add("cli cached all 10k", cached.secondMs);
      add("cli cached points 10k", cached.secondPoints);
    }
  } finally {
    small.stop();
    large.stop();
  }
}

/** Six types × 1,000 packages: one listing, six in a row, and one type of 6,000. */
async function benchMultiType() {
  console.error("Six package types × 1,000 packages: one listing against six in a row...");
  const mixed = await startServer(latency, 6000, "all");
  const single = await startServer(latency, 6000, TYPE);
  try {
    const contenders = multiTypeContenders(mixed, single);
    for (const [, run] of contenders) await run(); // warm up
    await interleaved(contenders, async (run, label) => {
      const { ms, n } = await time(run);
      if (n !== 6000) throw new Error(`${label} listed ${n} packages, expected 6000`);
      return ms;
    });
  } finally {
    mixed.stop();
    single.stop();
  }
}

function reportCli() {
  const [peak1k, peak10k, first10k, trip] = [m("cli peak 1k"), m("cli peak 10k"), m("cli first line 10k"), m("page round trip")];
  console.log(`\nThe CLI, \`list --type container --all --format ndjson\`, ${latency} ms latency, median of ${rounds}`);
  console.log("| packages | peak memory | first line |\n| ---: | ---: | ---: |");
  console.log(`| 1,000 | ${fmt(peak1k, 0)} MB | ${fmt(m("cli first line 1k"), 0)} ms |\n| 10,000 | ${fmt(peak10k, 0)} MB | ${fmt(first10k, 0)} ms |`);
  console.log(`(peak 10k / 1k: ${fmt(peak10k / peak1k)}; one page's round trip with fetch: ${fmt(trip, 0)} ms; the CLI's first line includes starting Node)`);
  const [table1k, table10k] = [m("cli table peak 1k"), m("cli table peak 10k")];
  console.log(`The piped table (tab-separated, streamed): peak ${fmt(table1k, 0)} MB at 1,000, ${fmt(table10k, 0)} MB at 10,000 (${fmt(table10k / table1k)}); first line ${fmt(m("cli table first line 10k"), 0)} ms at 10,000`);
  const [uncached, uncachedPoints, cached, points] = [m("cli uncached all 10k"), m("cli uncached points 10k"), m("cli cached all 10k"), m("cli cached points 10k")];
  console.log("| `list --all`, 10,000 packages | time | rate-limit points |\n| --- | ---: | ---: |");
  console.log(`| first run, filling the disk cache | ${fmt(uncached, 0)} ms | ${fmt(uncachedPoints, 0)} |\n| second run, with the disk cache (all 304) | ${fmt(cached, 0)} ms | ${fmt(points, 0)} |`);
  return {
    peak_1k_mb: Math.round(peak1k),
    peak_10k_mb: Math.round(peak10k),
    peak_ratio: +fmt(peak10k / peak1k),
    first_line_10k_ms: Math.round(first10k),
    page_round_trip_ms: Math.round(trip),
    table_peak_1k_mb: Math.round(table1k),
    table_peak_10k_mb: Math.round(table10k),
    table_peak_ratio: +fmt(table10k / table1k),
    table_first_line_10k_ms: Math.round(m("cli table first line 10k")),
    cached_rerun_10k_ms: Math.round(cached),
    cached_rerun_10k_points: points,
    uncached_run_10k_ms: Math.round(uncached),
  };
}

function reportMultiType() {
  const [one, six, single] = [m("six types as one listing"), m("six listings one after another"), m("one type, as many packages")];
  console.log(`\nSix package types × 1,000 packages, ${latency} ms latency, median of ${rounds}`);
  console.log("| listing | time | vs six in a row | vs one type of 6,000 |\n| --- | ---: | ---: | ---: |");
  for (const [label, v] of /** @type {[string, number][]} */ ([["six types as one listing", one], ["six listings one after another", six], ["one type, 6,000 packages", single]])) {
    console.log(`| ${label} | ${fmt(v / 1000)} s | ${fmt(v / six)}× | ${fmt(v / single)}× |`);
  }
  return { one_listing_ms: Math.round(one), six_in_a_row_ms: Math.round(six), single_type_ms: Math.round(single), vs_sequential: +fmt(one / six), vs_single_type: +fmt(one / single) };
}

/**
 * Rate-limit points a listing used, read from the mock's counter around it (each reading is one
 * request, and counted).
 * @param {Server} srv @param {() => Promise<number>} run
 */
async function pointsOf(srv, run) {
  const client = createPackagesClient({ baseUrl: srv.url, token: srv.token });
  const used = async () => (await client.listUserPackages({ package_type: TYPE, per_page: 1 })).rateLimit?.used ?? NaN;
  const before = await used();
  const { ms, n } = await time(run);
  return { ms, n, points: (await used()) - before - 1 };
}

/** The listing's exact requests under maxItems, and the snapshot re-check of `verify`, on a server of their own (its rate-limit count stays below the cap). */
async function benchSnapshot() {
  console.error(`verify and maxItems: ${total} packages at ${latency} ms latency...`);
  const srv = await startServer(latency);
  const list = (/** @type {Record<string, unknown>} */ extra) => async () =>
    (await listAllUserPackages({ package_type: TYPE }, { baseUrl: srv.url, token: srv.token, concurrency, ...extra })).packages.length;
  /** @type {[string, () => Promise<number>, number][]} */
  const rows = [
    ["plain listing", list({}), total],
    ["verify: true (unchanged)", list({ verify: true }), total],
    ["maxItems: 250", list({ maxItems: 250 }), 250],
  ];
  try {
    for (const [, run] of rows) await run(); // warm up
    for (let r = 0; r < rounds; r++) {
      for (const [label, run, expected] of rows) {
        const { ms, n, points } = await pointsOf(srv, run);
        if (n !== expected) throw new Error(`${label} listed ${n} packages, expected ${expected}`);
        add(`snapshot ${label}`, ms);
        add(`snapshot points ${label}`, points);
      }
    }
  } finally {
    srv.stop();
  }
}

function reportSnapshot() {
  console.log(`
verify and maxItems, ${total} packages, ${latency} ms latency, concurrency ${concurrency}, median of ${rounds}`);
  console.log("| listing | time | rate-limit points |\n| --- | ---: | ---: |");
  /** @type {Record<string, { ms: number, points: number }>} */
  const out = {};
  for (const label of ["plain listing", "verify: true (unchanged)", "maxItems: 250"]) {
    const [ms, points] = [m(`snapshot ${label}`), m(`snapshot points ${label}`)];
    out[label] = { ms: Math.round(ms), points };
    console.log(`| ${label} | ${fmt(ms / 1000)} s | ${points} |`);
  }
  return out;
}

async function main() {
  const slow = await startServer(latency);
  const fast = await startServer(0);
  try {
    await benchListing(slow);
    await benchSinglePage(fast);
  } finally {
    slow.stop();
    fast.stop();
  }
  await benchMultiType();
  await benchSnapshot();
  await benchCli();
  const report = {
    node: process.version,
    latencyMs: latency,
    fixtures: values.fixtures,
    packages: total,
    rounds,
    listing: reportListing(),
    cache: reportCache(),
    singlePage: reportSinglePage(),
    multiType: reportMultiType(),
    snapshot: reportSnapshot(),
    cli: reportCli(),
    typecheck: reportTypecheck(),
  };
  const text = JSON.stringify(report, null, 2);
  if (values.json) console.log(text);
  if (values["json-file"]) writeFileSync(values["json-file"], `${text}\n`);
}

await main();
