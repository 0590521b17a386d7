// The words of the progress line and of retry notices. Pure, so they are tested without a server.
import { RESULT_WINDOW } from "../core/door/params.js";
import type { RetryEvent } from "../core/policies/retry.js";
import { clockTime } from "./failure.js";

/**
 * How many pages of a type the listing will really fetch: what GitHub announced, cut to the
 * 10,000-result window and to the pages `--limit` needs; `null` when GitHub announced no last page.
 */
export function pagesToFetch(lastPage: number | null, perPage: number, limit: number | undefined): number | null {
  if (lastPage === null) return null;
  const needed = limit === undefined ? Infinity : Math.ceil(limit / perPage);
  return Math.min(lastPage, Math.floor(RESULT_WINDOW / perPage), needed);
}

const REASONS: Record<Exclude<RetryEvent["reason"], "rate-limit" | "secondary-rate-limit" | "server">, string> = {
  network: "a network error",
  timeout: "a timeout",
  malformed: "a malformed answer",
};

/** "waiting 42 s for the rate limit (resets 10:42)", "waiting 2 s to retry after a 502 answer (attempt 2)" */
export function waitText(event: RetryEvent, now: number): string {
  const seconds = Math.ceil(event.waitMs / 1000);
  if (event.reason === "rate-limit" || event.reason === "secondary-rate-limit") {
    return `waiting ${seconds} s for the rate limit (resets ${clockTime(new Date(now + event.waitMs))})`;
  }
  const after = event.reason === "server" ? `a ${String(event.status ?? "server error")} answer` : REASONS[event.reason];
  return `waiting ${seconds} s to retry after ${after} (attempt ${event.attempt})`;
}
