// The fact-by-fact comparison behind `npm run spec:compare`: the fragment's three package listings
// against another description of them. Every fact that can change what a client sends or receives
// is compared (types, nullability, enums and their order, bounds, patterns, formats, defaults,
// required lists, deprecation, parameters' style and explode, security, response headers and
// bodies, breaking-change notices); prose is not. Composite schemas are compared by structure:
// a one-member `allOf`, or an `anyOf`/`oneOf` of a schema and null, is the schema itself.
import { follow } from "./openapi-doc.mjs";

/** @typedef {Record<string, any>} Json */
/**
 * One difference. `drift`: the fragment disagrees with the description. `edition`: another
 * edition (GHEC, GHES) lacks an optional field the fragment has, or has one it lacks, which is
 * informational. `addition`: a deliberate addition of the fragment (a fact GitHub states only in
 * prose).
 * @typedef {{ kind: "drift" | "edition" | "addition", at: string, message: string }} Finding
 */

export const LISTINGS = ["/user/packages", "/orgs/{org}/packages", "/users/{username}/packages"];

// Facts the fragment adds on purpose, by where they stand: GitHub states them only in prose.
const ADDITIONS = [
  /parameter (page|per_page): (minimum|maximum)$/,
  /^response (401|403)$/,
  /^response 400: body$/,
  /^response 200: header (Link|X-GitHub-Request-Id|X-RateLimit-\w+)$/,
];
const SCALAR_KEYS = ["format", "default", "const", "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "minItems", "maxItems", "uniqueItems", "deprecated", "readOnly", "writeOnly"];

/** @param {unknown} v */
const show = (v) => JSON.stringify(v);

/**
 * A schema with its references followed and trivial composites unwrapped: a one-member `allOf`
 * is that member; an `anyOf`/`oneOf` of a schema and null is that schema, nullable.
 * @param {Json} doc
 * @param {unknown} node
 * @returns {{ schema: Json, ref: string | undefined }}
 */
export function normalize(doc, node) {
  const { node: schema, ref } = follow(doc, node);
  const s = /** @type {Json} */ (schema ?? {});
  const members = s.allOf ?? s.anyOf ?? s.oneOf;
  if (!Array.isArray(members)) return { schema: s, ref };
  const real = members.filter((m) => !isNull(doc, m));
  const onlyOne = real.length === 1 && (s.allOf ? members.length === 1 : real.length < members.length);
  if (!onlyOne) return { schema: s, ref };
  const inner = normalize(doc, real[0]);
  const nullable = s.nullable === true || real.length < members.length || inner.schema.nullable === true;
  return { schema: nullable ? { ...inner.schema, nullable: true } : inner.schema, ref: inner.ref ?? ref };
}

/** @param {Json} doc @param {unknown} node */
function isNull(doc, node) {
  const { node: s } = follow(doc, node);
  return s?.type === "null" || (Array.isArray(s?.type) && s.type.length === 1 && s.type[0] === "null");
}

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

/**
 * The state of one comparison.
 * @typedef {object} Comparison
 * @property {Json} ours
 * @property {Json} theirs
 * @property {Finding[]} findings
 * @property {Set<string>} seen pairs of references already compared
 * @property {boolean} edition whether `theirs` is another edition (GHEC, GHES): what it lacks is informational
 */

/**
 * Records a difference at `at`; one the fragment adds on purpose, or that an edition merely lacks,
 * is classed so.
 * @param {Comparison} c
 * @param {string} at
 * @param {string} message
 * @param {{ added?: boolean, optional?: boolean }} [how] `added`: the fragment has it and they do
 *   not; `optional`: a field that is optional where it stands
 */
function note(c, at, message, how = {}) {
  const deliberate = how.added === true && ADDITIONS.some((pattern) => pattern.test(at.replace(/^GET \S+ /, "")));
  const kind = deliberate ? "addition" : c.edition && how.optional === true ? "edition" : "drift";
  c.findings.push({ kind, at, message });
}

/**
 * @param {Comparison} c
 * @param {Json} a
 * @param {Json} b
 * @param {string} at
 */
function compareTypes(c, a, b, at) {
  const ta = typesOf(a);
  const tb = typesOf(b);
  if (show(ta) === show(tb)) return;
  const nullA = ta.includes("null");
  const nullB = tb.includes("null");
  if (nullA !== nullB && show(ta.filter((t) => t !== "null")) === show(tb.filter((t) => t !== "null"))) {
    note(c, at, `nullability differs: fragment ${nullA ? "nullable" : "not nullable"}, upstream ${nullB ? "nullable" : "not nullable"}`);
  } else {
    note(c, at, `type differs: fragment ${show(ta)}, upstream ${show(tb)}`);
  }
}

/**
 * Scalar keywords, enums (members and order) and required lists.
 * @param {Comparison} c
 * @param {Json} a
 * @param {Json} b
 * @param {string} at
 */
function compareKeywords(c, a, b, at) {
  for (const key of SCALAR_KEYS) {
    if (show(a[key]) === show(b[key])) continue;
    if (b[key] === undefined) note(c, `${at}: ${key}`, `the fragment states ${show(a[key])}, upstream nothing`, { added: true });
    else note(c, at, `${key} differs: fragment ${show(a[key])}, upstream ${show(b[key])}`);
  }
  compareEnums(c, a.enum, b.enum, at);
  const qa = new Set(a.required ?? []);
  const qb = new Set(b.required ?? []);
  for (const k of qb) if (!qa.has(k)) note(c, at, `upstream requires ${show(k)}, the fragment does not`);
  for (const k of qa) if (!qb.has(k)) note(c, at, `the fragment requires ${show(k)}, upstream does not`);
}

/**
 * @param {Comparison} c
 * @param {unknown[] | undefined} ea
 * @param {unknown[] | undefined} eb
 * @param {string} at
 */
function compareEnums(c, ea, eb, at) {
  if (!ea && !eb) return;
  const a = (ea ?? []).filter((v) => v !== null);
  const b = (eb ?? []).filter((v) => v !== null);
  const added = b.filter((v) => !a.includes(v));
  const removed = a.filter((v) => !b.includes(v));
  if (added.length) note(c, at, `enum: upstream adds ${added.map(show).join(", ")}`);
  if (removed.length) note(c, at, `enum: upstream no longer has ${removed.map(show).join(", ")}`);
  if (!added.length && !removed.length && show(a) !== show(b)) note(c, at, `enum order differs: fragment ${show(a)}, upstream ${show(b)}`);
}

/**
 * Properties, items, additionalProperties and the members of composite schemas, recursively.
 * @param {Comparison} c
 * @param {Json} a
 * @param {Json} b
 * @param {string} at
 */
function compareChildren(c, a, b, at) {
  const pa = a.properties ?? {};
  const pb = b.properties ?? {};
  const required = new Set(a.required ?? []);
  const upstreamRequired = new Set(b.required ?? []);
  for (const k of Object.keys(pb)) {
    if (!(k in pa)) note(c, `${at}.${k}`, "property is upstream but not in the fragment", { optional: !upstreamRequired.has(k) });
  }
  for (const k of Object.keys(pa)) {
    if (!(k in pb)) note(c, `${at}.${k}`, "property is in the fragment but not upstream", { added: true, optional: !required.has(k) });
  }
  for (const k of Object.keys(pa)) if (k in pb) compareSchemas(c, pa[k], pb[k], `${at}.${k}`);
  if (a.items || b.items) {
    if (!a.items || !b.items) note(c, `${at}[]`, "items are described on one side only");
    else compareSchemas(c, a.items, b.items, `${at}[]`);
  }
  const ap = a.additionalProperties;
  const bp = b.additionalProperties;
  if (typeof ap === "object" && typeof bp === "object") compareSchemas(c, ap, bp, `${at}{*}`);
  else if (show(ap) !== show(bp)) note(c, at, `additionalProperties differs: fragment ${show(ap)}, upstream ${show(bp)}`);
  for (const key of ["allOf", "anyOf", "oneOf"]) compareMembers(c, a[key], b[key], `${at}(${key})`);
}

/**
 * @param {Comparison} c
 * @param {unknown[] | undefined} ma
 * @param {unknown[] | undefined} mb
 * @param {string} at
 */
function compareMembers(c, ma, mb, at) {
  if (!ma && !mb) return;
  if (!ma || !mb || ma.length !== mb.length) {
    note(c, at, `composite differs: fragment ${ma ? `${ma.length} members` : "none"}, upstream ${mb ? `${mb.length} members` : "none"}`);
    return;
  }
  ma.forEach((m, i) => compareSchemas(c, m, mb[i], `${at}[${i}]`));
}

/**
 * @param {Comparison} c
 * @param {unknown} a0 the fragment's schema (or a reference to it)
 * @param {unknown} b0 upstream's
 * @param {string} at
 */
export function compareSchemas(c, a0, b0, at) {
  const { schema: a, ref: ra } = normalize(c.ours, a0);
  const { schema: b, ref: rb } = normalize(c.theirs, b0);
  if (ra && rb) {
    if (c.seen.has(`${ra}|${rb}`)) return;
    c.seen.add(`${ra}|${rb}`);
  }
  const [ka, kb] = [compositeOf(a), compositeOf(b)];
  if (ka !== kb) {
    // One side is a union or intersection the other is not: one readable line, not a diff of the halves.
    note(c, at, `composite differs: fragment ${ka ? `${ka} of ${String(a[ka].length)}` : "a plain schema"}, upstream ${kb ? `${kb} of ${String(b[kb].length)}` : "a plain schema"}`);
    return;
  }
  compareTypes(c, a, b, at);
  compareKeywords(c, a, b, at);
  compareChildren(c, a, b, at);
}

/** @param {Json} schema @returns {"allOf" | "anyOf" | "oneOf" | undefined} */
const compositeOf = (schema) => /** @type {const} */ (["allOf", "anyOf", "oneOf"]).find((k) => Array.isArray(schema[k]));

/**
 * Parameters, by location and name: required, deprecated, style, explode and schema.
 * @param {Comparison} c
 * @param {Json} op
 * @param {Json} upOp
 * @param {string} at
 */
function compareParameters(c, op, upOp, at) {
  /** @param {Json} doc @param {Json[] | undefined} list */
  const byName = (doc, list) => new Map((list ?? []).map((p) => follow(doc, p).node).map((p) => [`${p.in}:${p.name}`, p]));
  const pa = byName(c.ours, op.parameters);
  const pb = byName(c.theirs, upOp.parameters);
  for (const [k, b] of pb) {
    const a = pa.get(k);
    const where = `${at} parameter ${b.name}`;
    if (!a) {
      note(c, where, "upstream has it, the fragment does not");
      continue;
    }
    for (const key of ["required", "deprecated", "style", "explode", "allowReserved"]) {
      if (show(a[key] ?? (key === "required" ? false : undefined)) !== show(b[key] ?? (key === "required" ? false : undefined))) {
        note(c, where, `${key} differs: fragment ${show(a[key])}, upstream ${show(b[key])}`);
      }
    }
    compareSchemas(c, a.schema, b.schema, where);
  }
  for (const [k, a] of pa) if (!pb.has(k)) note(c, `${at} parameter ${a.name}`, "in the fragment but not upstream");
}

/**
 * The headers and body of one response that both sides document.
 * @param {Comparison} c
 * @param {Json} ra the fragment's response, followed
 * @param {Json} rb upstream's
 * @param {string} at
 */
function compareResponse(c, ra, rb, at) {
  const ha = ra.headers ?? {};
  const hb = rb.headers ?? {};
  const lower = (/** @type {Json} */ h) => new Map(Object.entries(h).map(([name, value]) => [name.toLowerCase(), { name, value }]));
  const la = lower(ha);
  const lb = lower(hb);
  for (const [key, { name, value }] of lb) {
    const ours = la.get(key);
    if (!ours) note(c, `${at}: header ${name}`, "upstream documents this header, the fragment does not");
    else compareSchemas(c, follow(c.ours, ours.value).node?.schema, follow(c.theirs, value).node?.schema, `${at}: header ${name}`);
  }
  for (const [key, { name }] of la) if (!lb.has(key)) note(c, `${at}: header ${name}`, "the fragment documents this header, upstream does not", { added: true });
  const ba = ra.content?.["application/json"]?.schema;
  const bb = rb.content?.["application/json"]?.schema;
  if (ba && bb) compareSchemas(c, ba, bb, at);
  else if (bb) note(c, `${at}: body`, "upstream describes a JSON body, the fragment does not");
  else if (ba) note(c, `${at}: body`, "the fragment describes a JSON body, upstream does not", { added: true });
}

/**
 * Responses: which statuses are documented, and each one both document.
 * @param {Comparison} c
 * @param {Json} op
 * @param {Json} upOp
 * @param {string} at
 */
function compareResponses(c, op, upOp, at) {
  const ours = op.responses ?? {};
  const theirs = upOp.responses ?? {};
  for (const status of Object.keys(theirs)) if (!(status in ours)) note(c, `${at} response ${status}`, "upstream documents it, the fragment does not");
  for (const status of Object.keys(ours)) {
    if (!(status in theirs)) note(c, `${at} response ${status}`, "the fragment documents it, upstream does not", { added: true });
    else compareResponse(c, follow(c.ours, ours[status]).node ?? {}, follow(c.theirs, theirs[status]).node ?? {}, `${at} response ${status}`);
  }
}

/**
 * The operation's own facts: id, deprecation, security, breaking-change notices.
 * @param {Comparison} c
 * @param {Json} op
 * @param {Json} upOp
 * @param {string} at
 */
function compareOperationFacts(c, op, upOp, at) {
  const security = (/** @type {Json} */ doc, /** @type {Json} */ o) => o.security ?? doc.security;
  const facts = [
    ["operationId", op.operationId, upOp.operationId],
    ["deprecated", op.deprecated ?? false, upOp.deprecated ?? false],
    ["security", security(c.ours, op), security(c.theirs, upOp)],
    ["x-github-breaking-changes", op["x-github-breaking-changes"], upOp["x-github-breaking-changes"]],
  ];
  for (const [key, a, b] of facts) {
    // An edition that states no security of its own (an extract) says nothing about it.
    if (key === "security" && b === undefined) continue;
    if (show(a) !== show(b)) note(c, at, `${String(key)} differs: fragment ${show(a)}, upstream ${show(b)}`);
  }
}

/**
 * Every `x-github-breaking-changes` list below `node` (the operation's own aside: it is an
 * operation fact), following references once each, by where it stands and its value.
 * @param {Json} doc
 * @param {unknown} node
 * @param {string} at
 * @param {{ at: string, value: string }[]} out
 * @param {Set<string>} seen references already walked
 */
function collectBreaking(doc, node, at, out, seen) {
  if (Array.isArray(node)) {
    node.forEach((item, i) => collectBreaking(doc, item, `${at}[${i}]`, out, seen));
    return;
  }
  if (node === null || typeof node !== "object") return;
  const ref = /** @type {Json} */ (node).$ref;
  if (typeof ref === "string") {
    if (seen.has(ref)) return;
    seen.add(ref);
    // Named by the component it stands in: where to look, whichever listing reached it.
    collectBreaking(doc, follow(doc, node).node, ref, out, seen);
    return;
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === "x-github-breaking-changes") out.push({ at, value: show(value) });
    else collectBreaking(doc, value, at ? `${at}.${key}` : key, out, seen);
  }
}

