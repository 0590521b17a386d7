#!/usr/bin/env node
// npm run spec:compare -- <GitHub's api.github.com.json or .yaml>
// Compares the hand-kept fragment with GitHub's official description of the same operations (the
// three package listings; those a description lacks are named and skipped):
// parameters, enums, required lists, nullability, formats, defaults and the properties of every
// schema the 200 response reaches, recursively. Prose (descriptions, titles, examples) and what the
// fragment adds on purpose (minimum/maximum, the 401/403 responses, headers) are not compared.
// Exit 0 when the facts agree, 1 on drift, 2 when the input cannot be read.
import { fileURLToPath } from "node:url";
import { follow, loadDocument } from "./lib/openapi-doc.mjs";

/** @typedef {Record<string, any>} Json */

const OURS = fileURLToPath(new URL("../openapi/user-packages.yaml", import.meta.url));
const PATHS = ["/user/packages", "/orgs/{org}/packages", "/users/{username}/packages"];

/**
 * The set of types a schema allows, spelling 3.0's `nullable: true` as 3.1's "null".
 * @param {Json} schema
 * @returns {string[]}
 */
function typesOf(schema) {
  /** @type {string[]} */
  const t = schema.type === undefined ? [] : Array.isArray(schema.type) ? [...schema.type] : [schema.type];
  if (schema.nullable === true && !t.includes("null")) t.push("null");
  return t.sort();
}

/** @param {unknown} v */
const show = (v) => JSON.stringify(v);

/**
 * @typedef {object} Comparison
 * @property {Json} ours
 * @property {Json} upstream
 * @property {string[]} diffs
 * @property {Set<string>} seen pairs of references already compared
 */

/**
 * @param {Comparison} c
 * @param {string[]} ta
 * @param {string[]} tb
 * @param {string} where
 */
function compareTypes(c, ta, tb, where) {
  if (show(ta) === show(tb)) return;
  const nullA = ta.includes("null");
  const nullB = tb.includes("null");
  if (nullA !== nullB && show(ta.filter((t) => t !== "null")) === show(tb.filter((t) => t !== "null"))) {
    c.diffs.push(`${where}: nullability differs: fragment ${nullA ? "nullable" : "not nullable"}, upstream ${nullB ? "nullable" : "not nullable"}`);
  } else {
    c.diffs.push(`${where}: type differs: fragment ${show(ta)}, upstream ${show(tb)}`);
  }
}

/**
 * Formats, defaults, enums and required lists.
 * @param {Comparison} c
 * @param {Json} a
 * @param {Json} b
 * @param {string} where
 */
function compareKeywords(c, a, b, where) {
  for (const key of ["format", "default"]) {
    if (show(a[key]) !== show(b[key])) c.diffs.push(`${where}: ${key} differs: fragment ${show(a[key])}, upstream ${show(b[key])}`);
  }
  if (a.enum || b.enum) {
    const ea = new Set(a.enum ?? []);
    const eb = new Set(b.enum ?? []);
    const added = [...eb].filter((v) => !ea.has(v) && v !== null);
    const removed = [...ea].filter((v) => !eb.has(v) && v !== null);
    if (added.length) c.diffs.push(`${where}: enum: upstream adds ${added.map(show).join(", ")}`);
    if (removed.length) c.diffs.push(`${where}: enum: upstream no longer has ${removed.map(show).join(", ")}`);
  }
  const qa = new Set(a.required ?? []);
  const qb = new Set(b.required ?? []);
  for (const k of qb) if (!qa.has(k)) c.diffs.push(`${where}: upstream requires ${show(k)}, the fragment does not`);
  for (const k of qa) if (!qb.has(k)) c.diffs.push(`${where}: the fragment requires ${show(k)}, upstream does not`);
}

/**
 * Properties, items and additionalProperties, recursively.
 * @param {Comparison} c
 * @param {Json} a
 * @param {Json} b
 * @param {string} where
 */
function compareChildren(c, a, b, where) {
  const pa = a.properties ?? {};
  const pb = b.properties ?? {};
  for (const k of Object.keys(pb)) if (!(k in pa)) c.diffs.push(`${where}.${k}: property is upstream but not in the fragment`);
  for (const k of Object.keys(pa)) if (!(k in pb)) c.diffs.push(`${where}.${k}: property is in the fragment but not upstream`);
  for (const k of Object.keys(pa)) if (k in pb) compareSchemas(c, pa[k], pb[k], `${where}.${k}`);
  if (a.items || b.items) {
    if (!a.items || !b.items) c.diffs.push(`${where}[]: items are described on one side only`);
    else compareSchemas(c, a.items, b.items, `${where}[]`);
  }
  const ap = a.additionalProperties;
  const bp = b.additionalProperties;
  if (typeof ap === "object" && typeof bp === "object") compareSchemas(c, ap, bp, `${where}{*}`);
  else if (show(ap) !== show(bp)) c.diffs.push(`${where}: additionalProperties differs: fragment ${show(ap)}, upstream ${show(bp)}`);
}

