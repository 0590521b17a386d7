// The client: a thin layer over openapi-fetch that checks parameters first, applies the retry
// policy, and turns every response, however malformed, into the typed result union. Written with
// the browser bundle in mind (issue 5's budget): one pass per concern, no helper classes.
import createClient from "openapi-fetch";
import type { paths } from "../generated/user-packages.js";
import { credentialTag, MemoryCache, type CacheEntry, type CacheStore } from "./cache.js";
import {
  GitHubApiError,
  NetworkError,
  RateLimitError,
  TimeoutError,
  UnsafeLinkError,
  type ParameterIssue,
} from "./errors.js";
import {
  collect,
  packagesOf,
  paginate,
  type ListAllUserPackagesParams,
  type ListAllUserPackagesResult,
  type PackagePage,
  type PageFetcher,
  type PaginationOptions,
} from "./pagination.js";
import { checkParams, checkRules, refuse } from "./params.js";
import { rateLimitOf, retryAfterMs, throttleOf, type Throttle } from "./rate-limit.js";
import { backoffMs, rateLimitGate, resolveRetry, sleep } from "./retry.js";
import type {
  ClientOptions,
  ListUserPackagesError,
  ListUserPackagesParams,
  ListUserPackagesResult,
  Package,
  RequestOptions,
} from "./types.js";
import { VERSION } from "./version.js";

/** The API root used when `baseUrl` is not given. */
export const DEFAULT_BASE_URL = "https://api.github.com";
/** The REST API version sent in `X-GitHub-Api-Version` unless `apiVersion` says otherwise. */
export const DEFAULT_API_VERSION = "2022-11-28";
/** Time limit of one attempt unless `timeoutMs` says otherwise. */
export const DEFAULT_TIMEOUT_MS = 30_000;

const ENDPOINT = "/user/packages";
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;
const WHOLE_MS = { required: false, type: "integer", minimum: 0 } as const;
const RETRY_RULES = { retries: WHOLE_MS, minDelayMs: WHOLE_MS, maxDelayMs: WHOLE_MS, maxWaitMs: WHOLE_MS, secondaryWaitMs: WHOLE_MS };

/** What {@link createPackagesClient} returns. */
export interface PackagesClient {
  /**
   * Fetches one page of the packages in the authenticated user's namespace, under the retry
   * policy. Resolves to `{ data, response }` or `{ error, response }` (both with `rateLimit`);
   * rejects only for invalid parameters ({@link InvalidParametersError}), a network failure
   * ({@link NetworkError}), a timeout ({@link TimeoutError}), a redirect to another origin
   * ({@link UnsafeLinkError}) or an abort (the signal's reason), each after the retries.
   */
  listUserPackages(params: ListUserPackagesParams, init?: RequestOptions): Promise<ListUserPackagesResult>;
  /**
   * Every page of the listing, in order, with up to `concurrency` pages requested ahead. Stops at
   * GitHub's 10,000-result window (`truncated` on the pages says so). Rejects with a typed error
   * ({@link GitHubApiError}, {@link RateLimitError}, {@link NetworkError}, ...) naming the page.
   */
  iterateUserPackagePages(params: ListAllUserPackagesParams, opts?: PaginationOptions): AsyncIterableIterator<PackagePage>;
  /** Every package of the listing, one by one, in page order. */
  iterateUserPackages(params: ListAllUserPackagesParams, opts?: PaginationOptions): AsyncIterableIterator<Package>;
  /** Collects the whole listing: `{ packages, truncated, pages, rateLimit }`. */
  listAllUserPackages(params: ListAllUserPackagesParams, opts?: PaginationOptions): Promise<ListAllUserPackagesResult>;
}

/** One attempt's outcome: a response with its body, or a failure worth retrying. */
type Attempt = { response: Response; body: unknown } | { failure: NetworkError | TimeoutError };

/** A page request's outcome, with what a listing needs besides the result. */
interface Outcome {
  result: ListUserPackagesResult;
  link: string | null;
  url: string;
  throttle?: Throttle | undefined;
}

/**
 * Creates a client bound to one token and API root.
 *
 * @example
 * const client = createPackagesClient({ token: process.env.GITHUB_TOKEN });
 * const { data, error } = await client.listUserPackages({ package_type: "container" });
 */
