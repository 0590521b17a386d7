// A response and its body become the result union openapi-fetch users know: `{ data }` or
// `{ error }`, never a throw, however malformed the answer.
import { packageShape } from "../../../generated/package-shape.js";
import { GitHubApiError, RateLimitError } from "../errors.js";
import { throttleOf, type RateLimitState } from "./rate-limit.js";
import type { ListUserPackagesResult, Owner, Package } from "../types.js";

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

/** The packages of a 2xx body, or (a phrase saying) what is wrong with it, holding at most `perPage`. */
export function packagesIn(raw: string, perPage = Infinity): Package[] | string {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return raw ? " whose body is not JSON" : " with an empty body";
  }
  if (!Array.isArray(data)) return " whose body is not a JSON array of packages";
  if (data.length > perPage) return ` whose body holds ${data.length} packages, more than the ${perPage} per page asked for`;
  for (const [index, value] of data.entries()) {
    const problem = notAPackage(value);
    if (problem) return ` whose element ${index} is not a package: ${problem}`;
  }
  // Each element carries the spec's required fields; the rest is trusted as GitHub's.
  return data as Package[];
}

/** The packages of a kept body, checked like a fresh one, or `undefined` when they are unusable. */
export function keptPackages(body: string): Package[] | undefined {
  const found = packagesIn(body);
  return typeof found === "string" ? undefined : found;
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

/**
 * What to do about a 401, a 403 that is not a rate limit, or a 404 for an organization or user,
 * by what GitHub said and whose packages were asked for, in a sentence; "" for anything else.
 */
function hintFor(status: number, apiMessage: string, owner: Owner): string {
  const org = owner && "org" in owner ? owner.org : undefined;
  if (status === 401) return "The token is invalid or expired: check it, or create a new one.";
  if (status === 404 && owner) return `GitHub knows no ${org === undefined ? "user" : "organization"} named ${org ?? ("username" in owner ? owner.username : "")}, or the token cannot see it.`;
  if (status !== 403 || /rate limit/i.test(apiMessage)) return "";
  if (/not accessible by integration/i.test(apiMessage)) {
    return "An app or Actions token cannot list a user's packages: use a personal access token with the read:packages scope.";
  }
  if (org !== undefined) {
    return `Listing ${org}'s packages needs a token with the read:packages scope, authorized for SAML single sign-on if ${org} enforces it.`;
  }
  return "Listing packages needs a token with the read:packages scope.";
}

/** What an answer was asked for, and when it came: named by its error. */
interface Asked {
  url: string;
  page: number | undefined;
  /** The page size asked for (`per_page`); a 2xx holding more is refused. */
  perPage?: number | undefined;
  owner: Owner;
  now: number;
}

/**
 * The error side of the union, from GitHub's JSON fields when there are any: a RateLimitError
 * when the answer asks the client to slow down (the throttle and its reset worked out here only).
 */
function errorOf(response: Response, asked: Asked, rateLimit: RateLimitState | null, what: string, fields: Fields | undefined, raw: string): GitHubApiError {
  const text = (key: string) => (typeof fields?.[key] === "string" ? fields[key] : undefined);
  const { status, headers } = response;
  const apiMessage = text("message") || describe(response, what, fields, raw);
  const { url, page, now } = asked;
  const requestId = headers.get("x-github-request-id");
  const body = { documentationUrl: text("documentation_url"), apiStatus: text("status"), apiUrl: text("url") };
  const init = { status, apiMessage, ...body, requestId, headers: Object.fromEntries(headers), rawBody: raw, method: "GET", url, page, rateLimit };
  const throttle = throttleOf(status, headers, apiMessage, now);
  if (!throttle) return new GitHubApiError(init, hintFor(status, apiMessage, asked.owner));
  const { waitMs } = throttle;
  return new RateLimitError({ ...init, ...throttle, resetAt: waitMs === undefined ? undefined : new Date(now + waitMs) });
}

/** Turns a response and its (text or parsed) body into the result union. Never throws. */
export function toResult(response: Response, body: unknown, rateLimit: RateLimitState | null, asked: Asked): ListUserPackagesResult {
  const fail = (what: string, fields: Fields | undefined, raw: string) =>
    ({ error: errorOf(response, asked, rateLimit, what, fields, raw), response, rateLimit, cached: false }) as const;
  const raw = rawText(body);
  if (raw === undefined) return fail(TOO_DEEP, undefined, "");
  if (response.ok) {
    const found = packagesIn(raw, asked.perPage ?? Infinity);
    return typeof found === "string" ? fail(found, undefined, raw) : { data: found, response, rateLimit, cached: false };
  }
  const fields = body !== null && typeof body === "object" ? (body as Fields) : undefined;
  return fail(fields ? "" : raw ? " whose body is not JSON" : " with an empty body", fields, raw);
}
