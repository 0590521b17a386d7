// The retry policy: which failures are worth another attempt and how long to wait first, plus the
// gate that pauses every request of a client while a rate limit runs out.

/** How failed attempts are retried. Every field is optional. */
export interface RetryOptions {
  /** Further attempts after the first, for transient failures. Default 3. */
  retries?: number;
  /** Backoff base: the first retry waits up to this long (full jitter). Default 500 ms. */
  minDelayMs?: number;
  /** Backoff cap. Default 30,000 ms. */
  maxDelayMs?: number;
  /**
   * The longest wait the client accepts for a rate limit (`retry-after` or the primary limit's
   * reset). A longer one fails at once with `RateLimitError`. Default 60,000 ms.
   */
  maxWaitMs?: number;
  /** Wait for a secondary rate limit that sends no `retry-after`. Default 60,000 ms, as GitHub advises. */
  secondaryWaitMs?: number;
}

export type RetryPolicy = Required<RetryOptions>;

export const DEFAULT_RETRY: Readonly<RetryPolicy> = Object.freeze({
  retries: 3,
  minDelayMs: 500,
  maxDelayMs: 30_000,
  maxWaitMs: 60_000,
  secondaryWaitMs: 60_000,
});

/** The policy with the given fields over the defaults; `retry: false` means one attempt and no waiting for rate limits. */
export function resolveRetry(option: RetryOptions | false | undefined): RetryPolicy {
  const policy = { ...DEFAULT_RETRY };
  if (option === false) policy.retries = policy.maxWaitMs = 0;
  else for (const [key, value] of Object.entries(option ?? {})) if (value !== undefined) policy[key as keyof RetryPolicy] = value;
  return policy;
}

/** Capped exponential backoff with full jitter: a random wait in [0, min(cap, base · 2^attempt)). */
export function backoffMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** attempt));
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * One per client: when any request meets a rate limit, every request of the client (all the page
 * workers of a listing) waits until the same moment before sending, so a burst does not trip
 * the limit again. `close(ms)` holds requests back until then (never shortening an earlier hold);
 * `pass(signal)` resolves when requests may go and rejects at once if the signal aborts.
 */
export function rateLimitGate() {
  let until = 0;
  return {
    close(ms: number): void {
      until = Math.max(until, Date.now() + ms);
    },
    async pass(signal?: AbortSignal): Promise<void> {
      for (let wait; (wait = until - Date.now()) > 0; ) await sleep(wait, signal);
    },
  };
}
