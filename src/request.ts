// One call under the retry policy: check the parameters, look in the cache, then
// attempt → settle → decide → wait, until an answer is handed over or the policy gives up.
import { attempt, type AttemptContext } from "./attempt.js";
import { keptPackages, type CacheEntry, type CacheStep } from "./cache.js";
import { TimeoutError, type NetworkError } from "./errors.js";
import { callSettingsOf, type Settings } from "./options.js";
import { checkParams } from "./params.js";
import { rateLimitOf, throttleOf, type Throttle } from "./rate-limit.js";
import { refuseForeignRedirect } from "./redirect.js";
import { toResult } from "./result.js";
import { decide, verdictOf, type RateLimitGate, type RetryEvent, type Verdict } from "./retry.js";
import { requestUrl, type Sent } from "./transport.js";
import type { ListUserPackagesParams, ListUserPackagesResult, RequestOptions } from "./types.js";
import type { WarningStep } from "./warnings.js";

/** A call's outcome: the result, and what a listing needs besides it. */
export interface Outcome {
  result: ListUserPackagesResult;
  /** The page's `Link` header (a cached page's kept one on a 304). */
  link: string | null;
  /** The request URL, for error messages. */
  url: string;
  /** How the answer asked the client to slow down, when it did. */
  throttle: Throttle | undefined;
}

/** Makes one call under the policy. */
export type Requester = (params: ListUserPackagesParams, init?: RequestOptions) => Promise<Outcome>;

/** The steps a requester drives. */
export interface RequestContext extends AttemptContext, Pick<Settings, "root" | "apiOrigin" | "policy" | "plainHttp" | "credential"> {
  gate: RateLimitGate;
  cache: CacheStep | undefined;
  warn: WarningStep;
  /** Tells the app about a wait before it starts (`onRetry`). */
  notify: (event: RetryEvent) => void;
}

/** What settling an answer needs to know of the call. */
interface CallState {
  url: string;
  entry: CacheEntry | undefined;
  key: string | undefined;
  signal: AbortSignal | undefined;
}

/** An attempt that failed: what the policy decides on, and what to hand over if it gives up. */
interface Failed {
  verdict: Verdict;
  giveUp: Outcome | NetworkError | TimeoutError;
}

/** The requester over `ctx`. */
export function requester(ctx: RequestContext): Requester {
  return (params, init) => request(ctx, params, init);
}

async function request(ctx: RequestContext, params: ListUserPackagesParams, init: RequestOptions | undefined): Promise<Outcome> {
  const call = callSettingsOf(init, ctx);
  const { query, owner } = checkParams(params);
  const url = requestUrl(ctx.root, owner, query);
  const { signal } = call;
  signal?.throwIfAborted();
  const kept = ctx.cache ? await ctx.cache.lookup(url, call.credential, signal) : undefined;
  let entry = kept?.entry;
  for (let n = 0; ; n++) {
    await ctx.gate.pass(signal);
    const headers = entry ? { ...call.headers, "If-None-Match": entry.etag } : call.headers;
    const tried = await attempt(ctx, { query, owner, url }, signal, headers);
    const next =
      "failure" in tried
        ? { verdict: { kind: tried.failure instanceof TimeoutError ? "timeout" : "network" } as const, giveUp: tried.failure }
        : await settle(ctx, tried, { url, entry, key: kept?.key, signal });
    if (!next) {
      entry = undefined; // the kept entry was unusable: ask again without it
      continue;
    }
    if (!("verdict" in next)) return next;
    const decision = decide(next.verdict, ctx.policy, n);
    if (decision.action === "give-up") {
      if (next.giveUp instanceof Error) throw next.giveUp;
      return next.giveUp;
    }
    // A final verdict always gives up (above), so the reason here is one worth a retry.
    const reason = next.verdict.kind as RetryEvent["reason"];
    ctx.notify({ attempt: n + 2, reason, status: statusOf(next.giveUp), waitMs: decision.waitMs, page: query.page });
    if (decision.action === "gate") ctx.gate.close(decision.waitMs); // every request of the client waits
    else await ctx.clock.sleep(decision.waitMs, signal);
  }
}

/** The HTTP status behind a failure, when there was an answer. */
const statusOf = (failure: Outcome | Error): number | undefined => ("result" in failure ? failure.result.response.status : undefined);

/** Reads one answer: an outcome to hand over, a failure for the policy, or `undefined` for an unusable cache entry. */
async function settle(ctx: RequestContext, sent: Sent, call: CallState): Promise<Outcome | Failed | undefined> {
  const { url, entry, key } = call;
  const { response, body } = sent;
  const { headers, status } = response;
  ctx.warn(headers, url);
  const rateLimit = rateLimitOf(headers);
  const link = headers.get("link");
  if (status === 304 && entry) {
    const data = keptPackages(entry);
    return data && { result: { data, response, rateLimit, cached: true }, link: link ?? entry.link, url, throttle: undefined };
  }
  refuseForeignRedirect(response, url, ctx.apiOrigin);
  const result = toResult(response, body, rateLimit);
  if (!result.error) {
    const etag = headers.get("etag");
    if (ctx.cache && key !== undefined && etag && typeof body === "string") await ctx.cache.keep(key, { etag, body, link }, call.signal);
    return { result, link, url, throttle: undefined };
  }
  const now = ctx.clock.now();
  const throttle = throttleOf(status, headers, result.error.message, now);
  return { verdict: verdictOf(status, headers, throttle, now), giveUp: { result, link, url, throttle } };
}
