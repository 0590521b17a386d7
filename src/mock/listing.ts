// What GitHub answers to a listing request, as a pure function of the query, the packages and
// the mock's options: 422 for a bad filter, 400 past the result window, the page with its Link
// and ETag headers, or 304 when the client's ETag still matches.
import { etagOf } from "./hash.js";
import { PACKAGE_TYPES, VISIBILITIES } from "../core/door/params.js";
import type { Package } from "../core/types.js";
import type { Answer, MockGitHubOptions } from "./types.js";

const WINDOW = 10_000;
const DOCS = "https://docs.github.com/rest/packages/packages#list-packages-for-the-authenticated-users-namespace";

/** The JSON content type GitHub sends. */
export const jsonHeaders = { "Content-Type": "application/json; charset=utf-8" };

/** GitHub's error body. */
export function errorBody(message: string, status: number) {
  return { message, documentation_url: DOCS, status: String(status) };
}

/** How a page is written: JSON text, as UTF-8 bytes, for a slice of packages. */
export type PageWriter = (slice: Package[]) => Uint8Array;

// Bytes rather than Buffers: the same answers are served in browsers (the MSW handlers).
const encoder = new TextEncoder();

/** The plain writer: one JSON.stringify per page. */
export const writePage: PageWriter = (slice) => encoder.encode(JSON.stringify(slice));

/**
 * A writer that serializes each package once and concatenates the kept buffers: much faster for
 * large fixture sets, but blind to changes made inside a package object after it was served.
 */
const OPEN = encoder.encode("[");
const COMMA = encoder.encode(",");
const CLOSE = encoder.encode("]");

/** The parts, one after the other, in one array. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function cachedPageWriter(): PageWriter {
  const kept = new WeakMap<Package, Uint8Array>();
  const jsonOf = (p: Package): Uint8Array => {
    let bytes = kept.get(p);
    if (bytes === undefined) kept.set(p, (bytes = encoder.encode(JSON.stringify(p))));
    return bytes;
  };
  return (slice) => {
    const parts: Uint8Array[] = [OPEN];
    slice.forEach((p, i) => parts.push(...(i ? [COMMA, jsonOf(p)] : [jsonOf(p)])));
    parts.push(CLOSE);
    return concatBytes(parts);
  };
}

function positiveInt(raw: string | null): number | undefined {
  if (raw === null || !/^\d{1,9}$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= 1 ? n : undefined;
}

/** The `Link` header of page `page` of `last`, keeping the request's query. */
export function linkHeader(url: URL, page: number, last: number, withEnds: boolean): string | undefined {
  const at = (n: number) => {
    const u = new URL(url.href);
    u.searchParams.set("page", String(n));
    return `<${u.href}>`;
  };
  const parts: string[] = [];
  if (page > 1) parts.push(`${at(Math.min(page - 1, last))}; rel="prev"`);
  if (page < last) parts.push(`${at(page + 1)}; rel="next"`);
  if (page < last && withEnds) parts.push(`${at(last)}; rel="last"`);
  if (page > 1 && withEnds) parts.push(`${at(1)}; rel="first"`);
  return parts.length ? parts.join(", ") : undefined;
}

/** A 422 for a missing or unknown filter value, or `undefined` when the filters are fine. */
function filterProblem(q: URLSearchParams, headers: Record<string, string>): Answer | undefined {
  const type = q.get("package_type");
  if (type === null || !(PACKAGE_TYPES as readonly string[]).includes(type)) {
    const message = type === null ? 'Invalid request: the "package_type" parameter is required.' : `Invalid request: "${type}" is not a valid package_type.`;
    return { status: 422, headers, body: errorBody(message, 422) };
  }
  const visibility = q.get("visibility");
  if (visibility !== null && !(VISIBILITIES as readonly string[]).includes(visibility)) {
    return { status: 422, headers, body: errorBody(`Invalid request: "${visibility}" is not a valid visibility.`, 422) };
  }
  return undefined;
}

/** The packages a query selects. `internal` means `private` for registries without granular permissions. */
function selected(packages: Package[], q: URLSearchParams): Package[] {
  const type = q.get("package_type");
  const visibility = q.get("visibility");
  const wanted = visibility === "internal" ? "private" : visibility;
  return packages.filter((p) => p.package_type === type && (wanted === null || p.visibility === wanted));
}

/** GitHub's answer to `GET /user/packages` with this URL and `If-None-Match`. */
export function listingAnswer(
  url: URL,
  ifNoneMatch: string | undefined,
  packages: Package[],
  options: Pick<MockGitHubOptions, "links"> & { headers: Record<string, string>; write: PageWriter },
): Answer {
  const headers = { ...options.headers };
  const q = url.searchParams;
  const problem = filterProblem(q, headers);
  if (problem) return problem;
  // GitHub falls back to the defaults for values it cannot read, and caps per_page at 100.
  const perPage = Math.min(positiveInt(q.get("per_page")) ?? 30, 100);
  const page = positiveInt(q.get("page")) ?? 1;
  if (page * perPage > WINDOW) {
    const message = `Paging is limited to ${WINDOW} results: per_page times page may not exceed ${WINDOW}.`;
    return { status: 400, headers, body: errorBody(message, 400) };
  }
  const matching = selected(packages, q);
  const last = Math.max(1, Math.ceil(matching.length / perPage));
  const link = options.links === "none" ? undefined : linkHeader(url, page, last, options.links !== "next-only");
  if (link) headers.Link = link;
  const text = options.write(matching.slice((page - 1) * perPage, page * perPage));
  headers.ETag = etagOf(text);
  Object.assign(headers, jsonHeaders);
  const fresh = ifNoneMatch?.split(",").some((t) => t.trim() === headers.ETag);
  return fresh ? { status: 304, headers } : { status: 200, headers, body: text };
}
