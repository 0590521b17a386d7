#!/usr/bin/env node
// npm run bench [-- --latency 50 --rounds 5 --packages 10000 --requests 300 --concurrency 8
//                  --fixtures full|light --json --json-file F]
// Measures, in one run and interleaved, medians over rounds:
//   listing every package at `latency` ms per response: ours at the default concurrency, ours at
//   concurrency 1, @octokit/rest's paginate, and the floor (raw fetch of the same pages at the same
//   concurrency, no wrapper); then single-page requests per second at latency 0.
// The mock GitHub runs in a child process, so the server does not compete with the client's CPU.
// Our client is measured as built (dist/), the way apps get it.
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { Octokit } from "@octokit/rest";
import { DEFAULT_CONCURRENCY, createPackagesClient, listAllUserPackages } from "gh-user-packages";
import { measure as typecheckCost } from "./typecheck-cost.mjs";

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

function startServer(latencyMs) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["scripts/mock-server.mjs", "--packages", String(total), "--type", TYPE, "--latency", String(latencyMs), "--fixtures", values.fixtures], {
      stdio: ["pipe", "pipe", "inherit"],
    });
    let buf = "";
    child.stdout.on("data", (d) => {
      buf += d;
      const nl = buf.indexOf("\n");
      if (nl >= 0) resolve({ ...JSON.parse(buf.slice(0, nl)), stop: () => child.kill("SIGTERM") });
    });
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`mock server exited with ${code}`)));
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
async function time(fn) {
  const t = performance.now();
  const n = await fn();
  return { ms: performance.now() - t, n };
}

// --- the contenders ---------------------------------------------------------------------------
const ours = (srv, conc) => async () => {
  const { packages } = await listAllUserPackages({ package_type: TYPE }, { baseUrl: srv.url, token: srv.token, concurrency: conc });
  return packages.length;
};
const octokitList = (srv) => async () => {
  const octokit = new Octokit({ auth: srv.token, baseUrl: srv.url });
  const all = await octokit.paginate(octokit.rest.packages.listPackagesForAuthenticatedUser, { package_type: TYPE, per_page: PER_PAGE });
  return all.length;
};
// The floor: the same requests with nothing around fetch. Page 1 tells how many pages there are.
const rawList = (srv, conc) => async () => {
  const headers = { Authorization: `Bearer ${srv.token}`, Accept: "application/vnd.github+json" };
  const get = async (page) => {
    const res = await fetch(`${srv.url}/user/packages?package_type=${TYPE}&page=${page}&per_page=${PER_PAGE}`, { headers });
    return { res, body: await res.json() };
  };
  const first = await get(1);
  const last = Number(/[?&]page=(\d+)[^>]*>; rel="last"/.exec(first.res.headers.get("link") ?? "")?.[1] ?? 1);
  let count = first.body.length;
  let next = 2;
  await Promise.all(
    Array.from({ length: conc }, async () => {
      while (next <= last) {
        const { body } = await get(next++);
        count += body.length;
      }
    }),
  );
  return count;
};

function listingContenders(srv) {
  const runs = [
    [`ours (concurrency ${concurrency})`, ours(srv, concurrency)],
    ["ours (concurrency 1)", ours(srv, 1)],
    ["@octokit/rest paginate", octokitList(srv)],
    [`raw fetch (concurrency ${concurrency})`, rawList(srv, concurrency)],
  ];
  return runs;
}

async function singlePage(srv, label, perPage) {
  const client = createPackagesClient({ baseUrl: srv.url, token: srv.token });
  const octokit = new Octokit({ auth: srv.token, baseUrl: srv.url });
  const headers = { Authorization: `Bearer ${srv.token}`, Accept: "application/vnd.github+json" };
  const url = `${srv.url}/user/packages?package_type=${TYPE}&per_page=${perPage}`;
  return [
    [`ours ${label}`, async () => {
      const { data } = await client.listUserPackages({ package_type: TYPE, per_page: perPage });
      return data.length;
    }],
    [`@octokit/rest ${label}`, async () => (await octokit.rest.packages.listPackagesForAuthenticatedUser({ package_type: TYPE, per_page: perPage })).data.length],
    [`raw fetch ${label}`, async () => (await (await fetch(url, { headers })).json()).length],
  ];
}

// --- run ----------------------------------------------------------------------------------------
const slow = await startServer(latency);
const fast = await startServer(0);
const samples = new Map();
const add = (k, v) => samples.set(k, [...(samples.get(k) ?? []), v]);
try {
  console.error(`Listing ${total} packages at ${latency} ms latency, ${rounds} rounds (mock in its own process)...`);
  const listing = listingContenders(slow);
  for (const [, fn] of listing) await fn(); // warm up every contender once
  for (let r = 0; r < rounds; r++) {
    // Rotate the order each round, so no contender always goes first.
    for (let i = 0; i < listing.length; i++) {
      const [label, fn] = listing[(i + r) % listing.length];
      const { ms, n } = await time(fn);
      if (n !== total) throw new Error(`${label} listed ${n} packages, expected ${total}`);
      add(label, ms);
    }
  }
  console.error("Re-listing with the conditional-request cache...");
  for (let r = 0; r < rounds; r++) {
    const client = createPackagesClient({ baseUrl: slow.url, token: slow.token, cache: true });
    const list = async () => (await client.listAllUserPackages({ package_type: TYPE }, { concurrency })).packages.length;
    add("cache: first listing", (await time(list)).ms);
    add("cache: re-listing (304s)", (await time(list)).ms);
  }
  console.error(`Single-page requests at 0 ms latency, ${requests} per contender per round...`);
  for (const perPage of [1, 100]) {
    const single = await singlePage(fast, `(per_page ${perPage})`, perPage);
    for (const [, fn] of single) for (let i = 0; i < 200; i++) await fn(); // warm up (JIT, sockets)
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < single.length; i++) {
        const [label, fn] = single[(i + r) % single.length];
        const { ms } = await time(async () => {
          for (let k = 0; k < requests; k++) await fn();
        });
        add(label, (requests / ms) * 1000);
      }
    }
  }
} finally {
  slow.stop();
  fast.stop();
}

