// One call under the retry policy: check the parameters, look in the cache, then attempt, read
// the answer into one Outcome, and let the policy decide: hand it over, or wait and go again.
import { attempt, type AttemptContext } from "./attempt.js";
import { keptPackages, type CacheEntry, type CacheStep } from "./cache.js";
import { RateLimitError, TimeoutError, type NetworkError } from "./errors.js";
import { callSettingsOf, type Settings } from "./options.js";
import { checkParams } from "./params.js";
import { rateLimitOf } from "./rate-limit.js";
import { refuseForeignRedirect } from "./redirect.js";
import { toResult } from "./result.js";
import { decide, verdictOf, type RateLimitGate, type RetryEvent, type Verdict } from "./retry.js";
import { requestUrl, type Sent } from "./transport.js";
import type { ListUserPackagesParams, ListUserPackagesResult, Owner, Query, RequestOptions } from "./types.js";
import type { WarningStep } from "./warnings.js";

/** What one attempt came to: the answer (or why none came), its `Link` header, and the retry verdict. */
export interface Outcome {
  answer: ListUserPackagesResult | NetworkError | TimeoutError;
  /** The page's `Link` header (a cached page's kept one on a 304). */
  link: string | null;
  verdict: Verdict;
}

/** A call's answer, once the policy hands it over. */
export interface Answered {
  result: ListUserPackagesResult;
  link: string | null;
}

/** Makes one call under the policy. */
export type Requester = (params: ListUserPackagesParams, init?: RequestOptions) => Promise<Answered>;

/** The steps a requester drives. */
export interface RequestContext extends AttemptContext, Pick<Settings, "root" | "apiOrigin" | "policy" | "plainHttp" | "credential"> {
  gate: RateLimitGate;
  cache: CacheStep | undefined;
  warn: WarningStep | undefined;
  /** Tells the app about a wait before it starts (`onRetry`). */
  notify: ((event: RetryEvent) => void) | undefined;
}

/** One call, as the steps see it. */
interface Call {
  query: Query;
  owner: Owner;
  url: string;
  signal: AbortSignal | undefined;
  key: string | undefined;
}

const FINAL: Verdict = { kind: "final" };

/** The requester over `ctx`. */
export function requester(ctx: RequestContext): Requester {
  return async (params, init) => {
    const settings = callSettingsOf(init, ctx);
    const { query, owner } = checkParams(params);
    const url = requestUrl(ctx.root, owner, query);
    const { signal } = settings;
    signal?.throwIfAborted();
    const kept = ctx.cache ? await ctx.cache.lookup(url, settings.credential, signal) : undefined;
    const call: Call = { query, owner, url, signal, key: kept?.key };
    let entry = kept?.entry;
    for (let n = 0; ; n++) {
      await ctx.gate.pass(signal);
      const headers = entry ? { ...settings.headers, "If-None-Match": entry.etag } : settings.headers;
      const sent = await attempt(ctx, call, signal, headers);
      const out = sent instanceof Error ? { answer: sent, link: null, verdict: { kind: sent instanceof TimeoutError ? "timeout" : "network" } as const } : await settle(ctx, sent, call, entry);
      if (!out) {
        entry = undefined; // the kept entry was unusable: ask again without it
        continue;
      }
      const { answer, verdict } = out;
      const decision = decide(verdict, ctx.policy, n);
      if (verdict.kind === "final" || decision.action === "give-up") {
        if (answer instanceof Error) throw answer;
        return { result: answer, link: out.link };
      }
      const status = answer instanceof Error ? undefined : answer.response.status;
      ctx.notify?.({ attempt: n + 2, reason: verdict.kind, status, waitMs: decision.waitMs, page: query.page });
      if (decision.action === "gate") ctx.gate.close(decision.waitMs); // every request of the client waits
      else await ctx.clock.sleep(decision.waitMs, signal);
    }
  };
}

/** Reads one answer into an outcome, or `undefined` for a 304 whose kept entry is unusable. */
async function settle(ctx: RequestContext, sent: Sent, call: Call, entry: CacheEntry | undefined): Promise<Outcome | undefined> {
  const { url, key } = call;
  const { response, body } = sent;
  const { headers, status } = response;
  ctx.warn?.(headers, url);
  const rateLimit = rateLimitOf(headers);
  const link = headers.get("link");
  if (status === 304 && entry) {
    const data = keptPackages(entry);
    return data && { answer: { data, response, rateLimit, cached: true }, link: link ?? entry.link, verdict: FINAL };
  }
  refuseForeignRedirect(response, url, ctx.apiOrigin);
  const now = ctx.clock.now();
  const answer = toResult(response, body, rateLimit, { url, page: call.query.page, owner: call.owner, now });
  const { error } = answer;
  if (!error) {
    const etag = headers.get("etag");
    if (ctx.cache && key !== undefined && etag && typeof body === "string") await ctx.cache.keep(key, { etag, body, link }, call.signal);
    return { answer, link, verdict: FINAL };
  }
  return { answer, link, verdict: verdictOf(status, headers, error instanceof RateLimitError ? error : undefined, now) };
}
