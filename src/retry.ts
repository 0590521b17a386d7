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

export interface RetryPolicy {
  retries: number;
  minDelayMs: number;
  maxDelayMs: number;
  maxWaitMs: number;
  secondaryWaitMs: number;
}

export const DEFAULT_RETRY: Readonly<RetryPolicy> = Object.freeze({
  retries: 3,
  minDelayMs: 500,
  maxDelayMs: 30_000,
  maxWaitMs: 60_000,
  secondaryWaitMs: 60_000,
});

/** `retry: false` means one attempt and no waiting for rate limits. */
export function resolveRetry(option: RetryOptions | false | undefined): RetryPolicy {
  if (option === false) return { ...DEFAULT_RETRY, retries: 0, maxWaitMs: 0 };
  return { ...DEFAULT_RETRY, ...definedOnly(option ?? {}) };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Statuses GitHub uses for passing trouble; anything else 4xx/5xx is final. */
export const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([500, 502, 503, 504]);

/** Capped exponential backoff with full jitter: a random wait in [0, min(cap, base · 2^attempt)). */
export function backoffMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = () => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * One per client: when any request meets a rate limit, every request of the client (all the page
 * workers of a listing) waits until the same moment before sending, so a burst does not trip
 * the limit again.
 */
export class RateLimitGate {
  private until = 0;

  /** Holds requests back until `Date.now() + ms` (never shortens an earlier hold). */
  close(ms: number): void {
    this.until = Math.max(this.until, Date.now() + ms);
  }

  /** Resolves when requests may go; rejects at once if the signal aborts. */
  async pass(signal?: AbortSignal): Promise<void> {
    for (let wait = this.until - Date.now(); wait > 0; wait = this.until - Date.now()) {
      await sleep(wait, signal);
    }
  }
}
