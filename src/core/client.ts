// src/core is the client, in four parts, one folder each: door/ checks everything a caller gives,
// once and before any request (options, params, headers, the credentials it must never show,
// signals); request/ makes one call (transport, body cap, clock and the bounds around what the
// caller hands in, reading the answer and GitHub's rate-limit headers, masking echoed credentials);
// policies/ decides around a call (retry and the rate-limit gate, the conditional-request cache,
// warnings); listing/ reads every page (plan, runner, pagination, Link headers, verify's snapshot).
// errors.ts and types.ts, beside them, are shared by every part and every user. This file wires
// the parts; `node scripts/crossings.mjs` lists the names they exchange.
//
// The public entry points. createPackagesClient wires the steps (options → transport → attempt →
// request under the policy → pagination); the standalone functions make a client per call.
import { cacheStep } from "./policies/cache.js";
import { hidden, PAGINATION_OPTIONS, settingsOf, type ClientOptions } from "./door/options.js";
import { collect, packagesOf, paginate, type ListAllUserPackagesResult, type PackagePage, type PageFetcher } from "./listing/pagination.js";
import { requester, type Requester } from "./request/request.js";
import { rateLimitGate } from "./policies/retry.js";
import { createTransport } from "./request/transport.js";
import type {
  ListAllUserPackagesParams,
  ListUserPackagesParams,
  ListUserPackagesResult,
  Package,
  PaginationOptions,
  RequestOptions,
} from "./types.js";
import { warningStep } from "./policies/warnings.js";

/** What {@link createPackagesClient} returns. */
export interface PackagesClient {
  /**
   * Fetches one page of packages, under the retry policy: in the authenticated user's namespace,
   * or in an organization's (`org`) or another user's (`username`). Resolves to `{ data, response }` or `{ error, response }` (both with `rateLimit`);
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
  /** Collects the whole listing: `{ packages, truncated, truncatedTypes, pages, rateLimit }`. */
  listAllUserPackages(params: ListAllUserPackagesParams, opts?: PaginationOptions): Promise<ListAllUserPackagesResult>;
}

/**
 * The single-call core of a client: checked options and the steps a request goes through.
 * `alsoAllowed` names the per-call options a standalone function takes with the client's.
 */
function createRequester(options: ClientOptions, alsoAllowed?: readonly string[]): { request: Requester; apiOrigin: string; secrets: readonly string[] } {
  const settings = settingsOf(options, alsoAllowed);
  const { store, onWarning } = settings;
  const request = requester({
    ...settings,
    send: createTransport(settings),
    gate: rateLimitGate(settings.clock),
    // Wired only when asked for.
    cache: store && cacheStep(store, settings),
    warn: onWarning && warningStep(onWarning),
  });
  return { request, apiOrigin: settings.apiOrigin, secrets: settings.secrets };
}

/** `pages`, with a refusal of the listing's params or options showing none of the client's credentials. */
async function* hiding<T>(pages: AsyncIterable<T>, secrets: readonly string[]): AsyncGenerator<T, void, undefined> {
  try {
    yield* pages;
  } catch (err) {
    throw hidden(err, secrets);
  }
}

/** One page for a listing: packages, or the result's error (naming the page), thrown. */
function pageFetcher(request: Requester): PageFetcher {
  return async (query, init) => {
    const { result, link } = await request(query, init);
    const { error, response, rateLimit } = result;
    if (error) throw error;
    return { packages: result.data, response, link, rateLimit };
  };
}

/**
 * Creates a client bound to one token and API root.
 *
 * @example
 * const client = createPackagesClient({ token: process.env.GITHUB_TOKEN });
 * const { data, error } = await client.listUserPackages({ package_type: "container" });
 */
export function createPackagesClient(options: ClientOptions = {}): PackagesClient {
  const { request, apiOrigin, secrets } = createRequester(options);
  const fetchPage = pageFetcher(request);
  const pages = (params: ListAllUserPackagesParams, opts?: PaginationOptions) => hiding(paginate(fetchPage, apiOrigin, params, opts), secrets);
  return {
    listUserPackages: async (params, init) => (await request(params, init)).result,
    iterateUserPackagePages: pages,
    iterateUserPackages: (params, opts) => packagesOf(pages(params, opts)),
    listAllUserPackages: (params, opts) => collect(pages(params, opts)),
  };
}

/**
 * Fetches one page without keeping a client around: the same as
 * `createPackagesClient(options).listUserPackages(params, options)`, without pulling the
 * listing code into a bundle.
 *
 * @example
 * const { data, error } = await listUserPackages({ package_type: "npm" }, { token });
 */
export async function listUserPackages(
  params: ListUserPackagesParams,
  options: ClientOptions & RequestOptions = {},
): Promise<ListUserPackagesResult> {
  const { request } = createRequester(options, ["signal"]);
  return (await request(params, { signal: options.signal })).result;
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
  const { request, apiOrigin, secrets } = createRequester(options, PAGINATION_OPTIONS);
  yield* hiding(paginate(pageFetcher(request), apiOrigin, params, listingOptions(options)), secrets);
}

/** The listing's own options among a standalone call's options. */
function listingOptions(options: PaginationOptions): PaginationOptions {
  const { signal, headers, concurrency, maxItems, per_page, verify } = options;
  return { signal, headers, concurrency, maxItems, per_page, verify };
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