/**
 * @param {Comparison} c
 * @param {unknown} a0 the fragment's schema (or a reference to it)
 * @param {unknown} b0 upstream's
 * @param {string} where
 */
function compareSchemas(c, a0, b0, where) {
  const { node: a, ref: ra } = follow(c.ours, a0);
  const { node: b, ref: rb } = follow(c.upstream, b0);
  if (ra && rb) {
    if (c.seen.has(`${ra}|${rb}`)) return;
    c.seen.add(`${ra}|${rb}`);
  }
  compareTypes(c, typesOf(a), typesOf(b), where);
  compareKeywords(c, a, b, where);
  compareChildren(c, a, b, where);
}

/**
 * Parameters, by location and name.
 * @param {Comparison} c
 * @param {Json} op
 * @param {Json} upOp
 */
function compareParameters(c, op, upOp) {
  /** @param {Json} doc @param {Json[] | undefined} list */
  const byName = (doc, list) => new Map((list ?? []).map((p) => follow(doc, p).node).map((p) => [`${p.in}:${p.name}`, p]));
  const pa = byName(c.ours, op.parameters);
  const pb = byName(c.upstream, upOp.parameters);
  for (const [k, b] of pb) {
    const a = pa.get(k);
    const where = `parameter ${b.name}`;
    if (!a) {
      c.diffs.push(`${where}: upstream has it, the fragment does not`);
      continue;
    }
    if ((a.required === true) !== (b.required === true)) c.diffs.push(`${where}: required differs: fragment ${a.required === true}, upstream ${b.required === true}`);
    compareSchemas(c, a.schema, b.schema, where);
  }
  for (const [k, a] of pa) if (!pb.has(k)) c.diffs.push(`parameter ${a.name}: in the fragment but not upstream`);
}

/**
 * Responses GitHub documents must be in the fragment; the 200 body is compared in full.
 * @param {Comparison} c
 * @param {Json} op
 * @param {Json} upOp
 */
function compareResponses(c, op, upOp) {
  for (const status of Object.keys(upOp.responses ?? {})) {
    if (!(status in (op.responses ?? {}))) c.diffs.push(`response ${status}: upstream documents it, the fragment does not`);
  }
  /** @param {Json} doc @param {Json} o */
  const body = (doc, o) => follow(doc, o.responses?.["200"] ?? {}).node?.content?.["application/json"]?.schema;
  const ba = body(c.ours, op);
  const bb = body(c.upstream, upOp);
  if (!ba || !bb) c.diffs.push("response 200: application/json schema missing on one side");
  else compareSchemas(c, ba, bb, "response 200");
}

/**
 * Every difference of fact between one operation of the fragment and upstream's, as lines.
 * @param {Json} ours
 * @param {Json} upstream
 * @param {string} path
 * @returns {string[]}
 */
function compareOperation(ours, upstream, path) {
  const op = ours.paths?.[path]?.get;
  const upOp = upstream.paths?.[path]?.get;
  if (!op) throw new Error(`the fragment has no GET ${path}`);
  /** @type {Comparison} */
  const c = { ours, upstream, diffs: [], seen: new Set() };
  if (op.operationId !== upOp.operationId) c.diffs.push(`operationId: fragment ${show(op.operationId)}, upstream ${show(upOp.operationId)}`);
  compareParameters(c, op, upOp);
  compareResponses(c, op, upOp);
  return c.diffs.map((d) => `GET ${path}: ${d}`);
}

/**
 * Every difference of fact between the fragment and upstream, as lines, for each of the three
 * listings that upstream describes; `skipped` names those it does not.
 * @param {Json} ours
 * @param {Json} upstream
 * @returns {string[] & { skipped?: string[] }}
 */
export function compareSpecs(ours, upstream) {
  const present = PATHS.filter((path) => upstream.paths?.[path]?.get);
  if (!present.length) throw new Error(`the upstream description has none of GET ${PATHS.join(", GET ")}`);
  /** @type {string[] & { skipped?: string[] }} */
  const diffs = present.flatMap((path) => compareOperation(ours, upstream, path));
  diffs.skipped = PATHS.filter((path) => !present.includes(path));
  return diffs;
}

function main() {
  const file = process.argv[2];
  if (!file || process.argv.length > 3) {
    console.error("usage: npm run spec:compare -- <path to GitHub's api.github.com.json or .yaml>");
    process.exit(2);
  }
  let diffs;
  try {
    diffs = compareSpecs(loadDocument(OURS), loadDocument(file));
  } catch (err) {
    console.error(`spec:compare: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  }
  for (const path of diffs.skipped ?? []) console.log(`  (GET ${path} is not in ${file}: not compared)`);
  if (diffs.length === 0) {
    console.log(`✔ no drift: openapi/user-packages.yaml matches ${file}`);
    return;
  }
  console.log(`✘ ${diffs.length} difference${diffs.length === 1 ? "" : "s"} between openapi/user-packages.yaml and ${file}:`);
  for (const d of diffs) console.log(`  - ${d}`);
  process.exitCode = 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
