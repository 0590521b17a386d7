// The policies (this folder): what the client decides around a call, each a step wired in only
// when it is used: retry (this file), the conditional-request cache (cache, with MemoryCache as
// the store in memory) and warnings (GitHub's deprecation and sunset headers, told once).
//
// The retry policy: which failures are worth another attempt and how long to wait first, as a
// pure decision, plus the gate that pauses every request of a client while a rate limit runs out.
import type { Clock } from "../request/clock.js";
import { GitHubApiError, RateLimitError, TimeoutError, type NetworkError } from "../errors.js";
import { retryAfterMs } from "../request/rate-limit.js";

/** How failed attempts are retried. Every field is optional. */
export interface RetryOptions {
  /** Further attempts after the first, for transient failures. Default 3. */
  retries?: number | undefined;
  /** Backoff base: the first retry waits up to this long (full jitter). Default 500 ms. */
  minDelayMs?: number | undefined;
  /** Backoff cap. Default 30,000 ms. */
  maxDelayMs?: number | undefined;
  /**
   * The longest wait the client accepts for a rate limit (`retry-after` or the primary limit's
   * reset). A longer one fails at once with `RateLimitError`. Default 60,000 ms.
   */
  maxWaitMs?: number | undefined;
  /** Wait for a secondary rate limit that sends no `retry-after`. Default 60,000 ms, as GitHub advises. */
  secondaryWaitMs?: number | undefined;
}

type RetryPolicy = { readonly [K in keyof RetryOptions]-?: number };

/** The policy used when `retry` is not given. */
export const DEFAULT_RETRY: RetryPolicy = /* @__PURE__ */ Object.freeze({
  retries: 3,
  minDelayMs: 500,
  maxDelayMs: 30_000,
  maxWaitMs: 60_000,
  secondaryWaitMs: 60_000,
});

/** The policy with the given fields over the defaults; `retry: false` means one attempt and no waiting for rate limits. */
export function resolveRetry(option: RetryOptions | false | undefined): RetryPolicy {
  if (option === false) return { ...DEFAULT_RETRY, retries: 0, maxWaitMs: 0 };
  const policy: Record<string, number> = { ...DEFAULT_RETRY };
  for (const [key, value] of Object.entries(option ?? {})) if (typeof value === "number") policy[key] = value;
  return policy as RetryPolicy;
}

/** Capped exponential backoff with full jitter: a random wait in [0, min(cap, base · 2^attempt)). */
export function backoffMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** attempt));
}

/** Why a retry happens: a network failure, a timeout, a 5xx, a malformed 2xx, or a primary or secondary rate limit. */
type RetryReason = "network" | "timeout" | "server" | "malformed" | "rate-limit" | "secondary-rate-limit";

/**
 * What `onRetry` hears before each wait: which attempt comes next, why, the HTTP status when there
 * was an answer, how long the wait is, and the page requested.
 */
export interface RetryEvent {
  /** The attempt about to be waited for (2 for the first retry). */
  attempt: number;
  reason: RetryReason;
  /** The status of the answer that failed; `undefined` after a network failure or a timeout. */
  status: number | undefined;
  /** The wait before the next attempt, in milliseconds. */
  waitMs: number;
  /** The page requested, when the request named one. */
  page: number | undefined;
}

/**
 * The retry after attempt number `attempt` (0 for the first) failed with `failure`: why and how
 * long to wait, with `gate` when the wait holds every request of the client (a rate limit); or
 * `undefined` when the failure is final or the retries are spent. A 500/502/503/504 or a 2xx
 * whose body is unusable is a passing fault; a 404, or a 403 for a scope, is final. `now` is read
 * only to measure a `Retry-After` date. Pure but for that reading.
 */
export function retryAfter(
  failure: NetworkError | TimeoutError | GitHubApiError,
  policy: RetryPolicy,
  attempt: number,
  now: () => number,
  random: () => number = Math.random,
): { reason: RetryReason; waitMs: number; gate?: true } | undefined {
  if (attempt >= policy.retries) return undefined;
  if (failure instanceof RateLimitError) {
    const { kind, waitMs } = failure;
    // A primary limit lasts until its reset: without a readable one, waiting cannot help.
    const wait = kind === "primary" ? waitMs : (waitMs ?? policy.secondaryWaitMs);
    if (wait === undefined || wait > policy.maxWaitMs) return undefined;
    return { reason: kind === "primary" ? "rate-limit" : "secondary-rate-limit", waitMs: wait, gate: true };
  }
  if (!(failure instanceof GitHubApiError)) return { reason: failure instanceof TimeoutError ? "timeout" : "network", waitMs: backoffMs(policy, attempt, random) };
  const { status } = failure;
  const malformed = status >= 200 && status < 300;
  if (!malformed && status !== 500 && status !== 502 && status !== 503 && status !== 504) return undefined;
  // A server that asks for longer than the policy accepts is not asked again early.
  const after = retryAfterMs(failure.headers["retry-after"], now());
  if (after !== undefined && after > policy.maxWaitMs) return undefined;
  return { reason: malformed ? "malformed" : "server", waitMs: after ?? backoffMs(policy, attempt, random) };
}

/** The shared pause of a client; see {@link rateLimitGate}. */
export interface RateLimitGate {
  /** Holds requests back for `ms` from now (never shortening an earlier hold). */
  close(ms: number): void;
  /** Resolves when requests may go; rejects at once if the signal aborts. */
  pass(signal?: AbortSignal): Promise<void>;
}

/**
 * One per client: when any request meets a rate limit, every request of the client (all the page
 * workers of a listing) waits until the same moment before sending, so a burst does not trip
 * the limit again.
 */
export function rateLimitGate(clock: Clock): RateLimitGate {
  let until = 0;
  return {
    close(ms) {
      until = Math.max(until, clock.now() + ms);
    },
    async pass(signal) {
      // One wait per close: the loop goes round again only when another request closed the gate
      // further meanwhile, so a clock whose sleep ends early or whose time stands still cannot
      // make it spin.
      for (let seen = 0; until > seen; ) {
        seen = until;
        const wait = until - clock.now();
        if (wait > 0) await clock.sleep(wait, signal);
      }
    },
  };
}
