#!/usr/bin/env node
// npm run spec:compare -- <GitHub's api.github.com.json or .yaml>
// Compares the hand-kept fragment with GitHub's official description of the same operation:
// parameters, enums, required lists, nullability, formats, defaults and the properties of every
// schema the 200 response reaches, recursively. Prose (descriptions, titles, examples) and what the
// fragment adds on purpose (minimum/maximum, the 401/403 responses, headers) are not compared.
// Exit 0 when the facts agree, 1 on drift, 2 when the input cannot be read.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const OURS = fileURLToPath(new URL("../openapi/user-packages.yaml", import.meta.url));
const PATH = "/user/packages";

function load(file) {
  const text = readFileSync(file, "utf8");
  return /\.json$/i.test(file) ? JSON.parse(text) : parse(text);
}

function resolver(doc) {
  return (node) => {
    let ref;
    for (let hops = 0; node && typeof node === "object" && typeof node.$ref === "string"; hops++) {
      if (hops > 20) throw new Error(`$ref loop at ${node.$ref}`);
      ref = node.$ref;
      node = ref
        .replace(/^#\//, "")
        .split("/")
        .map((k) => k.replace(/~1/g, "/").replace(/~0/g, "~"))
        .reduce((at, k) => (at === undefined ? undefined : at[k]), doc);
      if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
    }
    return { node, ref };
  };
}

/** The set of types a schema allows, spelling 3.0's `nullable: true` as 3.1's "null". */
function typesOf(schema) {
  const t = schema.type === undefined ? [] : Array.isArray(schema.type) ? [...schema.type] : [schema.type];
  if (schema.nullable === true && !t.includes("null")) t.push("null");
  return t.sort();
}

const show = (v) => JSON.stringify(v);

export function compareSpecs(ours, upstream) {
  const diffs = [];
  const R = resolver(ours);
  const U = resolver(upstream);
  const op = ours.paths?.[PATH]?.get;
  const upOp = upstream.paths?.[PATH]?.get;
  if (!op) throw new Error(`the fragment has no GET ${PATH}`);
  if (!upOp) throw new Error(`the upstream description has no GET ${PATH}`);
  if (op.operationId !== upOp.operationId) diffs.push(`operationId: fragment ${show(op.operationId)}, upstream ${show(upOp.operationId)}`);

  const seen = new Set();
  function schema(a0, b0, where) {
    const { node: a, ref: ra } = R(a0);
    const { node: b, ref: rb } = U(b0);
    const key = `${ra}|${rb}`;
    if (ra && rb) {
      if (seen.has(key)) return;
      seen.add(key);
    }
    const ta = typesOf(a), tb = typesOf(b);
    if (show(ta) !== show(tb)) {
      const nullA = ta.includes("null"), nullB = tb.includes("null");
      if (nullA !== nullB && show(ta.filter((t) => t !== "null")) === show(tb.filter((t) => t !== "null"))) {
        diffs.push(`${where}: nullability differs: fragment ${nullA ? "nullable" : "not nullable"}, upstream ${nullB ? "nullable" : "not nullable"}`);
      } else {
        diffs.push(`${where}: type differs: fragment ${show(ta)}, upstream ${show(tb)}`);
      }
    }
    for (const key of ["format", "default"]) {
      if (show(a[key]) !== show(b[key])) diffs.push(`${where}: ${key} differs: fragment ${show(a[key])}, upstream ${show(b[key])}`);
    }
    if (a.enum || b.enum) {
      const ea = new Set(a.enum ?? []), eb = new Set(b.enum ?? []);
      const added = [...eb].filter((v) => !ea.has(v) && v !== null);
      const removed = [...ea].filter((v) => !eb.has(v) && v !== null);
      if (added.length) diffs.push(`${where}: enum: upstream adds ${added.map(show).join(", ")}`);
      if (removed.length) diffs.push(`${where}: enum: upstream no longer has ${removed.map(show).join(", ")}`);
    }
    const qa = new Set(a.required ?? []), qb = new Set(b.required ?? []);
    for (const k of qb) if (!qa.has(k)) diffs.push(`${where}: upstream requires ${show(k)}, the fragment does not`);
    for (const k of qa) if (!qb.has(k)) diffs.push(`${where}: the fragment requires ${show(k)}, upstream does not`);
    const pa = a.properties ?? {}, pb = b.properties ?? {};
    for (const k of Object.keys(pb)) if (!(k in pa)) diffs.push(`${where}.${k}: property is upstream but not in the fragment`);
    for (const k of Object.keys(pa)) if (!(k in pb)) diffs.push(`${where}.${k}: property is in the fragment but not upstream`);
    for (const k of Object.keys(pa)) if (k in pb) schema(pa[k], pb[k], `${where}.${k}`);
    if (a.items || b.items) {
      if (!a.items || !b.items) diffs.push(`${where}[]: items are described on one side only`);
      else schema(a.items, b.items, `${where}[]`);
    }
    const ap = a.additionalProperties, bp = b.additionalProperties;
    if (typeof ap === "object" && typeof bp === "object") schema(ap, bp, `${where}{*}`);
    else if (show(ap) !== show(bp)) diffs.push(`${where}: additionalProperties differs: fragment ${show(ap)}, upstream ${show(bp)}`);
  }

  // Parameters, by name.
  const params = (list, resolve) => new Map((list ?? []).map((p) => resolve(p).node).map((p) => [`${p.in}:${p.name}`, p]));
  const pa = params(op.parameters, R), pb = params(upOp.parameters, U);
  for (const [k, b] of pb) {
    const a = pa.get(k);
    const where = `parameter ${b.name}`;
    if (!a) {
      diffs.push(`${where}: upstream has it, the fragment does not`);
      continue;
    }
    if ((a.required === true) !== (b.required === true)) diffs.push(`${where}: required differs: fragment ${a.required === true}, upstream ${b.required === true}`);
    schema(a.schema, b.schema, where);
  }
  for (const [k, a] of pa) if (!pb.has(k)) diffs.push(`parameter ${a.name}: in the fragment but not upstream`);

  // Responses GitHub documents must be in the fragment; the 200 body is compared in full.
  for (const status of Object.keys(upOp.responses ?? {})) {
    if (!(status in (op.responses ?? {}))) diffs.push(`response ${status}: upstream documents it, the fragment does not`);
  }
  const body = (o, resolve) => resolve(o.responses?.["200"] ?? {}).node?.content?.["application/json"]?.schema;
  const ba = body(op, R), bb = body(upOp, U);
  if (!ba || !bb) diffs.push("response 200: application/json schema missing on one side");
  else schema(ba, bb, "response 200");
  return diffs;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const file = process.argv[2];
  if (!file || process.argv.length > 3) {
    console.error("usage: npm run spec:compare -- <path to GitHub's api.github.com.json or .yaml>");
    process.exit(2);
  }
  let diffs;
  try {
    diffs = compareSpecs(load(OURS), load(file));
  } catch (err) {
    console.error(`spec:compare: ${err.message}`);
    process.exit(2);
  }
  if (diffs.length === 0) {
    console.log(`✔ no drift: openapi/user-packages.yaml matches ${file} for GET ${PATH}`);
  } else {
    console.log(`✘ ${diffs.length} difference${diffs.length === 1 ? "" : "s"} between openapi/user-packages.yaml and ${file}:`);
    for (const d of diffs) console.log(`  - ${d}`);
    process.exitCode = 1;
  }
}
