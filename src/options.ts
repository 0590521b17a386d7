// Client options: checked all at once when a client is made (before any request), then resolved
// into the settings the request steps read.
import { DEFAULT_MAX_BODY_BYTES } from "./body-limit.js";
import type { CacheStore } from "./cache.js";
import { LONGEST_WAIT_MS, systemClock, type Clock } from "./clock.js";
import { redact, type ParameterIssue } from "./errors.js";
import { checkNames, checkRules, refuse } from "./params.js";
import { resolveRetry, type RetryEvent, type RetryPolicy } from "./retry.js";
import type { ClientOptions, GitHubWarning } from "./types.js";

/** The API root used when `baseUrl` is not given. */
export const DEFAULT_BASE_URL = "https://api.github.com";
/** The REST API version sent in `X-GitHub-Api-Version` unless `apiVersion` says otherwise. */
export const DEFAULT_API_VERSION = "2022-11-28";
/** Time limit of one attempt unless `timeoutMs` says otherwise. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** The names of the client options. */
export const CLIENT_OPTIONS = [
  "token", "baseUrl", "userAgent", "apiVersion", "headers", "fetch", "retry", "timeoutMs", "maxBodyBytes", "cache", "onWarning", "onRetry", "clock",
] as const;

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;
const WHOLE_MS = { required: false, type: "integer", minimum: 0, maximum: LONGEST_WAIT_MS } as const;
const NUMBER_RULES = { timeoutMs: WHOLE_MS, maxBodyBytes: { required: false, type: "integer", minimum: 1 } } as const;
const RETRY_RULES = { retries: WHOLE_MS, minDelayMs: WHOLE_MS, maxDelayMs: WHOLE_MS, maxWaitMs: WHOLE_MS, secondaryWaitMs: WHOLE_MS };

/** What the request steps read from the options, once checked. */
export interface Settings {
  /** The API root without trailing slashes, such as `https://api.github.com`. */
  root: string;
  /** Its origin: the only one the token is sent to. */
  apiOrigin: string;
  timeoutMs: number;
  maxBodyBytes: number;
  policy: RetryPolicy;
  clock: Clock;
  /** The credential sent (the token, or an `Authorization` header), for cache keys. */
  credential: string | undefined;
  store: CacheStore | undefined;
  onWarning: ((warning: GitHubWarning) => void) | undefined;
  onRetry: ((event: RetryEvent) => void) | undefined;
}

/**
 * Checks the options (throwing InvalidParametersError listing every problem) and resolves them.
 * `alsoAllowed` names the per-call options a standalone function takes with them.
 */
export function settingsOf(options: ClientOptions, alsoAllowed: readonly string[] = []): Settings {
  const issues: ParameterIssue[] = [];
  checkNames(options, [...CLIENT_OPTIONS, ...alsoAllowed], issues, "option");
  const credential = options.token ?? authorizationOf(options.headers);
  const api = checkBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL, credential !== undefined, issues);
  checkHeaders(options, issues);
  const numbers = checkRules(NUMBER_RULES, options as Record<string, unknown>, issues) as { timeoutMs?: number; maxBodyBytes?: number };
  checkRetry(options.retry, issues);
  checkCallables(options, issues);
  refuse(issues);
  return {
    // openapi-fetch drops one trailing slash; drop them all so "…/api/v3//" joins cleanly too.
    root: String(options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, ""),
    apiOrigin: api?.origin ?? "", // refuse() above threw unless checkBaseUrl found a URL
    timeoutMs: numbers.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxBodyBytes: numbers.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    policy: resolveRetry(options.retry),
    clock: options.clock ?? systemClock,
    credential,
    store: options.cache,
    onWarning: options.onWarning,
    onRetry: options.onRetry,
  };
}

/** The `Authorization` header among `headers`, whatever its case. */
function authorizationOf(headers: Record<string, string> | undefined): string | undefined {
  return Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === "authorization")?.[1];
}

function checkBaseUrl(baseUrl: string | URL, credentialed: boolean, issues: ParameterIssue[]): URL | undefined {
  const text = String(baseUrl);
  const api = URL.canParse(text) ? new URL(text) : undefined;
  // The shown value keeps no credential: a token in the URL is refused, never quoted back.
  const value = redact(text);
  if (!api || !/^https?:$/.test(api.protocol) || /[?#]/.test(text) || api.username || api.password) {
    const rule = "it must be an absolute http(s) URL without credentials, query or fragment, such as https://ghe.example.com/api/v3";
    issues.push({ parameter: "baseUrl", value, rule });
    return undefined;
  }
  if (credentialed && api.protocol === "http:" && !LOOPBACK.test(api.hostname)) {
    const rule = "credentials are only sent over https:// (plain http:// is allowed for loopback hosts only, for local mocks)";
    issues.push({ parameter: "baseUrl", value, rule });
  }
  return api;
}

// A header value with a line break would split the request: refused here, before fetch throws a
// TypeError that quotes it.
const HEADER_VALUE = /^[^\r\n\0]*$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~\w-]+$/;

function checkHeaders(options: ClientOptions, issues: ParameterIssue[]): void {
  const { token, userAgent, apiVersion } = options;
  const headers: unknown = options.headers; // JavaScript callers can pass anything
  if (token !== undefined && (typeof token !== "string" || !/^[\x21-\x7e]+$/.test(token))) {
    issues.push({ parameter: "token", value: "(hidden)", rule: "it must be a non-empty string of printable characters without spaces" });
  }
  for (const [parameter, value] of [["userAgent", userAgent], ["apiVersion", apiVersion]] as const) {
    if (value !== undefined && (typeof value !== "string" || !HEADER_VALUE.test(value))) {
      issues.push({ parameter, value, rule: "it must be a string without line breaks" });
    }
  }
  if (headers === undefined) return;
  if (headers === null || typeof headers !== "object") {
    issues.push({ parameter: "headers", value: headers, rule: "it must be an object of header names and string values" });
    return;
  }
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (!HEADER_NAME.test(name) || typeof value !== "string" || !HEADER_VALUE.test(value)) {
      const shown = name.toLowerCase() === "authorization" ? "(hidden)" : value;
      issues.push({ parameter: `headers.${name}`, value: shown, rule: "it must be a header name with a string value without line breaks" });
    }
  }
}

function checkRetry(retry: unknown, issues: ParameterIssue[]): void {
  if (retry === undefined || retry === false) return;
  if (retry === null || typeof retry !== "object") {
    issues.push({ parameter: "retry", value: retry, rule: "it must be false or an object of retry options" });
    return;
  }
  checkNames(retry, Object.keys(RETRY_RULES), issues, "retry option", "retry.");
  checkRules(RETRY_RULES, retry as Record<string, unknown>, issues, "retry.");
}

/** Options that must be functions, or objects of functions. */
function checkCallables(options: ClientOptions, issues: ParameterIssue[]): void {
  const wanted: [keyof ClientOptions, string[], string][] = [
    ["fetch", [], "it must be a fetch function"],
    ["onWarning", [], "it must be a function"],
    ["onRetry", [], "it must be a function"],
    ["cache", ["get", "set"], "it must be a store with get and set methods"],
    ["clock", ["now", "sleep"], "it must be a clock with now and sleep methods"],
  ];
  for (const [parameter, methods, rule] of wanted) {
    const value: unknown = options[parameter];
    if (value === undefined) continue;
    const holder = Object(value) as Record<string, unknown>;
    const ok = methods.length ? methods.every((m) => typeof holder[m] === "function") : typeof value === "function";
    if (!ok) issues.push({ parameter, value, rule });
  }
}
