// The rules for header names and values, wherever they come from (client options, per-call
// options, a listing's options): checked before any request, so fetch never throws an error that
// quotes a value, and a credential is never quoted back. Names are compared without case, as HTTP
// does: one object naming a header twice is refused, and merging keeps one spelling per name.
import type { ParameterIssue } from "../errors.js";
import { entriesOf } from "./params.js";
import { isCredentialName, shape } from "./secrets.js";

// What fetch and HTTP/1.1 accept in a value: tab, visible ASCII, and the rest of Latin-1. No CR,
// LF, NUL or other control characters (they would split the request or make fetch throw), nothing
// above U+00FF (a ByteString cannot hold it).
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~\w-]+$/;

// Headers that belong to the connection, not to a request: fetch refuses or drops them, and
// undici fails the request after every retry. Refused at the door instead, by name.
const CONNECTION_HEADERS = new Set(["connection", "content-length", "expect", "host", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade"]);

/** The rule a refused header value breaks, in words. */
const VALUE_RULE = "a string without line breaks or control characters (CR, LF, NUL), in Latin-1 (nothing above U+00FF)";

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** True for a host that never leaves the machine: plain http is allowed there, for local mocks. */
export const isLoopback = (hostname: string): boolean => LOOPBACK.test(hostname);

/** The rule broken when a credential would go over plain http to another host. */
export const PLAIN_HTTP_RULE = "credentials are only sent over https:// (plain http:// is allowed for loopback hosts only, for local mocks)";

const isValue = (value: unknown): value is string => typeof value === "string" && HEADER_VALUE.test(value);

/** Adds an issue when `value` is given and is not a header value. */
export function checkHeaderValue(parameter: string, value: unknown, issues: ParameterIssue[]): void {
  if (value !== undefined && !isValue(value)) issues.push({ parameter, value, rule: `it must be ${VALUE_RULE}` });
}

/** The issue for one header that cannot be sent as given, or `undefined` when it can. */
function headerIssue(name: string, value: unknown, seen: Map<string, string>): ParameterIssue | undefined {
  // A name that is no header name may be anything, a token among them: shown by its length only.
  if (!HEADER_NAME.test(name)) return { parameter: "headers", value: shape(name), rule: "it holds a name that is not a header name (letters, digits and !#$%&'*+.^_`|~-)" };
  const parameter = `headers.${name}`;
  const lower = name.toLowerCase();
  if (!isValue(value)) {
    const shown = isCredentialName(name) ? "(hidden)" : typeof value === "string" ? shape(value) : value;
    return { parameter, value: shown, rule: `it must be ${VALUE_RULE}` };
  }
  if (CONNECTION_HEADERS.has(lower)) return { parameter, value: "(not shown)", rule: "it belongs to the connection, which fetch manages: it cannot be set" };
  const other = seen.get(lower);
  if (other !== undefined) return { parameter, value: "(not shown)", rule: `it names the same header as ${other} (header names ignore case): give it once` };
  seen.set(lower, name);
  return undefined;
}

/**
 * Checks an object of extra headers (`headers` of the client, of a call or of a listing) and
 * returns a plain copy of the headers that pass (the caller refuses the rest), or `undefined`
 * when none was given or it is not an object. A secret header's value is never shown.
 */
export function checkHeaderMap(headers: unknown, issues: ParameterIssue[]): Record<string, string> | undefined {
  if (headers === undefined) return undefined;
  const entries = headers !== null && typeof headers === "object" && !Array.isArray(headers) ? entriesOf(headers) : undefined;
  if (!entries) {
    issues.push({ parameter: "headers", value: typeof headers === "string" ? shape(headers) : headers, rule: "it must be a readable object of header names and string values" });
    return undefined;
  }
  const out: Record<string, string> = {};
  const seen = new Map<string, string>();
  for (const [name, value] of entries) {
    const issue = headerIssue(name, value, seen);
    if (issue) issues.push(issue);
    else out[name] = value as string; // headerIssue found it a header value
  }
  return out;
}

/**
 * `base` with `extra` laid over it, one spelling per name as fetch sends them: a name given again
 * in another case replaces the earlier one (and its spelling), as `Headers.set` does.
 */
export function mergeHeaders(base: Record<string, string>, extra: Record<string, string> | undefined): Record<string, string> {
  if (!extra) return base;
  const out: Record<string, string> = {};
  const lowered = new Set(Object.keys(extra).map((name) => name.toLowerCase()));
  for (const name in base) if (!lowered.has(name.toLowerCase())) out[name] = base[name] ?? "";
  return Object.assign(out, extra);
}

/** The credential headers among `headers` (by name), as `[name, value]` pairs. */
export function credentialHeaders(headers: Record<string, string> | undefined): [string, string][] {
  return Object.entries(headers ?? {}).filter(([name]) => isCredentialName(name));
}

/**
 * What identifies the credentials a request sends, for cache keys: every credential header, names
 * lower-cased, sorted; `undefined` for a request that sends none.
 */
export function credentialKey(headers: Record<string, string>): string | undefined {
  const pairs = credentialHeaders(headers).map(([name, value]) => `${name.toLowerCase()}:${value}`);
  return pairs.length ? pairs.sort().join("\n") : undefined;
}
