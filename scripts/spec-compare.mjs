#!/usr/bin/env node
// npm run spec:compare -- [--json] [--strict] <description> [<description> ...]
// Compares the hand-kept fragment with GitHub's official descriptions of the three package
// listings, fact by fact (see lib/spec-diff.mjs), one description (edition) at a time:
// api.github.com, and GitHub Enterprise Cloud or Server, told by the file name or the
// description's title. A fact the fragment gets wrong is drift, and so is a listing the fragment
// describes that api.github.com's description lacks; a field or a listing another edition merely
// lacks is informational; the fragment's deliberate additions are listed once. Exit 0 when there is no
// drift (and, with --strict, nothing missing from an edition), 1 otherwise, 2 when a description
// cannot be read.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { loadDocument } from "./lib/openapi-doc.mjs";
import { compareDescriptions } from "./lib/spec-diff.mjs";

/** @typedef {import("./lib/spec-diff.mjs").Finding} Finding */
/** @typedef {{ file: string, edition: string, findings: Finding[], skipped: string[] }} Report */

const OURS = fileURLToPath(new URL("../openapi/user-packages.yaml", import.meta.url));

/**
 * Which edition a description is, by its file name or title.
 * @param {string} file
 * @param {Record<string, any>} doc
 */
export function editionOf(file, doc) {
  const text = `${path.basename(file)} ${String(doc.info?.title ?? "")}`;
  const ghes = /ghes[-_ ]?(\d+\.\d+)|enterprise server (\d+\.\d+)/i.exec(text);
  if (ghes) return `GHES ${ghes[1] ?? ghes[2] ?? ""}`.trim();
  if (/ghec|enterprise cloud/i.test(text)) return "GHEC";
  return "api.github.com";
}

/**
 * Compares the fragment with each description.
 * @param {string[]} files
 * @returns {Report[]}
 */
export function compareFiles(files) {
  const ours = loadDocument(OURS);
  return files.map((file) => {
    const doc = loadDocument(file);
    const edition = editionOf(file, doc);
    const { findings, skipped } = compareDescriptions(ours, doc, { edition: edition !== "api.github.com" });
    return { file, edition, findings, skipped };
  });
}

/**
 * The report in words, one line per call of `say`.
 * @param {Report[]} reports
 * @param {(line: string) => void} say
 */
function print(reports, say) {
  const additions = new Set(reports.flatMap((r) => r.findings.filter((f) => f.kind === "addition").map((f) => `${f.at}: ${f.message}`)));
  for (const r of reports) {
    const drift = r.findings.filter((f) => f.kind === "drift");
    const lacks = r.findings.filter((f) => f.kind === "edition");
    say(`${r.edition} (${r.file}): ${drift.length ? `✘ ${drift.length} difference${drift.length === 1 ? "" : "s"}` : "✔ no drift"}`);
    for (const f of drift) say(`  - ${f.at}: ${f.message}`);
    if (lacks.length) say(`  ${lacks.length} optional field${lacks.length === 1 ? "" : "s"} differ in this edition (informational):`);
    for (const f of lacks) say(`  · ${f.at}: ${f.message.replace("upstream", "in this edition")}`);
  }
  if (additions.size) say(`Known additions of the fragment (facts GitHub states in prose), not drift: ${additions.size}`);
  for (const a of additions) say(`  + ${a}`);
}

/**
 * The command, callable in-process (the tests run it so, without starting a process per case).
 * @param {string[]} args the command line after the script's name
 * @param {{ out: (line: string) => void, err: (line: string) => void }} io
 * @returns {number} the exit code
 */
export function run(args, io) {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { json: { type: "boolean" }, strict: { type: "boolean" } }, allowPositionals: true, strict: true });
  } catch (err) {
    io.err(`spec:compare: ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (!positionals.length) {
    io.err("usage: npm run spec:compare -- [--json] [--strict] <api.github.com.json> [<ghec.json> <ghes-3.19.json> ...]");
    return 2;
  }
  let reports;
  try {
    reports = compareFiles(positionals);
  } catch (err) {
    io.err(`spec:compare: ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  }
  if (values.json) io.out(JSON.stringify(reports, null, 2));
  else print(reports, io.out);
  const drift = reports.some((r) => r.findings.some((f) => f.kind === "drift"));
  const lacks = reports.some((r) => r.findings.some((f) => f.kind === "edition"));
  return drift || (values.strict === true && lacks) ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = run(process.argv.slice(2), { out: (line) => console.log(line), err: (line) => console.error(line) });
}
