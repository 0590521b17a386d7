// Cuts GitHub's full description down to the three package listings and every component they
// reach, so a comparison (or a test fixture) reads kilobytes instead of tens of megabytes.
import { pointer } from "./openapi-doc.mjs";
import { LISTINGS } from "./spec-diff.mjs";

/** @typedef {Record<string, any>} Json */

/**
 * Every local reference reachable from `node`, followed through `doc`.
 * @param {Json} doc
 * @param {unknown} node
 * @param {Set<string>} found
 */
function collectRefs(doc, node, found) {
  if (Array.isArray(node)) {
    for (const item of node) collectRefs(doc, item, found);
    return;
  }
  if (node === null || typeof node !== "object") return;
  for (const [key, value] of Object.entries(node)) {
    if (key === "$ref" && typeof value === "string" && value.startsWith("#/") && !found.has(value)) {
      found.add(value);
      collectRefs(doc, pointer(doc, value), found);
    } else {
      collectRefs(doc, value, found);
    }
  }
}

/**
 * The listings' path items and the components they reach, with `info` and a note of the source.
 * @param {Json} doc
 * @param {string} source
 * @returns {Json}
 */
export function extractListings(doc, source) {
  /** @type {Json} */
  const paths = {};
  for (const path of LISTINGS) if (doc.paths?.[path]) paths[path] = doc.paths[path];
  const refs = new Set();
  collectRefs(doc, paths, refs);
  /** @type {Json} */
  const components = {};
  for (const ref of [...refs].sort()) {
    const [, section, kind, key] = ref.split("/"); // #/components/<kind>/<key>
    if (section !== "components" || !kind || !key) continue;
    (components[kind] ??= {})[key] = pointer(doc, ref);
  }
  return { _note: `The three package listings of ${source}, and every component they reach.`, info: doc.info, paths, components };
}
