// The request path (this folder): transport builds the URL and sends through openapi-fetch,
// body-limit caps what is read, clock bounds every wait by the timeout and the caller's signal,
// boundary guards what the caller hands in (clock, callbacks), result and rate-limit read the
// answer, echoed-secrets keeps a credential a server sends back out of every error.
//
// One call under the retry policy: check the call, look in the cache, then attempt, read the
// answer, and let the policy decide: hand it over, or wait and go again. An attempt is one
// request bounded by the timeout and the caller's signal, body included; a network failure or a
// timeout comes back as a value for the policy, while the caller's abort, a body over the cap, a
// redirect to another origin and a failing clock are thrown.
import { tooLarge } from "./body-limit.js";
import type { CacheEntry, CacheStep } from "../policies/cache.js";
import { within } from "./clock.js";
import { withoutEchoedSecrets } from "./echoed-secrets.js";
import { ClockError, NetworkError, ResponseTooLargeError, TimeoutError, UnsafeLinkError } from "../errors.js";
import { checkedCall, type Settings } from "../door/options.js";
import { rateLimitOf } from "./rate-limit.js";
import { keptPackages, toResult } from "./result.js";
import { retryAfter, type RateLimitGate } from "../policies/retry.js";
import { requestUrl, type Send, type Sent } from "./transport.js";
import type { ListUserPackagesParams, ListUserPackagesResult, Owner, Query, RequestOptions } from "../types.js";
import type { WarningStep } from "../policies/warnings.js";

/** A call's answer, once the policy hands it over, with the page's `Link` header (a cached page's kept one on a 304). */
interface Answered {
  result: ListUserPackagesResult;
  link: string | null;
}

/** What one attempt came to: the answer, or the network failure or timeout that kept it from coming. */
type Outcome = Answered | NetworkError | TimeoutError;

/** Makes one call under the policy. */
export type Requester = (params: ListUserPackagesParams, init?: RequestOptions) => Promise<Answered>;

/** The settings and the steps a requester drives; the cache and warning steps only when asked for. */
interface RequestContext extends Settings {
  send: Send;
  gate: RateLimitGate;
  cache: CacheStep | undefined;
  warn: WarningStep | undefined;
}

/** One call, as the steps see it. */
interface Call {
  query: Query;
  owner: Owner;
  url: string;
  signal: AbortSignal | undefined;
  headers: Record<string, string> | undefined;
  key: string | undefined;
}

/** The requester over `ctx`: every error it hands over, thrown or in a result, shows none of the call's credentials. */
export function requester(ctx: RequestContext): Requester {
  return async (params, init) => {
    const checked = checkedCall(init, params, ctx);
    try {
      const answered = await callWith(ctx, checked);
      const { error } = answered.result;
      if (error) withoutEchoedSecrets(error, checked.secrets);
      return answered;
    } catch (err) {
      throw withoutEchoedSecrets(err, checked.secrets);
    }
  };
}

/** One call under the policy, with the call's checked options and params. */
async function callWith(ctx: RequestContext, checked: ReturnType<typeof checkedCall>): Promise<Answered> {
  const { signal, headers, credential, query, owner } = checked;
  const url = requestUrl(ctx.root, owner, query);
  signal?.throwIfAborted();
  const kept = ctx.cache && (await ctx.cache.lookup(url, credential, signal));
  const call: Call = { query, owner, url, signal, headers, key: kept?.key };
  let entry = kept?.entry;
  for (let n = 0; ; n++) {
    await ctx.gate.pass(signal);
    const answer = await attempt(ctx, call, entry);
    if (!answer) {
      entry = undefined; // the kept entry was unusable: ask again without it
      continue;
    }
    const failure = answer instanceof Error ? answer : answer.result.error;
    const retry = failure && retryAfter(failure, ctx.policy, n, () => ctx.clock.now());
    if (!retry) {
      if (answer instanceof Error) throw answer;
      return answer;
    }
    const status = answer instanceof Error ? undefined : answer.result.response.status;
    ctx.onRetry?.({ attempt: n + 2, reason: retry.reason, status, waitMs: retry.waitMs, page: query.page });
    if (retry.gate) ctx.gate.close(retry.waitMs); // every request of the client waits
    else await ctx.clock.sleep(retry.waitMs, signal);
  }
}

/** One attempt's outcome, or `undefined` for a 304 whose kept entry is unusable. */
async function attempt(ctx: RequestContext, call: Call, entry: CacheEntry | undefined): Promise<Outcome | undefined> {
  const sent = await send(ctx, call, entry ? { ...call.headers, "If-None-Match": entry.etag } : call.headers);
  return sent instanceof Error ? sent : settle(ctx, call, sent, entry);
}

/** Sends one request for `call` with `headers`: what came back, or the network failure or timeout. */
async function send(ctx: RequestContext, call: Call, headers: Record<string, string> | undefined): Promise<Sent | NetworkError | TimeoutError> {
  const { query, url, signal } = call;
  // What the deadline fired with, if it did: known by identity, so nothing a fetch throws can pass for it.
  let fired: TimeoutError | ClockError | undefined;
  const timeout = (clockFailure?: ClockError) => (fired = clockFailure ?? new TimeoutError("GET", url, ctx.timeoutMs, query.page));
  try {
    return await within(ctx.clock, ctx.timeoutMs, signal, timeout, (bounded) => ctx.send(query, call.owner, bounded, headers));
  } catch (err) {
    if (signal?.aborted) throw err;
    if (tooLarge(err)) throw new ResponseTooLargeError(url, ctx.maxBodyBytes, query.page);
    if (fired instanceof ClockError) throw fired; // the same clock would fail a retry too
    return fired ?? new NetworkError("GET", url, err, query.page);
  }
}

/** Reads one answer into a result, or `undefined` for a 304 whose kept entry is unusable. */
async function settle(ctx: RequestContext, call: Call, sent: Sent, entry: CacheEntry | undefined): Promise<Answered | undefined> {
  const { url, key } = call;
  const { response, body } = sent;
  const { headers, status } = response;
  ctx.warn?.(headers, url);
  const rateLimit = rateLimitOf(headers);
  const link = headers.get("link");
  if (status === 304 && entry) {
    const data = keptPackages(entry.body);
    return data && { result: { data, response, rateLimit, cached: true }, link: link ?? entry.link };
  }
  refuseForeignRedirect(response, url, ctx.apiOrigin);
  const { page, per_page: perPage } = call.query;
  const result = toResult(response, body, rateLimit, { url, page, perPage, owner: call.owner, now: ctx.clock.now() });
  const etag = headers.get("etag");
  if (!result.error && ctx.cache && key !== undefined && etag && typeof body === "string") await ctx.cache.keep(key, { etag, body, link }, call.signal);
  return { result, link };
}

/**
 * Redirects are not followed (`redirect: "manual"`); one whose `Location` leaves `apiOrigin` is
 * refused with {@link UnsafeLinkError}, since following it by hand would send the token there.
 */
function refuseForeignRedirect(response: Response, url: string, apiOrigin: string): void {
  const { status, headers } = response;
  const location = status > 299 && status < 400 ? headers.get("location") : null;
  const target = location && URL.canParse(location, url) ? new URL(location, url) : undefined;
  if (!target || target.origin === apiOrigin) return; // no Location, or not a URL: nothing anyone could follow
  const what = status === 304 ? "a 304 Not Modified (no redirect) whose Location points" : `to follow a redirect (${status})`;
  throw new UnsafeLinkError(target.href, apiOrigin, `Refusing ${what} to ${target.origin}: it is not the API's origin ${apiOrigin}, and the token is only sent there.`);
}