export function createPackagesClient(options: ClientOptions = {}): PackagesClient {
  const { token, onWarning, cache, retry } = options;
  const { apiOrigin, root, timeoutMs } = checkClientOptions(options);
  const policy = resolveRetry(retry);
  const gate = rateLimitGate();
  const store: CacheStore | undefined = cache === true ? new MemoryCache() : cache || undefined;
  let tag: Promise<string> | undefined;
  // A store that fails (a cache server down, say) is bypassed: the request goes out without it.
  const quietly = <T>(use: (store: CacheStore) => T) => Promise.resolve(store!).then(use).catch(() => undefined);
  const warned = new Set<string>();
  const baseFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const ownAgent = `gh-user-packages/${VERSION}`;
  const client = createClient<paths>({
    baseUrl: root,
    headers: {
      Accept: "application/vnd.github+json",
      "X-GitHub-Api-Version": options.apiVersion ?? DEFAULT_API_VERSION,
      "User-Agent": options.userAgent ? `${options.userAgent} ${ownAgent}` : ownAgent,
      ...options.headers,
      ...(token !== undefined && { Authorization: `Bearer ${token}` }),
    },
    // Redirects are looked at, not followed: the token must never reach another origin.
    redirect: "manual",
    // openapi-fetch builds a Request and then calls fetch(request), which builds a second one
    // inside the runtime. Handing it this plain record instead, and calling fetch(url, init), saves
    // one construction per call (a measurable share of a small request's CPU). The injected
    // `fetch` therefore receives (url, init).
    Request: function PlainRequest(url: string, init: RequestInit) {
      return { url, init, method: init.method };
    } as unknown as typeof Request,
    fetch: (request: Request) => baseFetch(request.url, (request as unknown as { init: RequestInit }).init),
  });

  async function attempt(query: ListUserPackagesParams, url: string, init: RequestOptions, etag?: string): Promise<Attempt> {
    const outer = init.signal;
    const controller = new AbortController();
    const onAbort = () => controller.abort(outer!.reason);
    outer?.addEventListener("abort", onAbort, { once: true });
    const timer =
      timeoutMs > 0 ? setTimeout(() => controller.abort(new TimeoutError("GET", url, timeoutMs, query.page)), timeoutMs) : undefined;
    try {
      const { response, data, error } = await client.GET(ENDPOINT, {
        params: { query },
        // Read the body as text and parse it here: openapi-fetch would throw a SyntaxError on a
        // non-JSON 2xx body, and we want to keep the raw text of malformed bodies.
        parseAs: "text",
        signal: controller.signal,
        headers: etag ? { ...init.headers, "If-None-Match": etag } : init.headers,
      });
      return { response, body: response.ok ? data : error };
    } catch (err) {
      if (outer?.aborted) throw outer.reason;
      const reason: unknown = controller.signal.reason;
      return { failure: reason instanceof TimeoutError ? reason : new NetworkError("GET", url, err, query.page) };
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener("abort", onAbort);
    }
  }

  // Deprecation / Sunset headers reach onWarning once per distinct pair.
  function warn(headers: Headers, url: string): void {
    if (!onWarning) return;
    const deprecation = headers.get("deprecation");
    const sunset = headers.get("sunset");
    const key = `${deprecation}|${sunset}`;
    if ((deprecation ?? sunset) === null || warned.has(key)) return;
    warned.add(key);
    const deprecated = deprecation !== null;
    onWarning({
      kind: deprecated ? "deprecation" : "sunset",
      message:
        `GitHub marks GET ${ENDPOINT} as ${deprecated ? "deprecated" : "going away"}` +
        (deprecation ? ` (Deprecation: ${deprecation})` : "") +
        (sunset ? `; it stops working after ${sunset}` : "") +
        ".",
      deprecation,
      sunset,
      url,
    });
  }

  // The single-page call under the retry policy, and what a listing needs of it.
  async function request(params: ListUserPackagesParams, init: RequestOptions = {}): Promise<Outcome> {
    const query = checkParams(params);
    const url = `${root}${ENDPOINT}?${new URLSearchParams(query as unknown as Record<string, string>)}`;
    const { signal } = init;
    signal?.throwIfAborted();
    let key: string | undefined;
    let kept: CacheEntry | undefined;
    if (store) {
      key = `${await (tag ??= credentialTag(token))} GET ${url}`;
      kept = await quietly((s) => s.get(key!));
    }

    for (let n = 0; ; n++) {
      const retry = n < policy.retries;
      await gate.pass(signal);
      const outcome = await attempt(query, url, init, kept?.etag);
      if ("failure" in outcome) {
        if (!retry) throw outcome.failure;
        await sleep(backoffMs(policy, n), signal);
        continue;
      }
      const { response, body } = outcome;
      const { headers, status } = response;
      warn(headers, url);
      const rateLimit = rateLimitOf(headers);
      const link = headers.get("link");

      if (status === 304 && kept) {
        let data: unknown;
        try {
          data = JSON.parse(kept.body);
        } catch {
          // not usable: asked again below
        }
        if (Array.isArray(data)) return { result: { data, response, rateLimit, cached: true }, link: link ?? kept.link, url };
        // The store handed back something unusable: ask again without If-None-Match.
        kept = undefined;
        continue;
      }
      const location = status > 299 && status < 400 && headers.get("location");
      if (location) {
        let target: URL | undefined;
        try {
          target = new URL(location, url);
        } catch {
          // not a URL: nothing to follow
        }
        if (target && target.origin !== apiOrigin) {
          throw new UnsafeLinkError(
            target.href,
            apiOrigin,
            `Refusing to follow a redirect (${status}) to ${target.origin}: it is not the API's origin ${apiOrigin}, ` +
              "and the token is only sent there.",
          );
        }
      }
      const result = toResult(response, body, rateLimit);
      if (!result.error) {
        const etag = headers.get("etag");
        if (store && etag && typeof body === "string") await quietly((s) => s.set(key!, { etag, body, link }));
        return { result, link, url };
      }
      const throttle = throttleOf(status, headers, result.error.message);
      if (retry) {
        if (throttle) {
          const wait = throttle.waitMs ?? policy.secondaryWaitMs;
          if (wait <= policy.maxWaitMs) {
            gate.close(wait); // every request of this client waits, not only this one
            continue;
          }
        } else if ([500, 502, 503, 504].includes(status) || response.ok) {
          // A 2xx whose body is cut short or not JSON is a passing fault as much as a 502 is.
          const after = retryAfterMs(headers);
          await sleep(after !== undefined ? Math.min(after, policy.maxWaitMs) : backoffMs(policy, n), signal);
          continue;
        }
      }
      return { result, link, url, throttle };
    }
  }

  // One page for a listing: packages, or a typed error naming the page.
  const fetchPage: PageFetcher = async (query, init) => {
    const { result, link, url, throttle } = await request(query, init);
    const { error, response, rateLimit } = result;
    if (!error) return { packages: result.data, response, link, rateLimit };
    const fields = {
      status: response.status,
      apiMessage: error.message,
      documentationUrl: error.documentation_url,
      requestId: error.requestId,
      headers: Object.fromEntries(response.headers),
      rawBody: error.rawBody,
      method: "GET",
      url,
      page: query.page,
      rateLimit,
    };
    throw throttle
      ? new RateLimitError({
          ...fields,
          kind: throttle.kind,
          resetAt: "resetAt" in throttle ? throttle.resetAt : throttle.waitMs === undefined ? undefined : new Date(Date.now() + throttle.waitMs),
        })
      : new GitHubApiError(fields);
  };

  const pages = (params: ListAllUserPackagesParams, opts?: PaginationOptions) => paginate(fetchPage, apiOrigin, params, opts);

  return {
    listUserPackages: async (params, init) => (await request(params, init)).result,
    iterateUserPackagePages: pages,
    iterateUserPackages: (params, opts) => packagesOf(pages(params, opts)),
    listAllUserPackages: (params, opts) => collect(pages(params, opts)),
  };
}

