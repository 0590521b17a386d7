// Listing every package: page 1 first, then (when its Link header gives `rel="last"`) the other
// pages with a bounded number in flight, yielded in order; without `last`, `next` is followed one
// page at a time. GitHub refuses page × per_page > 10,000, so a listing stops at that window and
// says it was truncated.
import { InvalidParametersError, UnsafeLinkError, type ParameterIssue } from "./errors.js";
import { parseLinkHeader } from "./link.js";
import { MAX_PER_PAGE, RESULT_WINDOW } from "./params.js";
import type { RateLimitState } from "./rate-limit.js";
import type { ListUserPackagesParams, Package, RequestOptions } from "./types.js";

/**
 * Default number of page requests in flight. GitHub asks clients not to flood it (its secondary
 * limits start at 100 concurrent requests); 8 stays far below that while a listing, at most 100
 * pages, finishes in about a tenth of the serial time.
 */
export const DEFAULT_CONCURRENCY = 8;
/** The largest `concurrency` accepted. */
export const MAX_CONCURRENCY = 10;

/** What to list: the filters of `GET /user/packages` (pages are chosen by the listing). */
export type ListAllUserPackagesParams = Pick<ListUserPackagesParams, "package_type" | "visibility">;

/** Options of the listing functions. */
export interface PaginationOptions extends RequestOptions {
  /** Page requests in flight at once, 1 to 10. Default 8. */
  concurrency?: number;
  /** Stop after this many packages; no page beyond them is requested. */
  maxItems?: number;
  /** Packages per page, 1 to 100. Default 100 (the fewest requests). */
  per_page?: number;
}

/** One page of a listing. */
export interface PackagePage {
  /** The page number (1-based). */
  page: number;
  packages: Package[];
  response: Response;
  /** The rate-limit figures of this page's response. */
  rateLimit: RateLimitState | null;
  /** The last page GitHub announced (`rel="last"`), or `null` when it announced none. */
  lastPage: number | null;
  /**
   * True when GitHub has more packages than its 10,000-result window lets anyone list, so the
   * listing stops at the window. Known from page 1 when GitHub sends `rel="last"`; otherwise set
   * on the final page.
   */
  truncated: boolean;
}

/** What {@link listAllUserPackages} resolves to. */
export interface ListAllUserPackagesResult {
  /** Every package listed, in page order. */
  packages: Package[];
  /** True when the listing stopped at GitHub's 10,000-result window while more packages exist. */
  truncated: boolean;
  /** How many pages were requested and read. */
  pages: number;
  /** The rate-limit figures of the last page's response. */
  rateLimit: RateLimitState | null;
}

/**
 * Fetches one page; supplied by the client. It resolves only to packages and rejects with a typed
 * error (GitHubApiError, NetworkError, ...) otherwise.
 */
export type PageFetcher = (
  query: ListUserPackagesParams,
  init: RequestOptions,
) => Promise<{ packages: Package[]; response: Response; link: string | null; rateLimit: RateLimitState | null }>;

interface Checked {
  concurrency: number;
  maxItems: number;
  perPage: number;
}

function checkOptions(opts: PaginationOptions): Checked {
  const issues: ParameterIssue[] = [];
  const int = (v: unknown, min: number, max: number) =>
    typeof v === "number" && Number.isSafeInteger(v) && v >= min && v <= max;
  const { concurrency = DEFAULT_CONCURRENCY, maxItems, per_page = MAX_PER_PAGE } = opts;
  if (!int(concurrency, 1, MAX_CONCURRENCY)) {
    issues.push({ parameter: "concurrency", value: concurrency, rule: `it must be an integer from 1 to ${MAX_CONCURRENCY}` });
  }
  if (maxItems !== undefined && !int(maxItems, 1, Number.MAX_SAFE_INTEGER)) {
    issues.push({ parameter: "maxItems", value: maxItems, rule: "it must be an integer of at least 1" });
  }
  if (!int(per_page, 1, MAX_PER_PAGE)) {
    issues.push({ parameter: "per_page", value: per_page, rule: `it must be an integer from 1 to ${MAX_PER_PAGE}` });
  }
  if (issues.length) throw new InvalidParametersError(issues);
  return { concurrency, maxItems: maxItems ?? Number.POSITIVE_INFINITY, perPage: per_page };
}

/** Reads the page number a link points at, refusing links to another origin. */
function pageOf(link: string, apiOrigin: string): number {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw new UnsafeLinkError(link, apiOrigin, `Cannot follow a Link that is not an absolute URL: ${JSON.stringify(link.slice(0, 80))}`);
  }
  if (url.origin !== apiOrigin) throw new UnsafeLinkError(link, apiOrigin);
  const raw = url.searchParams.get("page");
  const page = raw !== null && /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
  if (!(page >= 1)) {
    throw new UnsafeLinkError(link, apiOrigin, `Cannot follow a Link without a page number: ${url.pathname}${url.search}`);
  }
  return page;
}

