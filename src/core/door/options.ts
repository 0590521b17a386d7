// The door (this folder): every value a caller gives is read once, checked here and turned into
// settings; the rest of the client reads only those. params checks a call's parameters and the
// shared rules, headers the header maps, secrets knows every credential given, refusal shows a
// refused value without any of them, signal accepts an AbortSignal of any realm, version names us.
//
// The one door for what a caller gives: client options are checked all at once when a client is
// made, per-call options at each call, both before any request and by the same rules (header
// names and values, credentials, unknown names), then resolved into the typed settings the
// request steps read. Nothing past this module reads the caller's objects.
import { guardCallback, guardClock } from "../request/boundary.js";
import type { CacheStore } from "../policies/cache.js";
import { LONGEST_WAIT_MS, type Clock } from "../request/clock.js";
import { InvalidParametersError, type ParameterIssue } from "../errors.js";
import { checkHeaderMap, checkHeaderValue, credentialHeaders, credentialKey, isLoopback, mergeHeaders, PLAIN_HTTP_RULE } from "./headers.js";
import { queryRules } from "../../../generated/query-rules.js";
import { checkNames, checkParams, checkRules, checkSignal, checkTypes, MAX_PER_PAGE, readObject, reading, refuse, RESULT_WINDOW } from "./params.js";
import { resolveRetry, type RetryEvent, type RetryOptions } from "../policies/retry.js";
import type { GitHubWarning, ListAllUserPackagesParams, ListUserPackagesParams, PaginationOptions } from "../types.js";
import { hideIn } from "./refusal.js";
import { maskSecrets, secretsOf, urlSecrets } from "./secrets.js";
import { VERSION } from "./version.js";

/** The API root used when `baseUrl` is not given. */
export const DEFAULT_BASE_URL = "https://api.github.com";
/** The REST API version sent in `X-GitHub-Api-Version` unless `apiVersion` says otherwise. */
export const DEFAULT_API_VERSION = "2022-11-28";
/** Time limit of one attempt unless `timeoutMs` says otherwise. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Default `maxBodyBytes`: far above GitHub's largest page (100 packages, well under 1 MiB). */
export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

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

/** Refuses `issues`, if any, showing none of `secrets` (nor a piece of one), whatever the value looks like. */
function refuseHiding(issues: ParameterIssue[], secrets: readonly string[]): void {
  refuse(hideIn(issues, secrets));
}

/**
 * `err`, or, for a refusal, the same refusal showing none of `secrets`: for checks made where the
 * credentials are not known (a call's params, a listing's), by the one who knows them.
 */
export function hidden(err: unknown, secrets: readonly string[]): unknown {
  return err instanceof InvalidParametersError && secrets.length ? new InvalidParametersError(hideIn(err.issues, secrets)) : err;
}

/** Runs `check`, a refusal it throws showing none of `secrets`. */
function hidingSecrets<T>(secrets: readonly string[], check: () => T): T {
  try {
    return check();
  } catch (err) {
    throw hidden(err, secrets);
  }
}

/**
 * Checks one call's options, then its params (throwing InvalidParametersError before any request,
 * showing none of the call's credentials): what the request steps need of the call.
 */
export function checkedCall(init: unknown, params: ListUserPackagesParams, client: Pick<Settings, "plainHttp" | "credential" | "headers" | "secrets">) {
  const settings = callSettingsOf(init, client);
  return { ...settings, ...hidingSecrets(settings.secrets, () => checkParams(params)) };
}

/**
 * Checks a listing's params and options (throwing InvalidParametersError listing every problem of
 * both, before any request) and plans it: its package types, in order, and its fixed facts.
 */
export function listingOf(given: ListAllUserPackagesParams, options: PaginationOptions = {}) {
  // Each value read once: the listing runs on what was checked, whatever a getter would answer next.
  const params = readObject(given, "params", "listing parameters with at least `package_type`");
  const opts = readObject(options, "options", "listing options");
  const issues: ParameterIssue[] = [];
  const types = reading("package_type", issues, () => checkTypes(params, issues)) ?? [];
  checkNames(opts, PAGINATION_OPTIONS, issues, "listing option");
  const signal = reading("signal", issues, () => checkSignal(opts.signal, issues));
  const { per_page } = queryRules; // read here, so that a bundle without listings leaves it out
  checkRules({ concurrency: { required: false, type: "integer", minimum: 1, maximum: MAX_CONCURRENCY }, maxItems: { required: false, type: "integer", minimum: 1 }, per_page, verify: { required: false, type: "boolean" } }, opts, issues);
  // The listing's own headers may carry a credential: known here, so never shown.
  refuseHiding(issues, secretsOf(credentialHeaders(checkHeaderMap(opts.headers, [])).map(([, value]) => value)));
  const { concurrency = DEFAULT_CONCURRENCY, maxItems = Infinity, per_page: perPage = MAX_PER_PAGE } = opts;
  const plan = { perPage, concurrency, windowPages: Math.floor(RESULT_WINDOW / perPage), maxItems };
  return { types, plan, params, signal, headers: opts.headers, verify: opts.verify === true };
}

