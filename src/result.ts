// A response and its body become the result union openapi-fetch users know: `{ data }` or
// `{ error }`, never a throw, however malformed the answer.
import { packageShape } from "../generated/package-shape.js";
import type { RateLimitState } from "./rate-limit.js";
import type { ListUserPackagesError, ListUserPackagesResult, Package } from "./types.js";

type Fields = Record<string, unknown>;

/**
 * The body as text: openapi-fetch hands error bodies over parsed when JSON, as text otherwise, or
 * as `undefined`/`""` when empty. `undefined` when the parsed JSON is nested too deeply to write
 * back (JSON.stringify would throw a RangeError).
 */
function rawText(body: unknown): string | undefined {
  if (typeof body === "string") return body;
  if (body == null) return "";
  try {
    return JSON.stringify(body);
  } catch {
    return undefined;
  }
}

const TOO_DEEP = " whose body is JSON nested too deeply to read";

/** What is wrong with a value that should be a package, by the spec's required scalar fields. */
function notAPackage(value: unknown): string | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return "it is not an object";
  const fields = value as Fields;
  for (const [name, type] of Object.entries(packageShape)) {
    const field = fields[name];
    const ok = type === "integer" ? Number.isSafeInteger(field) : typeof field === type;
    if (!ok) return `its ${name} is not ${type === "integer" ? "an" : "a"} ${type}`;
  }
  return undefined;
}

/** The packages of a 2xx body, or (a phrase saying) what is wrong with it. */
export function packagesIn(raw: string): Package[] | string {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return raw ? " whose body is not JSON" : " with an empty body";
  }
  if (!Array.isArray(data)) return " whose body is not a JSON array of packages";
  for (const [index, value] of data.entries()) {
    const problem = notAPackage(value);
    if (problem) return ` whose element ${index} is not a package: ${problem}`;
  }
  // Each element carries the spec's required fields; the rest is trusted as GitHub's.
  return data as Package[];
}

/** The library's own description of an answer that has no usable `message`. */
function describe(response: Response, what: string, fields: Fields | undefined, raw: string): string {
  const { ok, status, statusText, headers } = response;
  const type = headers.get("content-type");
  return (
    `GitHub answered ${status}${statusText ? ` ${statusText}` : ""} with ${ok ? "a successful" : "an error"} response${what}` +
    (type && !fields && raw ? ` (content-type ${type})` : "")
  );
}

/** The error side of the union, from GitHub's JSON fields when there are any. */
function errorOf(response: Response, what: string, fields: Fields | undefined, raw: string): ListUserPackagesError {
  const text = (key: string) => (typeof fields?.[key] === "string" ? fields[key] : undefined);
  const error: ListUserPackagesError = {
    message: text("message") || describe(response, what, fields, raw),
    httpStatus: response.status,
    requestId: response.headers.get("x-github-request-id"),
    rawBody: raw,
  };
  for (const key of ["documentation_url", "url", "status"] as const) {
    const value = text(key);
    if (value !== undefined) error[key] = value;
  }
  return error;
}

/** Turns a response and its (text or parsed) body into the result union. Never throws. */
export function toResult(response: Response, body: unknown, rateLimit: RateLimitState | null): ListUserPackagesResult {
  const raw = rawText(body);
  if (raw === undefined) return { error: errorOf(response, TOO_DEEP, undefined, ""), response, rateLimit, cached: false };
  if (response.ok) {
    const found = packagesIn(raw);
    if (typeof found !== "string") return { data: found, response, rateLimit, cached: false };
    return { error: errorOf(response, found, undefined, raw), response, rateLimit, cached: false };
  }
  const fields = body !== null && typeof body === "object" ? (body as Fields) : undefined;
  const what = fields ? "" : raw ? " whose body is not JSON" : " with an empty body";
  return { error: errorOf(response, what, fields, raw), response, rateLimit, cached: false };
}