/** Pages of the listing, in order, with at most `concurrency` requested ahead of the consumer. */
export async function* paginate(
  fetchPage: PageFetcher,
  apiOrigin: string,
  params: ListAllUserPackagesParams,
  opts: PaginationOptions = {},
): AsyncGenerator<PackagePage, void, undefined> {
  const { concurrency, maxItems, perPage } = checkOptions(opts);
  const outer = opts.signal;
  outer?.throwIfAborted();
  // One controller for the whole listing: leaving the loop early aborts whatever is in flight.
  const controller = new AbortController();
  const onAbort = () => controller.abort(outer?.reason);
  outer?.addEventListener("abort", onAbort, { once: true });
  const init: RequestOptions = { signal: controller.signal, ...(opts.headers ? { headers: opts.headers } : {}) };
  const windowPages = Math.floor(RESULT_WINDOW / perPage);
  const neededPages = Math.ceil(maxItems / perPage);
  type Fetched = Awaited<ReturnType<PageFetcher>> & { page: number };
  const pending: Promise<Fetched>[] = [];
  let lastPage: number | null = null;
  let truncated = false;
  let remaining = maxItems;

  const fetchOne = async (page: number): Promise<Fetched> => ({
    page,
    ...(await fetchPage({ ...params, page, per_page: perPage }, init)),
  });
  // The page a `next` link names, if any; one past the window means the listing is cut there.
  // (A page served from the cache carries the Link header kept with it.)
  const nextOf = (links: Record<string, string>): number | undefined => {
    const next = links.next !== undefined ? pageOf(links.next, apiOrigin) : undefined;
    if (next !== undefined && next > windowPages) truncated = true;
    return next;
  };
  // Hands a page over, cut to what maxItems still allows.
  const take = ({ page, packages, response, rateLimit }: Fetched): PackagePage => {
    if (packages.length > remaining) packages = packages.slice(0, remaining);
    remaining -= packages.length;
    return { page, packages, response, rateLimit, lastPage, truncated };
  };

  try {
    const first = await fetchOne(1);
    const firstLinks = parseLinkHeader(first.link);
    if (firstLinks.last !== undefined) {
      lastPage = pageOf(firstLinks.last, apiOrigin);
      truncated = lastPage > windowPages;
    }
    let next = nextOf(firstLinks);
    yield take(first);
    if (remaining <= 0) return;

    if (lastPage !== null) {
      const stop = Math.min(lastPage, windowPages, neededPages);
      let upcoming = 2;
      const start = () => {
        const p = fetchOne(upcoming++);
        p.catch(() => {}); // surfaced in order when awaited below; never unhandled
        pending.push(p);
      };
      while (upcoming <= stop && pending.length < concurrency) start();
      while (pending.length > 0) {
        const page = await pending.shift()!;
        // A page that arrived before an abort is not handed over after it.
        controller.signal.throwIfAborted();
        if (upcoming <= stop) start(); // refill before handing the page over
        yield take(page);
        if (remaining <= 0) return;
      }
      return;
    }

    // No `last`: follow `next` one page at a time.
    let pagesRead = 1;
    while (next !== undefined && next <= windowPages && pagesRead < neededPages) {
      const page = await fetchOne(next);
      controller.signal.throwIfAborted();
      pagesRead++;
      next = nextOf(parseLinkHeader(page.link));
      yield take(page);
      if (remaining <= 0) return;
    }
  } finally {
    controller.abort(new DOMException("The listing ended before this page was needed.", "AbortError"));
    await Promise.allSettled(pending);
    outer?.removeEventListener("abort", onAbort);
  }
}

/** Packages of the listing, one by one, in page order. */
export async function* packagesOf(pages: AsyncIterable<PackagePage>): AsyncGenerator<Package, void, undefined> {
  for await (const page of pages) yield* page.packages;
}

/** Collects a whole listing. */
export async function collect(pages: AsyncIterable<PackagePage>): Promise<ListAllUserPackagesResult> {
  const packages: Package[] = [];
  let truncated = false;
  let count = 0;
  let rateLimit: RateLimitState | null = null;
  for await (const page of pages) {
    for (const p of page.packages) packages.push(p);
    truncated = page.truncated;
    rateLimit = page.rateLimit ?? rateLimit;
    count++;
  }
  return { packages, truncated, pages: count, rateLimit };
}