/**
 * Checks the options (throwing InvalidParametersError listing every problem) and resolves them.
 * `alsoAllowed` names the per-call options a standalone function takes with them.
 */
export function settingsOf(raw: ClientOptions, alsoAllowed: readonly string[] = []) {
  // Each value read once: what is checked is what is used, whatever a getter would answer next.
  const options = readObject(raw, "options", "client options");
  const retry: unknown = options.retry; // JavaScript callers may pass null: refused below, as it is
  if (retry !== null && typeof retry === "object") options.retry = readObject(retry as RetryOptions, "retry", "retry options");
  const issues: ParameterIssue[] = [];
  checkNames(options, [...CLIENT_OPTIONS, ...alsoAllowed], issues, "option");
  const token = given(options.token);
  const extra = checkHeaderMap(options.headers, issues);
  const base = checkBaseUrl(given(options.baseUrl) ?? DEFAULT_BASE_URL, issues);
  checkIdentity(options, token, extra, issues);
  const headers = baseHeaders(options, token, extra);
  // Every credential given, known by where it was given: nothing written ever shows one.
  // The token is one credential as given; a header's value may also hold one after a scheme word.
  const tokens = typeof token === "string" && token.length >= 4 ? [token] : [];
  const secrets = [...tokens, ...secretsOf(credentialHeaders(extra).map(([, value]) => value)), ...base.secrets];
  const api = base.api;
  const plainHttp = api?.protocol === "http:" && !isLoopback(api.hostname);
  if (plainHttp && credentialHeaders(headers).length) issues.push({ parameter: "baseUrl", value: base.shown, rule: PLAIN_HTTP_RULE });
  checkRules(NUMBER_RULES, options, issues);
  checkRetry(options.retry, issues);
  checkCallables(options, issues);
  refuseHiding(issues, secrets);
  return {
    // The API root, from the parsed URL: its origin and path, without trailing slashes
    // (openapi-fetch drops one; "…/api/v3//" joins cleanly too). refuse() above threw unless it parsed.
    root: api ? (api.origin + api.pathname).replace(/\/+$/, "") : "",
    // The only origin the token is sent to.
    apiOrigin: api?.origin ?? "",
    // Plain http to a host that is not loopback: no credential may go there.
    plainHttp,
    // The headers every request carries: Accept, the API version, User-Agent, the app's, Authorization.
    headers,
    fetch: options.fetch,
    // Checked above: each is undefined or a whole number within its rule.
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    policy: resolveRetry(options.retry),
    // Guarded: a failing clock gives a ClockError; what a listener throws or rejects with is dropped.
    clock: guardClock(options.clock),
    // What identifies the credentials sent (every credential header), for cache keys.
    credential: credentialKey(headers),
    secrets,
    store: options.cache,
    onWarning: guardCallback(options.onWarning),
    onRetry: guardCallback(options.onRetry),
  };
}

/**
 * Checks one call's options (`signal`, `headers`) by the client's rules, throwing
 * InvalidParametersError before any request. A credential header given here (`Authorization`,
 * `Cookie`, ...) is a credential: refused over plain http to a host that is not loopback, never
 * shown, and part of the cache key, which is made from the headers the call sends.
 */
export function callSettingsOf(init: unknown, client: Pick<Settings, "plainHttp" | "credential" | "headers" | "secrets">): {
  signal: AbortSignal | undefined;
  headers: Record<string, string> | undefined;
  credential: string | undefined;
  secrets: readonly string[];
} {
  if (init === undefined) return { signal: undefined, headers: undefined, credential: client.credential, secrets: client.secrets };
  // Each value read once. Any value at all may come from JavaScript: read as an object of unknowns.
  const given = readObject(init as { signal?: unknown; headers?: unknown }, "options", "request options (signal, headers)");
  const issues: ParameterIssue[] = [];
  checkNames(given, REQUEST_OPTIONS, issues, "request option");
  const signal = reading("signal", issues, () => checkSignal(given.signal, issues));
  const { headers } = given;
  const extra = checkHeaderMap(headers, issues);
  const sent = credentialHeaders(extra);
  const secrets = [...client.secrets, ...secretsOf(sent.map(([, value]) => value))];
  if (client.plainHttp) for (const [name] of sent) issues.push({ parameter: `headers.${name}`, value: "(hidden)", rule: PLAIN_HTTP_RULE });
  refuseHiding(issues, secrets);
  return {
    signal, // checkSignal refused anything that is not shaped like an AbortSignal
    headers: extra,
    credential: extra ? credentialKey(mergeHeaders(client.headers, extra)) : client.credential,
    secrets,
  };
}