/**
 * Fetches one page without keeping a client around: the same as
 * `createPackagesClient(options).listUserPackages(params, options)`.
 *
 * @example
 * const { data, error } = await listUserPackages({ package_type: "npm" }, { token });
 */
export async function listUserPackages(
  params: ListUserPackagesParams,
  options: ClientOptions & RequestOptions = {},
): Promise<ListUserPackagesResult> {
  return createPackagesClient(options).listUserPackages(params, { signal: options.signal });
}

/**
 * Every page of the listing, without keeping a client around. Invalid options reject the first
 * step of the iteration, before any request.
 *
 * @example
 * for await (const page of iterateUserPackagePages({ package_type: "npm" }, { token })) {
 *   console.log(page.page, page.packages.length);
 * }
 */
export async function* iterateUserPackagePages(
  params: ListAllUserPackagesParams,
  options: ClientOptions & PaginationOptions = {},
): AsyncGenerator<PackagePage, void, undefined> {
  yield* createPackagesClient(options).iterateUserPackagePages(params, options);
}

/**
 * Every package of the listing, one by one.
 *
 * @example
 * for await (const pkg of iterateUserPackages({ package_type: "container" }, { token })) {
 *   if (pkg.name === "web") break; // stops the requests still in flight
 * }
 */
export function iterateUserPackages(
  params: ListAllUserPackagesParams,
  options: ClientOptions & PaginationOptions = {},
): AsyncIterableIterator<Package> {
  return packagesOf(iterateUserPackagePages(params, options));
}