/**
 * Breaking-change notices anywhere the listing reaches below the operation (parameters,
 * responses, headers, any schema they reference): each one upstream the fragment does not carry
 * too, and each one of the fragment's upstream no longer has.
 * @param {Comparison} c
 * @param {Json} item the fragment's path item
 * @param {Json} upItem upstream's
 * @param {string} at
 */
function compareBreakingChanges(c, item, upItem, at) {
  /** @param {Json} doc @param {Json} pathItem */
  const notices = (doc, pathItem) => {
    /** @type {{ at: string, value: string }[]} */
    const out = [];
    /** @type {Json} */
    const below = { ...pathItem.get };
    delete below["x-github-breaking-changes"];
    collectBreaking(doc, { parameters: pathItem.parameters, ...below }, "", out, new Set());
    return out;
  };
  const ours = notices(c.ours, item);
  const theirs = notices(c.theirs, upItem);
  const has = (/** @type {{ value: string }[]} */ list, /** @type {string} */ value) => list.some((n) => n.value === value);
  for (const n of theirs) if (!has(ours, n.value)) note(c, `${at} ${n.at}`, `x-github-breaking-changes upstream: ${n.value}; the fragment does not carry it`);
  // A notice of api.github.com's that another edition does not carry (yet) is informational there.
  for (const n of ours) if (!has(theirs, n.value)) note(c, `${at} ${n.at}`, `x-github-breaking-changes in the fragment: ${n.value}; upstream does not carry it`, { optional: true });
}

