// Reading GitHub's rate-limit headers and telling the kinds of "slow down" answers apart.

/** The rate-limit figures of a response (`x-ratelimit-*`). */
export interface RateLimitState {
  /** Requests allowed per window. */
  limit: number;
  /** Requests left in the window. */
  remaining: number;
  /** When the window resets. */
  reset: Date;
  /** Requests used in the window, when sent. */
  used: number | undefined;
  /** Which limit this is, such as `core`. */
  resource: string | undefined;
}

/** The rate-limit state a response reports, or `null` when it sends no `x-ratelimit-*` headers. */
export function rateLimitOf(headers: Headers): RateLimitState | null {
  const limit = intHeader(headers, "x-ratelimit-limit");
  const remaining = intHeader(headers, "x-ratelimit-remaining");
  const reset = intHeader(headers, "x-ratelimit-reset");
  if (limit === undefined || remaining === undefined || reset === undefined) return null;
  return {
    limit,
    remaining,
    reset: new Date(reset * 1000),
    used: intHeader(headers, "x-ratelimit-used"),
    resource: headers.get("x-ratelimit-resource") ?? undefined,
  };
}

function intHeader(headers: Headers, name: string): number | undefined {
  const raw = headers.get(name);
  if (raw === null || !/^\d{1,15}$/.test(raw.trim())) return undefined;
  return Number(raw.trim());
}

/**
 * `Retry-After` in milliseconds from `now`: delay-seconds or an HTTP date. `undefined` when absent
 * or unreadable; never negative.
 */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const raw = headers.get("retry-after")?.trim();
  if (!raw) return undefined;
  if (/^\d{1,10}$/.test(raw)) return Number(raw) * 1000;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** How a response asks the client to slow down, if it does. */
export type Throttle =
  | { kind: "primary"; resetAt: Date; waitMs: number }
  | { kind: "secondary"; waitMs: number | undefined };

/**
 * Tells a rate-limited answer apart from other errors. Primary: 403 or 429 with
 * `x-ratelimit-remaining: 0`. Secondary: 429, or 403 with `retry-after` or GitHub's
 * "secondary rate limit" wording. Anything else (a 403 for a missing scope, say) is not a throttle.
 */
export function throttleOf(status: number, headers: Headers, message: string, now = Date.now()): Throttle | undefined {
  if (status !== 403 && status !== 429) return undefined;
  const state = rateLimitOf(headers);
  const after = retryAfterMs(headers, now);
  if (state && state.remaining === 0 && after === undefined) {
    return { kind: "primary", resetAt: state.reset, waitMs: Math.max(0, state.reset.getTime() - now) };
  }
  if (status === 429 || after !== undefined || /secondary rate limit/i.test(message)) {
    return { kind: "secondary", waitMs: after };
  }
  return undefined;
}
