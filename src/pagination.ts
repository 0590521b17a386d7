// Listing every package: page 1 of each type first, then (when its Link header gives
// `rel="last"`) that type's other pages, with a bounded number in flight across every type,
// handed over in order, type by type. Without `last`, or when the page planned as last still
// names a `next`, `next` is followed one page at a time. GitHub refuses page × per_page > 10,000,
// so a listing stops at that window and says it was truncated. The plan is pure (page-plan), the
// pool and buffer are the runner's (page-runner); this file checks, wires and hands over.
import { UnsafeLinkError } from "./errors.js";
import { parseLinkHeader } from "./link.js";
import { listingOf } from "./options.js";
import { FIRST_PAGE } from "./page-plan.js";
import { pageRunner, type FetchedPage, type RunnerSteps } from "./page-runner.js";
import type { RateLimitState } from "./rate-limit.js";
import type { ListAllUserPackagesParams, ListUserPackagesParams, Package, PackageType, PaginationOptions, RequestOptions } from "./types.js";

/** One page of a listing. */
export interface PackagePage {
  /** The package type listed on this page. */
  package_type: PackageType;
  /** The page number (1-based), within this package type's listing. */
  page: number;
  packages: Package[];
  response: Response;
  /** The rate-limit figures of this page's response. */
  rateLimit: RateLimitState | null;
  /** The last page GitHub announced (`rel="last"`), or `null` when it announced none. */
  lastPage: number | null;
  /**
   * True when GitHub has more packages of this type than its 10,000-result window lets anyone
   * list, so the listing of this type stops at the window. Known from page 1 when GitHub sends
   * `rel="last"`; otherwise set on the type's final page.
   */
  truncated: boolean;
  /**
   * True when this type's listing was seen to change while it was read, up to this page: the
   * page planned as last named a `next` (followed to the real end), a package already handed
   * over came again (dropped), a `next` pointed back (the type ends there), or a page came back
   * short before the last.
   */
  changed: boolean;
}

/** What {@link listAllUserPackages} resolves to. */
export interface ListAllUserPackagesResult {
  /** Every package listed, in page order. */
  packages: Package[];
  /** True when the listing stopped at GitHub's 10,000-result window while more packages exist. */
  truncated: boolean;
  /** The package types whose listing stopped at that window. */
  truncatedTypes: PackageType[];
  /** True when any type's listing changed while it was read (see {@link PackagePage.changed}). */
  changed: boolean;
  /** How many pages were requested and read. */
  pages: number;
  /** The rate-limit figures of the last page's response. */
  rateLimit: RateLimitState | null;
}

/**
 * Fetches one page; supplied by the client. It resolves only to packages and rejects with a typed
 * error (GitHubApiError, NetworkError, ...) otherwise.
 */
export type PageFetcher = (query: ListUserPackagesParams, init: RequestOptions) => Promise<FetchedPage>;

/** Reads the page number a link points at, refusing links to another origin. */
function pageOf(link: string, apiOrigin: string): number {
  const url = URL.canParse(link) ? new URL(link) : undefined; // not a URL: refused below
  if (url && url.origin !== apiOrigin) throw new UnsafeLinkError(link, apiOrigin);
  const page = Number(url?.searchParams.get("page")?.match(/^\d{1,9}$/)?.[0]);
  if (!(page >= 1)) {
    throw new UnsafeLinkError(link, apiOrigin, `Cannot follow a Link that is not an absolute URL with a page number: ${JSON.stringify(link.slice(0, 80))}`);
  }
  return page;
}

/** The relations of a `Link` header that steer a listing, as page numbers. */
function steeringLinks(apiOrigin: string): RunnerSteps["links"] {
  return (header, withLast) => {
    const { last, next } = parseLinkHeader(header);
    return {
      last: withLast && last !== undefined ? pageOf(last, apiOrigin) : undefined,
      next: next === undefined ? undefined : pageOf(next, apiOrigin),
    };
  };
}

/** The packages of `packages` whose id was not handed over yet, adding them to `seen`. */
function unseen(packages: Package[], seen: Set<number>): Package[] {
  const fresh: Package[] = [];
  for (const p of packages) {
    if (seen.has(p.id)) continue;
    seen.add(p.id);
    fresh.push(p);
  }
  return fresh;
}

/**
 * Pages of the listing, in order, type by type, with at most `concurrency` requests in flight.
 * Each type's pages are taken index by index from the runner's buffer until its plan has no more.
 * Params and options are checked at the first step, so a refusal rejects it, before any request.
 */
export async function* paginate(
  fetchPage: PageFetcher,
  apiOrigin: string,
  params: ListAllUserPackagesParams,
  opts: PaginationOptions | undefined,
): AsyncGenerator<PackagePage, void, undefined> {
  const { plan, types, params: filters, signal: outer, headers } = listingOf(params, opts);
  outer?.throwIfAborted();
  // Leaving the loop early, or the caller's abort, cancels whatever is in flight.
  const ended = new AbortController();
  const signal = outer ? AbortSignal.any([outer, ended.signal]) : ended.signal;
  const init: RequestOptions = { signal, ...(headers && { headers }) };
  const fetch = (type: number, page: number) => fetchPage({ ...filters, package_type: types[type] ?? "npm", page, per_page: plan.perPage }, init);
  const runner = pageRunner(plan, types.length, { fetch, links: steeringLinks(apiOrigin) }, signal);
  let remaining = plan.maxItems;
  try {
    for (const [t, packageType] of types.entries()) {
      const seen = new Set<number>();
      for (let index = 0; index < (runner.types[t]?.pages.length ?? 0); index++) {
        const { packages, response, rateLimit } = await runner.take(t, index);
        signal.throwIfAborted(); // a page that arrived before an abort is not handed over after it
        const fresh = unseen(packages, seen);
        const handed = fresh.length > remaining ? fresh.slice(0, remaining) : fresh;
        remaining -= handed.length;
        runner.handOver(t, index, handed.length, fresh.length < packages.length); // repeats dropped: it changed
        const { pages, lastPage, truncated, changed } = runner.types[t] ?? FIRST_PAGE;
        yield { package_type: packageType, page: pages[index] ?? index + 1, packages: handed, response, rateLimit, lastPage, truncated, changed };
        if (remaining <= 0) return;
      }
    }
  } finally {
    ended.abort(new DOMException("The listing ended before this page was needed.", "AbortError"));
    await runner.settled();
  }
}

/** Packages of the listing, one by one, in page order. */
export async function* packagesOf(pages: AsyncIterable<PackagePage>): AsyncGenerator<Package, void, undefined> {
  for await (const page of pages) yield* page.packages;
}

/** Collects a whole listing. */
export async function collect(pages: AsyncIterable<PackagePage>): Promise<ListAllUserPackagesResult> {
  const result: ListAllUserPackagesResult = { packages: [], truncated: false, truncatedTypes: [], changed: false, pages: 0, rateLimit: null };
  for await (const page of pages) {
    for (const p of page.packages) result.packages.push(p);
    if (page.truncated && !result.truncatedTypes.includes(page.package_type)) result.truncatedTypes.push(page.package_type);
    result.truncated = result.truncatedTypes.length > 0;
    result.changed ||= page.changed;
    result.rateLimit = page.rateLimit ?? result.rateLimit;
    result.pages++;
  }
  return result;
}