/**
 * Every difference between the fragment's listings and another description's. A listing the
 * fragment describes and the description lacks is drift on api.github.com (GitHub removed or
 * renamed it) and informational in another edition; `skipped` names those listings.
 * @param {Json} ours
 * @param {Json} theirs
 * @param {{ edition?: boolean }} [options] `edition`: another edition (GHEC, GHES), whose missing optional fields are informational
 * @returns {{ findings: Finding[], skipped: string[] }}
 */
export function compareDescriptions(ours, theirs, options = {}) {
  const present = LISTINGS.filter((path) => theirs.paths?.[path]?.get);
  if (!present.length) throw new Error(`the description has none of GET ${LISTINGS.join(", GET ")}`);
  /** @type {Comparison} */
  const c = { ours, theirs, findings: [], seen: new Set(), edition: options.edition === true };
  const skipped = LISTINGS.filter((path) => !present.includes(path));
  for (const path of skipped) {
    if (ours.paths?.[path]?.get) note(c, `GET ${path}`, "described by the fragment, not upstream", { optional: true });
  }
  for (const path of present) {
    const op = ours.paths?.[path]?.get;
    const upOp = theirs.paths[path].get;
    if (!op) throw new Error(`the fragment has no GET ${path}`);
    const at = `GET ${path}`;
    c.seen.clear(); // each operation is reported in full
    compareOperationFacts(c, op, upOp, at);
    compareParameters(c, op, upOp, at);
    compareResponses(c, op, upOp, at);
    compareBreakingChanges(c, ours.paths[path], theirs.paths[path], at);
  }
  return { findings: c.findings, skipped };
}