/**
 * The whole listing at once.
 *
 * @example
 * const { packages, truncated } = await listAllUserPackages({ package_type: "npm" }, { token });
 */
export function listAllUserPackages(
  params: ListAllUserPackagesParams,
  options: ClientOptions & PaginationOptions = {},
): Promise<ListAllUserPackagesResult> {
  return collect(iterateUserPackagePages(params, options));
}

/** Refuses client options that cannot work (all at once), before any request. */
function checkClientOptions(options: ClientOptions): { apiOrigin: string; root: string; timeoutMs: number } {
  const { token, retry } = options;
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  const issues: ParameterIssue[] = [];
  let api: URL | undefined;
  try {
    api = new URL(baseUrl);
  } catch {
    // refused below
  }
  if (!api || !/^https?:$/.test(api.protocol) || api.search || api.hash || api.username || api.password) {
    issues.push({
      parameter: "baseUrl",
      value: baseUrl,
      rule: "it must be an absolute http(s) URL without credentials, query or fragment, such as https://ghe.example.com/api/v3",
    });
  } else if (token !== undefined && api.protocol === "http:" && !LOOPBACK.test(api.hostname)) {
    issues.push({
      parameter: "baseUrl",
      value: baseUrl,
      rule: "a token is only sent over https:// (plain http:// is allowed for loopback hosts only, for local mocks)",
    });
  }
  // Checked here because fetch would otherwise throw a TypeError quoting the header value.
  if (token !== undefined && (typeof token !== "string" || !/^[\x21-\x7e]+$/.test(token))) {
    issues.push({ parameter: "token", value: "(hidden)", rule: "it must be a non-empty string of printable characters without spaces" });
  }
  const { timeoutMs = DEFAULT_TIMEOUT_MS } = checkRules({ timeoutMs: WHOLE_MS }, options as Record<string, unknown>, issues) as { timeoutMs?: number };
  if (retry !== undefined && retry !== false) {
    if (retry === null || typeof retry !== "object") {
      issues.push({ parameter: "retry", value: retry, rule: "it must be false or an object of retry options" });
    } else {
      const found: ParameterIssue[] = [];
      checkRules(RETRY_RULES, retry as Record<string, unknown>, found);
      for (const issue of found) issues.push({ ...issue, parameter: `retry.${issue.parameter}` });
    }
  }
  refuse(issues);
  // openapi-fetch drops one trailing slash; drop them all so "…/api/v3//" joins cleanly too.
  return { apiOrigin: api!.origin, root: baseUrl.replace(/\/+$/, ""), timeoutMs };
}

/** Turns a response and its (text or parsed) body into the result union. Never throws. */
function toResult(response: Response, body: unknown, rateLimit: ListUserPackagesResult["rateLimit"]): ListUserPackagesResult {
  const { ok, status, statusText, headers } = response;
  // openapi-fetch hands error bodies over parsed when they are JSON, as text otherwise, and as
  // undefined (or "") when the body is empty. Success bodies are always text here.
  const fields = !ok && body !== null && typeof body === "object" ? (body as Record<string, unknown>) : undefined;
  const rawBody = typeof body === "string" ? body : body == null ? "" : JSON.stringify(body);
  let what = "";
  if (ok) {
    let data: unknown;
    try {
      data = JSON.parse(rawBody);
    } catch {
      what = rawBody ? " whose body is not JSON" : " with an empty body";
    }
    if (Array.isArray(data)) return { data: data as Package[], response, rateLimit, cached: false };
    what ||= " whose body is not a JSON array of packages";
  } else if (!fields) {
    what = rawBody ? " whose body is not JSON" : " with an empty body";
  }
  const type = headers.get("content-type");
  const text = (key: string) => (typeof fields?.[key] === "string" ? (fields[key] as string) : undefined);
  const error: ListUserPackagesError = {
    message:
      text("message") ||
      `GitHub answered ${status}${statusText ? ` ${statusText}` : ""} with ${ok ? "a successful" : "an error"} response${what}` +
        (type && !fields && rawBody ? ` (content-type ${type})` : ""),
    httpStatus: status,
    requestId: headers.get("x-github-request-id"),
    rawBody,
  };
  for (const key of ["documentation_url", "url", "status"] as const) if (text(key) !== undefined) error[key] = text(key);
  return { error, response, rateLimit, cached: false };
}
