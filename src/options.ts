// The one door for what a caller gives: client options are checked all at once when a client is
// made, per-call options at each call, both before any request and by the same rules (header
// names and values, credentials, unknown names), then resolved into the typed settings the
// request steps read. Nothing past this module reads the caller's objects.
import { DEFAULT_MAX_BODY_BYTES } from "./body-limit.js";
import { guardCallback, guardClock } from "./boundary.js";
import type { CacheStore } from "./cache.js";
import { LONGEST_WAIT_MS, type Clock } from "./clock.js";
import type { ParameterIssue } from "./errors.js";
import { authorizationOf, checkHeaderMap, checkHeaderValue, isLoopback, PLAIN_HTTP_RULE } from "./headers.js";
import { queryRules } from "../generated/query-rules.js";
import type { PagePlan } from "./page-plan.js";
import { checkNames, checkObject, checkRules, checkSignal, checkTypes, MAX_PER_PAGE, refuse, RESULT_WINDOW } from "./params.js";
import { resolveRetry, type RetryEvent, type RetryOptions } from "./retry.js";
import type { GitHubWarning, ListAllUserPackagesParams, PaginationOptions } from "./types.js";
import { VERSION } from "./version.js";

/** The API root used when `baseUrl` is not given. */
export const DEFAULT_BASE_URL = "https://api.github.com";
/** The REST API version sent in `X-GitHub-Api-Version` unless `apiVersion` says otherwise. */
export const DEFAULT_API_VERSION = "2022-11-28";
/** Time limit of one attempt unless `timeoutMs` says otherwise. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** The names of the client options. */
const CLIENT_OPTIONS = [
  "token", "baseUrl", "userAgent", "apiVersion", "headers", "fetch", "retry", "timeoutMs", "maxBodyBytes", "cache", "onWarning", "onRetry", "clock",
] as const;
/** The names of the per-call options. */
const REQUEST_OPTIONS = ["signal", "headers"] as const;
/** The names of the listing options. */
export const PAGINATION_OPTIONS = ["concurrency", "maxItems", "per_page", "verify", "signal", "headers"] as const;

/**
 * Default number of page requests in flight. GitHub asks clients not to flood it (its secondary
 * limits start at 100 concurrent requests); 8 stays far below that while a listing, at most 100
 * pages, finishes in about a tenth of the serial time.
 */
export const DEFAULT_CONCURRENCY = 8;
/** The largest `concurrency` accepted. */
export const MAX_CONCURRENCY = 10;

const WHOLE_MS = { required: false, type: "integer", minimum: 0, maximum: LONGEST_WAIT_MS } as const;
const NUMBER_RULES = { timeoutMs: WHOLE_MS, maxBodyBytes: { required: false, type: "integer", minimum: 1 } } as const;
const RETRY_RULES = { retries: WHOLE_MS, minDelayMs: WHOLE_MS, maxDelayMs: WHOLE_MS, maxWaitMs: WHOLE_MS, secondaryWaitMs: WHOLE_MS };

/** Options shared by the client factory and the standalone functions. */
export interface ClientOptions {
  /** A token with the `read:packages` scope, sent as `Authorization: Bearer <token>`. */
  token?: string | undefined;
  /**
   * API root. Defaults to `https://api.github.com`; for GitHub Enterprise Server use
   * `https://HOST/api/v3` (a trailing slash is fine).
   */
  baseUrl?: string | URL | undefined;
  /** Your app's name, put in front of this library's own `User-Agent`. */
  userAgent?: string | undefined;
  /** Sent as `X-GitHub-Api-Version`. Defaults to `2022-11-28`. */
  apiVersion?: string | undefined;
  /** Extra headers for every request. */
  headers?: Record<string, string> | undefined;
  /**
   * A `fetch` implementation to use instead of the global one. It receives the `Request`
   * openapi-fetch builds, with every header and `redirect: "manual"` on it.
   */
  fetch?: ((request: Request) => Promise<Response>) | undefined;
  /**
   * The retry policy, on by default: network errors, timeouts and 500/502/503/504 are retried
   * with capped exponential backoff and full jitter (3 retries); rate limits are waited out when
   * the wait is at most `maxWaitMs`. `false` turns all of it off.
   */
  retry?: RetryOptions | false | undefined;
  /**
   * Time limit of one attempt, body and cache store included, in milliseconds. Default 30,000; 0
   * for none.
   */
  timeoutMs?: number | undefined;
  /**
   * The largest response body read, in bytes, counted after decompression. Default 32 MiB. A
   * larger body ends the call with `ResponseTooLargeError` (not retried).
   */
  maxBodyBytes?: number | undefined;
  /**
   * Conditional requests: a store with `get`/`set`, such as `new MemoryCache()`. A cached page is
   * requested with `If-None-Match`; GitHub's 304 (free of rate limit) then serves the kept page.
   */
  cache?: CacheStore | undefined;
  /** Called with `Deprecation` / `Sunset` headers GitHub sends (once per distinct warning). */
  onWarning?: ((warning: GitHubWarning) => void) | undefined;
  /**
   * Called before every wait for a retry, with the attempt that follows, the reason, the HTTP
   * status, the wait and the page: for a progress line, or logs. What it throws is ignored.
   */
  onRetry?: ((event: RetryEvent) => void) | undefined;
  /**
   * Where the client reads the time and waits (backoff, `Retry-After`, rate-limit resets,
   * timeouts). The system clock by default; tests may pass a fake one.
   */
  clock?: Clock | undefined;
}

