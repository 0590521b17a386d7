// What the CLI says when GitHub refuses: GitHub's message, the request id, and a hint that fits
// the cause, the same for one page and for --all (both give the same GitHubApiError).
import { RateLimitError, type GitHubApiError } from "../errors.js";
import { printable } from "./terminal.js";

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

/**
 * The words for stderr, on one line: what GitHub sent has its line breaks and other control
 * characters escaped, so a server cannot forge a second line (or move the cursor).
 */
export function describeRefusal(err: GitHubApiError, now: number): string {
  const head = `GitHub API ${err.status}: ${printable(err.apiMessage)}${err.requestId ? ` (request ${printable(err.requestId)})` : ""}.`;
  if (!(err instanceof RateLimitError)) return head + err.hint;
  const { resetAt } = err;
  return `${head} GitHub's rate limit stopped the listing; ${resetAt ? `it resets at ${whenLocal(resetAt, now)}` : "try again in a few minutes"}.`;
}
