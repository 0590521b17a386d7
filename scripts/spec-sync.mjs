#!/usr/bin/env node
// npm run spec:sync [-- <@octokit/openapi tarball, package folder or URL>] [--write-fixtures DIR] [--json]
// Gets the newest official description without adding it as a dependency (`npm pack
// @octokit/openapi` into a temporary folder, unless a tarball, folder or URL is given), takes
// api.github.com, GHEC and the newest GHES from it, cuts each down to the three package listings,
// and compares the fragment with them (see spec-compare.mjs). Exit 1 when the fragment drifts from
// any edition, 0 otherwise (an edition's missing or extra optional fields are informational).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { extractListings } from "./lib/extract.mjs";
import { compareFiles } from "./spec-compare.mjs";

/**
 * @param {string} message
 * @returns {never}
 */
function fail(message) {
  console.error(`spec:sync: ${message}`);
  process.exit(2);
}

/**
 * Runs a command; its standard output.
 * @param {string} cmd
 * @param {string[]} args
 * @param {string} cwd
 */
function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.error || r.status !== 0) fail(`${cmd} ${args.join(" ")} failed: ${r.error?.message ?? r.stderr}`);
  return r.stdout;
}

/**
 * A local tarball of @octokit/openapi: the one given, one downloaded from a URL, or `npm pack`'s.
 * @param {string | undefined} source
 * @param {string} dir
 */
async function tarballOf(source, dir) {
  if (source && /^https?:\/\//.test(source)) {
    const res = await fetch(source);
    if (!res.ok) fail(`GET ${source}: ${res.status}`);
    const file = path.join(dir, "openapi.tgz");
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    return file;
  }
  if (source) return path.resolve(source);
  run("npm", ["pack", "@octokit/openapi", "--silent", "--pack-destination", dir], dir);
  const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"));
  if (!tarball) fail("npm pack left no tarball");
  return path.join(dir, tarball);
}

/**
 * The descriptions to compare: api.github.com, GHEC and the newest GHES, as paths in `dir`.
 * @param {string} source a tarball or a package folder
 * @param {string} dir
 */
function descriptionsIn(source, dir) {
  const isFolder = statSync(source).isDirectory();
  const names = isFolder
    ? readdirSync(path.join(source, "generated")).map((f) => `package/generated/${f}`)
    : run("tar", ["-tzf", source], dir).split("\n");
  const ghes = names
    .map((n) => /generated\/ghes-(\d+)\.(\d+)\.json$/.exec(n))
    .filter((m) => m !== null)
    .sort((a, b) => Number(b[1]) - Number(a[1]) || Number(b[2]) - Number(a[2]))[0]?.[0];
  const wanted = ["package/generated/api.github.com.json", "package/generated/ghec.json", ghes ? `package/${ghes}` : undefined].filter((n) => n !== undefined);
  if (!isFolder) run("tar", ["-xzf", source, "-C", dir, ...wanted], dir);
  return wanted.map((n) => (isFolder ? path.join(source, n.replace(/^package\//, "")) : path.join(dir, n)));
}

async function main() {
  const { values, positionals } = parseArgs({ options: { "write-fixtures": { type: "string" }, json: { type: "boolean" } }, allowPositionals: true, strict: true });
  const dir = mkdtempSync(path.join(tmpdir(), "ghup-sync-"));
  try {
    const source = await tarballOf(positionals[0], dir);
    if (!existsSync(source)) fail(`${source} does not exist`);
    const version = /** @type {{ version?: string }} */ (JSON.parse(statSync(source).isDirectory() ? readFileSync(path.join(source, "package.json"), "utf8") : run("tar", ["-xzOf", source, "package/package.json"], dir))).version;
    const cut = descriptionsIn(source, dir).map((file) => {
      const name = path.basename(file, ".json");
      const out = path.join(values["write-fixtures"] ?? dir, `upstream-${name}-listings.json`);
      writeFileSync(out, `${JSON.stringify(extractListings(JSON.parse(readFileSync(file, "utf8")), `@octokit/openapi ${version ?? "?"} generated/${name}.json`), null, 1)}\n`);
      return out;
    });
    console.log(`@octokit/openapi ${version ?? "?"}: comparing the fragment with ${cut.map((f) => path.basename(f)).join(", ")}`);
    const reports = compareFiles(cut);
    printSummary(reports, values.json === true);
    process.exitCode = reports.some((r) => r.findings.some((f) => f.kind === "drift")) ? 1 : 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A short report: per edition, the drift in full and the informational differences counted.
 * @param {import("./spec-compare.mjs").Report[]} reports
 * @param {boolean} json
 */
function printSummary(reports, json) {
  if (json) {
    console.log(JSON.stringify(reports, null, 2));
    return;
  }
  for (const r of reports) {
    const drift = r.findings.filter((f) => f.kind === "drift");
    const edition = r.findings.filter((f) => f.kind === "edition").length;
    console.log(`${r.edition}: ${drift.length ? `✘ ${drift.length} difference${drift.length === 1 ? "" : "s"}` : "✔ no drift"}${edition ? `; ${edition} optional field${edition === 1 ? "" : "s"} differ in this edition (informational)` : ""}`);
    for (const f of drift) console.log(`  - ${f.at}: ${f.message}`);
  }
}

await main();