/** What the request steps read from the options, once checked: nothing past this module reads the caller's objects. */
export type Settings = ReturnType<typeof settingsOf>;

/** A set-but-empty string (an unset environment variable's `""`) means "not given". */
const given = <T>(value: T): T | undefined => (value === "" ? undefined : value);

/**
 * Refuses `issues`, if any, showing no value that holds one of the credentials given (or the part
 * after an `Authorization` scheme such as `Bearer`), whatever the value looks like.
 */
function refuseHiding(issues: ParameterIssue[], credentials: unknown[]): void {
  const secrets = credentials.flatMap((c) => (typeof c === "string" ? [c, c.replace(/^\S+ +/, "")] : [])).filter((c) => c.length >= 4);
  const holds = (value: unknown) => typeof value === "string" && secrets.some((secret) => value.includes(secret));
  refuse(issues.map((issue) => (holds(issue.value) ? { ...issue, value: "(hidden)" } : issue)));
}

/**
 * Checks a listing's params and options (throwing InvalidParametersError listing every problem of
 * both, before any request) and plans it: its package types, in order, and its fixed facts.
 */
export function listingOf(given: ListAllUserPackagesParams, options: PaginationOptions = {}) {
  checkObject(given, "params", "listing parameters with at least `package_type`");
  checkObject(options, "options", "listing options");
  // Each value read once: the listing runs on what was checked, whatever a getter would answer next.
  const params = { ...given };
  const opts = { ...options };
  const issues: ParameterIssue[] = [];
  const types = checkTypes(params, issues);
  checkNames(opts, PAGINATION_OPTIONS, issues, "listing option");
  checkSignal(opts.signal, issues);
  const { per_page } = queryRules; // read here, so that a bundle without listings leaves it out
  checkRules({ concurrency: { required: false, type: "integer", minimum: 1, maximum: MAX_CONCURRENCY }, maxItems: { required: false, type: "integer", minimum: 1 }, per_page, verify: { required: false, type: "boolean" } }, opts, issues);
  refuse(issues);
  const { concurrency = DEFAULT_CONCURRENCY, maxItems = Infinity, per_page: perPage = MAX_PER_PAGE } = opts;
  const plan: PagePlan = { perPage, concurrency, windowPages: Math.floor(RESULT_WINDOW / perPage), maxItems };
  return { types, plan, params, signal: opts.signal, headers: opts.headers, verify: opts.verify === true };
}

/**
 * Checks the options (throwing InvalidParametersError listing every problem) and resolves them.
 * `alsoAllowed` names the per-call options a standalone function takes with them.
 */
export function settingsOf(raw: ClientOptions, alsoAllowed: readonly string[] = []) {
  checkObject(raw, "options", "client options");
  // Each value read once: what is checked is what is used, whatever a getter would answer next.
  const options = { ...raw };
  const retry: unknown = options.retry; // JavaScript callers may pass null: refused below, as it is
  if (retry !== null && typeof retry === "object") options.retry = { ...retry };
  const issues: ParameterIssue[] = [];
  checkNames(options, [...CLIENT_OPTIONS, ...alsoAllowed], issues, "option");
  const token = given(options.token);
  const baseUrl = given(options.baseUrl) ?? DEFAULT_BASE_URL;
  const extra = checkHeaderMap(options.headers, issues);
  const credential = token ?? authorizationOf(extra)?.value;
  const api = checkBaseUrl(baseUrl, credential !== undefined, issues);
  checkIdentity(options, token, issues);
  checkRules(NUMBER_RULES, options, issues);
  checkRetry(options.retry, issues);
  checkCallables(options, issues);
  refuseHiding(issues, [token, credential]);
  return {
    // The API root without trailing slashes: openapi-fetch drops one; "…/api/v3//" joins cleanly too.
    root: String(baseUrl).replace(/\/+$/, ""),
    // The only origin the token is sent to; refuse() above threw unless checkBaseUrl found a URL.
    apiOrigin: api?.origin ?? "",
    // Plain http to a host that is not loopback: no credential may go there.
    plainHttp: api?.protocol === "http:" && !isLoopback(api.hostname),
    // The headers every request carries: Accept, the API version, User-Agent, the app's, Authorization.
    headers: baseHeaders(options, token, extra),
    fetch: options.fetch,
    // Checked above: each is undefined or a whole number within its rule.
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    policy: resolveRetry(options.retry),
    // Guarded: a failing clock gives a ClockError; what a listener throws or rejects with is dropped.
    clock: guardClock(options.clock),
    // The credential sent (the token, or an Authorization header), for cache keys.
    credential,
    store: options.cache,
    onWarning: guardCallback(options.onWarning),
    onRetry: guardCallback(options.onRetry),
  };
}

