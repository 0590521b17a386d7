// The retry policy: which failures are worth another attempt and how long to wait first, as a
// pure decision, plus the gate that pauses every request of a client while a rate limit runs out.
import type { Clock } from "./clock.js";
import { retryAfterMs, type Throttle } from "./rate-limit.js";

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

export type RetryPolicy = { readonly [K in keyof RetryOptions]-?: number };

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

/**
 * What one attempt came to, as far as retrying goes: a failure worth another try (with any wait
 * the server asked for), a rate limit (with the wait it implies, when known), or `final`.
 */
export type Verdict =
  | { kind: "network" | "timeout" }
  | { kind: "server" | "malformed"; retryAfterMs: number | undefined }
  | { kind: "rate-limit" | "secondary-rate-limit"; waitMs: number | undefined }
  | { kind: "final" };

/**
 * Classifies an answer that carries an error: a throttle is a rate limit, a 500/502/503/504 or a
 * 2xx whose body is unusable is a passing fault, anything else (a 404, a 403 for a scope) is final.
 */
export function verdictOf(status: number, headers: Headers, throttle: Throttle | undefined, now: number): Verdict {
  if (throttle) return { kind: throttle.kind === "primary" ? "rate-limit" : "secondary-rate-limit", waitMs: throttle.waitMs };
  const passing = status === 500 || status === 502 || status === 503 || status === 504;
  const malformed = status >= 200 && status < 300;
  if (!passing && !malformed) return { kind: "final" };
  return { kind: malformed ? "malformed" : "server", retryAfterMs: retryAfterMs(headers, now) };
}

/**
 * What `onRetry` hears before each wait: which attempt comes next, why, the HTTP status when there
 * was an answer, how long the wait is, and the page requested.
 */
export interface RetryEvent {
  /** The attempt about to be waited for (2 for the first retry). */
  attempt: number;
  /** Why: a network failure, a timeout, a 5xx, a malformed 2xx, or a primary or secondary rate limit. */
  reason: Exclude<Verdict["kind"], "final">;
  /** The status of the answer that failed; `undefined` after a network failure or a timeout. */
  status: number | undefined;
  /** The wait before the next attempt, in milliseconds. */
  waitMs: number;
  /** The page requested, when the request named one. */
  page: number | undefined;
}

/** What to do next: sleep and retry, close the shared gate for a while and retry, or give up. */
export type Decision = { action: "retry" | "gate"; waitMs: number } | { action: "give-up" };

const GIVE_UP: Decision = { action: "give-up" };

/** The retry decision for attempt number `attempt` (0 for the first). Pure. */
export function decide(verdict: Verdict, policy: RetryPolicy, attempt: number, random: () => number = Math.random): Decision {
  if (verdict.kind === "final" || attempt >= policy.retries) return GIVE_UP;
  switch (verdict.kind) {
    case "network":
    case "timeout":
      return { action: "retry", waitMs: backoffMs(policy, attempt, random) };
    case "server":
    case "malformed": {
      // A server that asks for longer than the policy accepts is not asked again early.
      const after = verdict.retryAfterMs;
      if (after === undefined) return { action: "retry", waitMs: backoffMs(policy, attempt, random) };
      return after <= policy.maxWaitMs ? { action: "retry", waitMs: after } : GIVE_UP;
    }
    case "rate-limit":
    case "secondary-rate-limit": {
      // A primary limit lasts until its reset: without a readable one, waiting cannot help.
      if (verdict.kind === "rate-limit" && verdict.waitMs === undefined) return GIVE_UP;
      const wait = verdict.waitMs ?? policy.secondaryWaitMs;
      return wait <= policy.maxWaitMs ? { action: "gate", waitMs: wait } : GIVE_UP;
    }
  }
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
