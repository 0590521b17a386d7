// Reading OpenAPI documents for the scripts and the tests: one loader (JSON or YAML) and one
// resolver of local `$ref`s (`#/components/...`), so every tool follows references alike.
import { readFileSync } from "node:fs";
import { parse } from "yaml";

/** @typedef {Record<string, any>} Json */

/**
 * Reads a JSON or YAML document.
 * @param {string | URL} file
 * @returns {Json}
 */
export function loadDocument(file) {
  const text = readFileSync(file, "utf8");
  return /** @type {Json} */ (/\.json$/i.test(String(file)) ? JSON.parse(text) : parse(text));
}

/**
 * Follows `node`'s local `$ref` chain in `doc`. Returns the node reached and the last `$ref`
 * followed (undefined when `node` was no reference). Throws on a dangling or looping reference.
 * @param {Json} doc
 * @param {unknown} node
 * @returns {{ node: any, ref: string | undefined }}
 */
export function follow(doc, node) {
  /** @type {any} */
  let at = node;
  let ref;
  for (let hops = 0; at && typeof at === "object" && typeof at.$ref === "string"; hops++) {
    if (hops > 20) throw new Error(`$ref loop at ${at.$ref}`);
    ref = /** @type {string} */ (at.$ref);
    at = pointer(doc, ref);
    if (at === undefined) throw new Error(`unresolved $ref ${ref}`);
  }
  return { node: at, ref };
}

/**
 * What a local JSON pointer (`#/a/b~1c`) points at in `doc`, or undefined.
 * @param {Json} doc
 * @param {string} ref
 * @returns {any}
 */
export function pointer(doc, ref) {
  if (!ref.startsWith("#/")) throw new Error(`only local references are followed, not ${ref}`);
  return ref
    .slice(2)
    .split("/")
    .map((k) => k.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((/** @type {any} */ at, k) => (at === undefined || at === null ? undefined : at[k]), doc);
}

/**
 * `follow` bound to one document: `deref(node)` gives the node reached.
 * @param {Json} doc
 * @returns {(node: unknown) => any}
 */
export function resolverOf(doc) {
  return (node) => follow(doc, node).node;
}