/** What a `baseUrl` came to: the parsed URL (when it passed), how it may be shown, and the credentials it carried. */
interface BaseUrl {
  api: URL | undefined;
  shown: string;
  secrets: string[];
}

const BASE_URL_RULE =
  "it must be an absolute http(s) URL without credentials, query or fragment, spaces or control characters, such as https://ghe.example.com/api/v3";

/** The text of a `baseUrl`, read once: a string as it is, anything else through its own String(); `undefined` when that throws. */
function textOf(baseUrl: unknown): string | undefined {
  try {
    // A URL, or any object the caller passes: read once, then only the parsed form is used.
    return String(baseUrl);
  } catch {
    return undefined;
  }
}

function checkBaseUrl(baseUrl: unknown, issues: ParameterIssue[]): BaseUrl {
  const text = textOf(baseUrl);
  if (text === undefined) {
    issues.push({ parameter: "baseUrl", value: "(unreadable)", rule: "it must be a string or a URL whose text can be read" });
    return { api: undefined, shown: "", secrets: [] };
  }
  const secrets = urlSecrets(text);
  const api = URL.canParse(text) ? new URL(text) : undefined;
  // Spaces and control characters are refused, not trimmed: the URL parser would drop some and encode others.
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  const plain = !/[\s\x00-\x1f\x7f-\x9f]/.test(text);
  // The shown value keeps no credential: userinfo, query and fragment are left out, and any known piece masked.
  const shown = api && plain ? api.origin + api.pathname : maskSecrets((text.split(/[?#]/)[0] ?? "").replace(/\/\/[^/]*@/, "//***@"), secrets);
  if (!api || !plain || !/^https?:$/.test(api.protocol) || /[?#]/.test(text) || api.username || api.password) {
    issues.push({ parameter: "baseUrl", value: shown, rule: BASE_URL_RULE });
    return { api: undefined, shown, secrets };
  }
  return { api, shown, secrets };
}

/** The token (given once: as `token` or as an Authorization header, not both) and the values of the client's own headers. */
function checkIdentity(options: ClientOptions, token: unknown, extra: Record<string, string> | undefined, issues: ParameterIssue[]): void {
  if (token !== undefined && (typeof token !== "string" || !/^[\x21-\x7e]+$/.test(token))) {
    issues.push({ parameter: "token", value: "(hidden)", rule: "it must be a non-empty string of printable characters without spaces" });
  }
  const auth = token !== undefined && Object.keys(extra ?? {}).find((name) => name.toLowerCase() === "authorization");
  if (auth) issues.push({ parameter: `headers.${auth}`, value: "(hidden)", rule: "it cannot be given with the token option, which is sent as Authorization: give the credential once" });
  checkHeaderValue("userAgent", options.userAgent, issues);
  checkHeaderValue("apiVersion", options.apiVersion, issues);
}

/** The headers of every request, from checked values. */
function baseHeaders(options: ClientOptions, token: string | undefined, extra: Record<string, string> | undefined): Record<string, string> {
  const ownAgent = `gh-user-packages/${VERSION}`;
  const { userAgent } = options;
  const own = {
    Accept: "application/vnd.github+json",
    "X-GitHub-Api-Version": given(options.apiVersion) ?? DEFAULT_API_VERSION,
    "User-Agent": userAgent ? `${userAgent} ${ownAgent}` : ownAgent,
  };
  // One spelling per name, as fetch sends them: the app's headers replace ours whatever their case.
  const merged = mergeHeaders(own, extra);
  return token === undefined ? merged : mergeHeaders(merged, { Authorization: `Bearer ${token}` });
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
    // Reading a method may throw (a getter, a Proxy): reading() turns that into an issue naming the option.
    const ok = reading(parameter, issues, () => (methods.length ? methods.every((m) => typeof holder[m] === "function") : typeof value === "function"));
    if (value !== undefined && ok === false) issues.push({ parameter, value, rule: `it must be ${what}` });
  }
}