// --- report ------------------------------------------------------------------------------------
const m = (k) => median(samples.get(k));
const oursDefault = m(`ours (concurrency ${concurrency})`);
const oursSerial = m("ours (concurrency 1)");
const octo = m("@octokit/rest paginate");
const floor = m(`raw fetch (concurrency ${concurrency})`);
const fmt = (x, d = 2) => x.toFixed(d);
const report = {
  node: process.version,
  latencyMs: latency,
  fixtures: values.fixtures,
  packages: total,
  rounds,
  listing: {
    [`ours_concurrency_${concurrency}_ms`]: Math.round(oursDefault),
    ours_concurrency_1_ms: Math.round(oursSerial),
    octokit_paginate_ms: Math.round(octo),
    [`raw_fetch_concurrency_${concurrency}_ms`]: Math.round(floor),
    speedup_vs_octokit: +fmt(octo / oursDefault),
    ratio_to_floor: +fmt(oursDefault / floor),
    serial_vs_octokit: +fmt(octo / oursSerial),
  },
  singlePage: {},
};
console.log(`\nListing all ${total} packages (${values.fixtures} fixtures), ${latency} ms latency, median of ${rounds} (node ${process.version})`);
console.log("| contender | time | vs octokit | vs floor |");
console.log("| --- | ---: | ---: | ---: |");
for (const [label, v] of [
  [`ours, concurrency ${concurrency} (default)`, oursDefault],
  ["ours, concurrency 1", oursSerial],
  ["@octokit/rest paginate", octo],
  [`raw fetch, concurrency ${concurrency} (floor)`, floor],
]) {
  console.log(`| ${label} | ${fmt(v / 1000)} s | ${fmt(octo / v)}× faster | ${fmt(v / floor)}× |`);
}
const first = m("cache: first listing"), again = m("cache: re-listing (304s)");
report.cache = { first_listing_ms: Math.round(first), relisting_ms: Math.round(again), speedup: +fmt(first / again) };
console.log(`\nRe-listing with \`cache: true\` (every page answered 304, free of rate limit), concurrency ${concurrency}`);
console.log("| listing | time |");
console.log("| --- | ---: |");
console.log(`| first (200s, bodies kept) | ${fmt(first / 1000)} s |`);
console.log(`| again (304s, kept bodies served) | ${fmt(again / 1000)} s |`);
console.log(`\nSingle page, 0 ms latency, requests per second, median of ${rounds}`);
console.log("| page size | ours | raw fetch | @octokit/rest | ours / raw | ours / octokit |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
for (const perPage of [1, 100]) {
  const label = `(per_page ${perPage})`;
  const o = m(`ours ${label}`), r = m(`raw fetch ${label}`), k = m(`@octokit/rest ${label}`);
  report.singlePage[`per_page_${perPage}`] = { ours_rps: Math.round(o), raw_fetch_rps: Math.round(r), octokit_rps: Math.round(k), ours_vs_raw: +fmt(o / r), ours_vs_octokit: +fmt(o / k) };
  console.log(`| ${perPage} | ${Math.round(o)} | ${Math.round(r)} | ${Math.round(k)} | ${fmt(o / r)} | ${fmt(o / k)} |`);
}
console.error("Type-checking a consumer of each...");
const tc = typecheckCost();
report.typecheck = { ...tc, memory_ratio_to_octokit: +fmt(tc.ours.memoryMB / tc.octokit.memoryMB) };
console.log("\nType-checking a consumer of one call plus a listing (tsc 5.9, --extendedDiagnostics)");
console.log("| consumer of | lines of definitions | memory | check time |");
console.log("| --- | ---: | ---: | ---: |");
for (const [name, v] of Object.entries(tc)) {
  console.log(`| ${name === "ours" ? "gh-user-packages" : "@octokit/rest"} | ${v.definitionLines} | ${v.memoryMB} MB | ${v.checkSeconds} s |`);
}
console.log(`(memory ours / octokit: ${fmt(tc.ours.memoryMB / tc.octokit.memoryMB)}; the TypeScript libraries, ${tc.ours.libraryLines} lines, are loaded by both)`);
const text = JSON.stringify(report, null, 2);
if (values.json) console.log(text);
if (values["json-file"]) writeFileSync(values["json-file"], `${text}\n`);
