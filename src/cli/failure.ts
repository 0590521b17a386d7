// What the CLI says when GitHub refuses: GitHub's message, the request id, and a hint that fits
// the cause, the same for one page and for --all.
import { hintFor, RateLimitError, type GitHubApiError } from "../errors.js";
import { throttleOf } from "../rate-limit.js";
import type { ListUserPackagesError, ListUserPackagesResult } from "../types.js";
import { printable } from "./terminal.js";

/** What a refusal is made of, whichever way it came. */
export interface Refusal {
  /** The path asked for, which names the namespace. */
  path: string;
  status: number;
  message: string;
  requestId: string | null;
  /** Set for a rate limit: when it resets, if GitHub said. */
  limited: { resetAt: Date | undefined } | undefined;
}

/** "10:42", in local time. */
export function clockTime(at: Date): string {
  return at.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}

/** "10:42 (in 12 min)" */
export function whenLocal(at: Date, now: number): string {
  const time = clockTime(at);
  const minutes = Math.max(0, Math.ceil((at.getTime() - now) / 60_000));
  return `${time} (in ${minutes < 1 ? "less than a minute" : `${minutes} min`})`;
}

/** The refusal in an error result. */
export function refusalOfResult(error: ListUserPackagesError, result: ListUserPackagesResult, path: string, now: number): Refusal {
  const throttle = throttleOf(error.httpStatus, result.response.headers, error.message, now);
  const resetAt = throttle?.waitMs === undefined ? undefined : new Date(now + throttle.waitMs);
  return { path, status: error.httpStatus, message: error.message, requestId: error.requestId, limited: throttle && { resetAt } };
}

/** The refusal in a listing's error. */
export function refusalOfError(err: GitHubApiError): Refusal {
  const limited = err instanceof RateLimitError ? { resetAt: err.resetAt } : undefined;
  return { path: new URL(err.url).pathname, status: err.status, message: err.apiMessage, requestId: err.requestId, limited };
}

/**
 * The words for stderr, on one line: what GitHub sent has its line breaks and other control
 * characters escaped, so a server cannot forge a second line (or move the cursor).
 */
export function describeRefusal(r: Refusal, now: number): string {
  const head = `GitHub API ${r.status}: ${printable(r.message)}${r.requestId ? ` (request ${printable(r.requestId)})` : ""}.`;
  if (!r.limited) return head + hintFor(r.status, r.message, r.path);
  const { resetAt } = r.limited;
  return `${head} GitHub's rate limit stopped the listing; ${resetAt ? `it resets at ${whenLocal(resetAt, now)}` : "try again in a few minutes"}.`;
}
