// Client options: checked all at once when a client is made (before any request), then resolved
// into the settings the request steps read.
import { LONGEST_WAIT_MS, systemClock, type Clock } from "./clock.js";
import type { CacheStore } from "./cache.js";
import type { ParameterIssue } from "./errors.js";
import { checkRules, refuse } from "./params.js";
import { resolveRetry, type RetryPolicy } from "./retry.js";
import type { ClientOptions, GitHubWarning } from "./types.js";

/** The API root used when `baseUrl` is not given. */
export const DEFAULT_BASE_URL = "https://api.github.com";
/** The REST API version sent in `X-GitHub-Api-Version` unless `apiVersion` says otherwise. */
export const DEFAULT_API_VERSION = "2022-11-28";
/** Time limit of one attempt unless `timeoutMs` says otherwise. */
export const DEFAULT_TIMEOUT_MS = 30_000;

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;
const WHOLE_MS = { required: false, type: "integer", minimum: 0, maximum: LONGEST_WAIT_MS } as const;
const RETRY_RULES = { retries: WHOLE_MS, minDelayMs: WHOLE_MS, maxDelayMs: WHOLE_MS, maxWaitMs: WHOLE_MS, secondaryWaitMs: WHOLE_MS };

/** What the request steps read from the options, once checked. */
export interface Settings {
  /** The API root without trailing slashes, such as `https://api.github.com`. */
  root: string;
  /** Its origin: the only one the token is sent to. */
  apiOrigin: string;
  timeoutMs: number;
  policy: RetryPolicy;
  clock: Clock;
  token: string | undefined;
  store: CacheStore | undefined;
  onWarning: ((warning: GitHubWarning) => void) | undefined;
}

/** Checks the options (throwing InvalidParametersError listing every problem) and resolves them. */
export function settingsOf(options: ClientOptions): Settings {
  const issues: ParameterIssue[] = [];
  const api = checkBaseUrl(options, issues);
  checkToken(options.token, issues);
  const { timeoutMs = DEFAULT_TIMEOUT_MS } = checkRules({ timeoutMs: WHOLE_MS }, options as Record<string, unknown>, issues) as { timeoutMs?: number };
  checkRetry(options.retry, issues);
  checkCache(options.cache, issues);
  refuse(issues);
  return {
    // openapi-fetch drops one trailing slash; drop them all so "…/api/v3//" joins cleanly too.
    root: (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, ""),
    // refuse() above threw unless checkBaseUrl found a URL
    apiOrigin: api?.origin ?? "",
    timeoutMs,
    policy: resolveRetry(options.retry),
    clock: options.clock ?? systemClock,
    token: options.token,
    store: options.cache,
    onWarning: options.onWarning,
  };
}

function checkBaseUrl(options: ClientOptions, issues: ParameterIssue[]): URL | undefined {
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  let api: URL | undefined;
  try {
    api = new URL(baseUrl);
  } catch {
    // refused below
  }
  if (!api || !/^https?:$/.test(api.protocol) || api.search || api.hash || api.username || api.password) {
    issues.push({
      parameter: "baseUrl",
      value: baseUrl,
      rule: "it must be an absolute http(s) URL without credentials, query or fragment, such as https://ghe.example.com/api/v3",
    });
    return undefined;
  }
  if (options.token !== undefined && api.protocol === "http:" && !LOOPBACK.test(api.hostname)) {
    issues.push({
      parameter: "baseUrl",
      value: baseUrl,
      rule: "a token is only sent over https:// (plain http:// is allowed for loopback hosts only, for local mocks)",
    });
  }
  return api;
}

// Checked here because fetch would otherwise throw a TypeError quoting the header value.
function checkToken(token: unknown, issues: ParameterIssue[]): void {
  if (token !== undefined && (typeof token !== "string" || !/^[\x21-\x7e]+$/.test(token))) {
    issues.push({ parameter: "token", value: "(hidden)", rule: "it must be a non-empty string of printable characters without spaces" });
  }
}

function checkRetry(retry: unknown, issues: ParameterIssue[]): void {
  if (retry === undefined || retry === false) return;
  if (retry === null || typeof retry !== "object") {
    issues.push({ parameter: "retry", value: retry, rule: "it must be false or an object of retry options" });
    return;
  }
  checkRules(RETRY_RULES, retry as Record<string, unknown>, issues, "retry.");
}

function checkCache(cache: unknown, issues: ParameterIssue[]): void {
  if (cache === undefined) return;
  const { get, set } = Object(cache) as Partial<CacheStore>; // checked here, at run time
  if (typeof get !== "function" || typeof set !== "function") {
    issues.push({ parameter: "cache", value: cache, rule: "it must be a store with get and set methods" });
  }
}
