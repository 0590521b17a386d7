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

/** A header holding a whole number, or `undefined` when absent or unreadable. */
const intHeader = (headers: Headers, name: string): number | undefined => {
  const raw = headers.get(name)?.trim();
  return raw && /^\d{1,15}$/.test(raw) ? Number(raw) : undefined;
};

/** The rate-limit state a response reports, or `null` when it sends no `x-ratelimit-*` headers. */
export function rateLimitOf(headers: Headers): RateLimitState | null {
  const [limit, remaining, reset, used] = ["limit", "remaining", "reset", "used"].map((k) => intHeader(headers, `x-ratelimit-${k}`));
  return limit === undefined || remaining === undefined || reset === undefined
    ? null
    : { limit, remaining, reset: new Date(reset * 1000), used, resource: headers.get("x-ratelimit-resource") ?? undefined };
}

/**
 * `Retry-After` in milliseconds from `now`: delay-seconds or an HTTP date. `undefined` when absent
 * or unreadable; never negative.
 */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const raw = headers.get("retry-after")?.trim();
  if (!raw) return undefined;
  const at = /^\d{1,10}$/.test(raw) ? now + Number(raw) * 1000 : Date.parse(raw);
  return at === at ? Math.max(0, at - now) : undefined; // NaN for an unreadable date
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
  const waitMs = retryAfterMs(headers, now);
  if (state?.remaining === 0 && waitMs === undefined) {
    return { kind: "primary", resetAt: state.reset, waitMs: Math.max(0, state.reset.getTime() - now) };
  }
  return status === 429 || waitMs !== undefined || /secondary rate limit/i.test(message)
    ? { kind: "secondary", waitMs }
    : undefined;
}
