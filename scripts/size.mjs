#!/usr/bin/env node
// Bundle-size check: what an app ships to a browser when it imports only the single-page call,
// and when it imports everything the main entry offers. Built from dist/ with esbuild (minified,
// ESM, openapi-fetch included) and gzipped. Prints each figure beside its budget. Fails if either
// bundle pulls in Node-only code, if the single-page bundle carries the listing code or the
// in-memory store, or if a figure grows past its regression ceiling. The budgets and ceilings,
// in bytes, live in size-budgets.json (see docs/budgets.md).
//   node scripts/size.mjs [--json]
import { build } from "esbuild";
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const kB = 1024;
const parsed = /** @type {unknown} */ (JSON.parse(readFileSync(new URL("size-budgets.json", import.meta.url), "utf8")));
const LIMITS = /** @type {Record<string, { budget: number, ceiling: number }>} */ (parsed);
/** @param {string} label */
const limits = (label) => {
  const found = LIMITS[label];
  if (!found) throw new Error(`size-budgets.json has no entry for "${label}"`);
  return found;
};
const CASES = [
  {
    label: "listUserPackages alone",
    entry: 'export { listUserPackages } from "gh-user-packages";',
    ...limits("listUserPackages alone"),
    // Code that only a listing or an opted-in store needs; its names survive minification as strings.
    mustNotContain: [/rel\s*=/, /The listing ended before/, /maxEntries/],
  },
  {
    label: "everything in gh-user-packages",
    entry: 'export * from "gh-user-packages";',
    ...limits("everything in gh-user-packages"),
    mustNotContain: [],
  },
];

/** @param {string} contents */
const bundle = async (contents) => {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const [file] = result.outputFiles;
  if (!file) throw new Error("esbuild wrote no output");
  return { code: file.contents, metafile: result.metafile };
};
/** @param {Uint8Array} bytes */
const gzipped = (bytes) => gzipSync(bytes, { level: 9 }).length;
/** @param {number} n */
const size = (n) => `${(n / kB).toFixed(2)} kB`;

/** @param {import("esbuild").Metafile} metafile */
function nodeOnly(metafile) {
  const imports = Object.values(metafile.outputs).flatMap((o) => o.imports.map((i) => i.path));
  const inputs = Object.keys(metafile.inputs);
  return [...imports.filter((p) => /^node:|^(http|net|fs|os|util)$/.test(p)), ...inputs.filter((i) => /mock|testing/.test(i))];
}

const peer = gzipped((await bundle('export { default } from "openapi-fetch";')).code);
console.log(`openapi-fetch alone: ${size(peer)} min+gzip (included in both figures below)`);
let ok = true;
const figures = [];
for (const c of CASES) {
  const { code, metafile } = await bundle(c.entry);
  const gz = gzipped(code);
  figures.push({ label: c.label, minBytes: code.length, gzipBytes: gz, budget: c.budget, ceiling: c.ceiling });
  const verdict = gz <= c.budget ? "within the budget" : `over the budget by ${size(gz - c.budget)}`;
  console.log(`${c.label}: ${size(code.length)} min, ${size(gz)} min+gzip; budget ${size(c.budget)}: ${verdict}`);
  if (gz > c.ceiling) console.error(`✘ ${c.label} grew past its regression ceiling ${size(c.ceiling)}`);
  const text = new TextDecoder().decode(code);
  const carried = c.mustNotContain.filter((pattern) => pattern.test(text));
  const foreign = nodeOnly(metafile);
  if (foreign.length) console.error(`✘ ${c.label} pulls in Node-only code: ${foreign.join(", ")}`);
  if (carried.length) console.error(`✘ ${c.label} carries code it does not use: ${carried.join(", ")}`);
  ok &&= gz <= c.ceiling && !foreign.length && !carried.length;
}
if (process.argv.includes("--json")) console.log(JSON.stringify({ openapiFetchGzipBytes: peer, figures }));
process.exitCode = ok ? 0 : 1;