/**
 * Checks one call's options (`signal`, `headers`) by the client's rules, throwing
 * InvalidParametersError before any request. An `Authorization` header given here is a
 * credential: refused over plain http to a host that is not loopback, never shown, and part of
 * the cache key.
 */
export function callSettingsOf(init: unknown, client: Pick<Settings, "plainHttp" | "credential">): {
  signal: AbortSignal | undefined;
  headers: Record<string, string> | undefined;
  credential: string | undefined;
} {
  if (init === undefined) return { signal: undefined, headers: undefined, credential: client.credential };
  checkObject(init, "options", "request options (signal, headers)");
  const given: { signal?: unknown; headers?: unknown } = { ...init }; // each value read once
  const issues: ParameterIssue[] = [];
  checkNames(given, REQUEST_OPTIONS, issues, "request option");
  const { signal, headers } = given;
  checkSignal(signal, issues);
  const extra = checkHeaderMap(headers, issues);
  const auth = authorizationOf(extra);
  if (auth && client.plainHttp) issues.push({ parameter: `headers.${auth.name}`, value: "(hidden)", rule: PLAIN_HTTP_RULE });
  refuseHiding(issues, [client.credential, auth?.value]);
  // checkSignal refused anything that is not an AbortSignal.
  return { signal: signal instanceof AbortSignal ? signal : undefined, headers: extra, credential: auth?.value ?? client.credential };
}

function checkBaseUrl(baseUrl: string | URL, credentialed: boolean, issues: ParameterIssue[]): URL | undefined {
  const text = String(baseUrl);
  const api = URL.canParse(text) ? new URL(text) : undefined;
  // The shown value keeps no credential: a token in the URL (userinfo, query) is refused, never quoted back.
  const value = api ? api.origin + api.pathname : text.replace(/\/\/[^/@]*@/, "//***@");
  if (!api || !/^https?:$/.test(api.protocol) || /[?#]/.test(text) || api.username || api.password) {
    const rule = "it must be an absolute http(s) URL without credentials, query or fragment, such as https://ghe.example.com/api/v3";
    issues.push({ parameter: "baseUrl", value, rule });
    return undefined;
  }
  if (credentialed && api.protocol === "http:" && !isLoopback(api.hostname)) issues.push({ parameter: "baseUrl", value, rule: PLAIN_HTTP_RULE });
  return api;
}

/** The token and the values of the client's own headers. */
function checkIdentity(options: ClientOptions, token: unknown, issues: ParameterIssue[]): void {
  if (token !== undefined && (typeof token !== "string" || !/^[\x21-\x7e]+$/.test(token))) {
    issues.push({ parameter: "token", value: "(hidden)", rule: "it must be a non-empty string of printable characters without spaces" });
  }
  checkHeaderValue("userAgent", options.userAgent, issues);
  checkHeaderValue("apiVersion", options.apiVersion, issues);
}

/** The headers of every request, from checked values. */
function baseHeaders(options: ClientOptions, token: string | undefined, extra: Record<string, string> | undefined): Record<string, string> {
  const ownAgent = `gh-user-packages/${VERSION}`;
  const { userAgent } = options;
  return {
    Accept: "application/vnd.github+json",
    "X-GitHub-Api-Version": given(options.apiVersion) ?? DEFAULT_API_VERSION,
    "User-Agent": userAgent ? `${userAgent} ${ownAgent}` : ownAgent,
    ...extra,
    ...(token !== undefined && { Authorization: `Bearer ${token}` }),
  };
}

function checkRetry(retry: unknown, issues: ParameterIssue[]): void {
  if (retry === undefined || retry === false) return;
  if (retry === null || typeof retry !== "object") {
    issues.push({ parameter: "retry", value: retry, rule: "it must be false or an object of retry options" });
    return;
  }
  checkNames(retry, Object.keys(RETRY_RULES), issues, "retry option", "retry.");
  checkRules(RETRY_RULES, retry, issues, "retry.");
}

// Options that must be functions, or objects with these methods, and what each must be.
const CALLABLES = {
  fetch: [[], "a fetch function"],
  onWarning: [[], "a function"],
  onRetry: [[], "a function"],
  cache: [["get", "set"], "a store with get and set methods"],
  clock: [["now", "sleep"], "a clock with now and sleep methods"],
} as const;

function checkCallables(options: ClientOptions, issues: ParameterIssue[]): void {
  for (const [parameter, [methods, what]] of Object.entries(CALLABLES)) {
    const value: unknown = options[parameter as keyof typeof CALLABLES]; // the table's own keys
    const holder = Object(value) as Record<string, unknown>;
    const ok = methods.length ? methods.every((m) => typeof holder[m] === "function") : typeof value === "function";
    if (value !== undefined && !ok) issues.push({ parameter, value, rule: `it must be ${what}` });
  }
}
