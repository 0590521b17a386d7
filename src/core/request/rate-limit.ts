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

/**
 * How far ahead a time hint may point before it is taken for nonsense. GitHub's own hints are
 * minutes to an hour; a wait of more than a day is a broken or hostile header.
 */
const LONGEST_HINT_MS = 24 * 3600 * 1000;

/** The farthest time from the epoch a Date can hold, either way (year 275760). */
export const DATE_RANGE_MS = 8.64e15;

/** A header holding a whole number, or `undefined` when absent or unreadable. */
const intHeader = (headers: Headers, name: string): number | undefined => {
  const raw = headers.get(name)?.trim();
  return raw && /^\d{1,15}$/.test(raw) ? Number(raw) : undefined;
};

/**
 * A wait in milliseconds from `now`, or `undefined` ("no hint") when it is not a number, points
 * absurdly far ahead, or ends past what a Date can hold (the reset is shown as one).
 */
const hint = (ms: number, now: number): number | undefined =>
  Number.isFinite(ms) && ms <= LONGEST_HINT_MS && now + Math.max(0, ms) <= DATE_RANGE_MS ? Math.max(0, ms) : undefined;

/** The rate-limit state a response reports, or `null` when its `x-ratelimit-*` headers are absent or unreadable. */
export function rateLimitOf(headers: Headers): RateLimitState | null {
  const [limit, remaining, reset, used] = ["limit", "remaining", "reset", "used"].map((k) => intHeader(headers, `x-ratelimit-${k}`));
  // An epoch beyond what a Date can hold (year 275760) is unreadable, not a RangeError.
  if (limit === undefined || remaining === undefined || reset === undefined || reset * 1000 > DATE_RANGE_MS) return null;
  return { limit, remaining, reset: new Date(reset * 1000), used, resource: headers.get("x-ratelimit-resource") ?? undefined };
}

/**
 * A `Retry-After` header as a wait in milliseconds from `now`: whole delay-seconds or an HTTP date (one in
 * the past means no wait). Negative, fractional, unreadable or absurd values give `undefined`.
 */
export function retryAfterMs(header: string | null | undefined, now: number): number | undefined {
  const raw = header?.trim();
  if (!raw) return undefined;
  // Only a text with letters is read as a date: Date.parse would take "-5" or "1.5" for years.
  return hint(/^\d+$/.test(raw) ? Number(raw) * 1000 : /[a-z]/i.test(raw) ? Date.parse(raw) - now : NaN, now);
}

/** The wait until `x-ratelimit-reset`, in milliseconds from `now`, or `undefined` when unreadable or absurd. */
export function resetWaitMs(headers: Headers, now: number): number | undefined {
  const reset = intHeader(headers, "x-ratelimit-reset");
  return reset === undefined ? undefined : hint(reset * 1000 - now, now);
}

/** How a response asks the client to slow down, if it does; `waitMs` is undefined when it gave no usable hint. */
type Throttle = { kind: "primary" | "secondary"; waitMs: number | undefined };

/**
 * Tells a rate-limited answer apart from other errors. Primary: 403 or 429 with
 * `x-ratelimit-remaining: 0` (wait until `x-ratelimit-reset`). Secondary: 429, or 403 with
 * `retry-after` or GitHub's "secondary rate limit" wording. Anything else (a 403 for a missing
 * scope, say) is not a throttle.
 */
export function throttleOf(status: number, headers: Headers, message: string, now: number): Throttle | undefined {
  if (status !== 403 && status !== 429) return undefined;
  const after = retryAfterMs(headers.get("retry-after"), now);
  if (after === undefined && headers.get("x-ratelimit-remaining")?.trim() === "0") {
    return { kind: "primary", waitMs: resetWaitMs(headers, now) };
  }
  return status === 429 || after !== undefined || /secondary rate limit/i.test(message) ? { kind: "secondary", waitMs: after } : undefined;
}
