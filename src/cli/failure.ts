// What the CLI says when GitHub refuses: GitHub's message, the request id, and a hint that fits
// the cause, the same for one page and for --all (both give the same GitHubApiError).
import { RateLimitError, type GitHubApiError } from "../core/errors.js";
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
  if (!(err instanceof RateLimitError)) return err.hint ? `${head} ${err.hint}` : head;
  const { resetAt } = err;
  return `${head} GitHub's rate limit stopped the listing; ${resetAt ? `it resets at ${whenLocal(resetAt, now)}` : "try again in a few minutes"}.`;
}

/** True for a 403 that says the token lacks a scope (GitHub's message, or its X-OAuth-Scopes header without read:packages). */
export function missingScope(err: GitHubApiError): boolean {
  if (err.status !== 403 || err instanceof RateLimitError || /rate limit|by integration/i.test(err.apiMessage)) return false;
  const scopes = err.headers["x-oauth-scopes"];
  return /scope/i.test(err.apiMessage) || (scopes !== undefined && !scopes.split(/,\s*/).includes("read:packages"));
}

/** What the CLI adds to a refusal about its token, in a sentence, or "": where a rejected token came from; how gh's login gets the scope. */
export function tokenNote(err: GitHubApiError, token: { from: string; gh: boolean }, host: string): string {
  if (err.status === 401) return `The token was read from ${token.from}.`;
  if (!missingScope(err)) return "";
  const refresh = `gh auth refresh${host && host !== "github.com" ? ` --hostname ${host}` : ""} -s read:packages`;
  return token.gh ? `The token is gh's login: add the scope with ${refresh}.` : `(A token from gh's login gets the scope with ${refresh}.)`;
}
