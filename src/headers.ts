// The rules for header names and values, wherever they come from (client options, per-call
// options, a listing's options): checked before any request, so fetch never throws an error that
// quotes a value, and a credential is never quoted back.
import type { ParameterIssue } from "./errors.js";

// What fetch and HTTP/1.1 accept in a value: tab, visible ASCII, and the rest of Latin-1. No CR,
// LF, NUL or other control characters (they would split the request or make fetch throw), nothing
// above U+00FF (a ByteString cannot hold it).
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~\w-]+$/;
// Header names whose values are secrets: never shown in a refusal.
const SECRET_HEADER = /auth|token|secret|key|cookie|pass|cred|sig/i;

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

/**
 * Checks an object of extra headers (`headers` of the client, of a call or of a listing) and
 * returns a plain copy of the headers that pass (the caller refuses the rest), or `undefined`
 * when none was given or it is not an object. A secret header's value is never shown.
 */
export function checkHeaderMap(headers: unknown, issues: ParameterIssue[]): Record<string, string> | undefined {
  if (headers === undefined) return undefined;
  if (headers === null || typeof headers !== "object" || Array.isArray(headers)) {
    issues.push({ parameter: "headers", value: headers, rule: "it must be an object of header names and string values" });
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (HEADER_NAME.test(name) && isValue(value)) out[name] = value;
    else issues.push({ parameter: `headers.${name}`, value: SECRET_HEADER.test(name) ? "(hidden)" : value, rule: `it must be a header name with ${VALUE_RULE}` });
  }
  return out;
}

/** The name and value of the `Authorization` header among `headers`, whatever its case. */
export function authorizationOf(headers: Record<string, string> | undefined): { name: string; value: string } | undefined {
  for (const name in headers) if (name.toLowerCase() === "authorization") return { name, value: headers[name] ?? "" };
  return undefined;
}
