// Listing every package: page 1 first, then (when its Link header gives `rel="last"`) the other
// pages with a bounded number in flight, yielded in order; without `last`, `next` is followed one
// page at a time. GitHub refuses page × per_page > 10,000, so a listing stops at that window and
// says it was truncated.
import { queryRules } from "../generated/query-rules.js";
import { UnsafeLinkError, type ParameterIssue } from "./errors.js";
import { parseLinkHeader } from "./link.js";
import { checkRules, MAX_PER_PAGE, refuse, RESULT_WINDOW } from "./params.js";
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

const OPTION_RULES = {
  concurrency: { required: false, type: "integer", minimum: 1, maximum: MAX_CONCURRENCY },
  maxItems: { required: false, type: "integer", minimum: 1 },
  per_page: queryRules.per_page,
} as const;

/** Reads the page number a link points at, refusing links to another origin. */
function pageOf(link: string, apiOrigin: string): number {
  let url: URL | undefined;
  try {
    url = new URL(link);
  } catch {
    // not a URL: refused below
  }
  if (url && url.origin !== apiOrigin) throw new UnsafeLinkError(link, apiOrigin);
  const page = Number(url?.searchParams.get("page")?.match(/^\d{1,9}$/)?.[0]);
  if (!(page >= 1)) {
    throw new UnsafeLinkError(link, apiOrigin, `Cannot follow a Link that is not an absolute URL with a page number: ${JSON.stringify(link.slice(0, 80))}`);
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
  const issues: ParameterIssue[] = [];
  const checked = checkRules(OPTION_RULES, opts as Record<string, unknown>, issues);
  refuse(issues);
  const { concurrency = DEFAULT_CONCURRENCY, maxItems = Infinity, per_page: perPage = MAX_PER_PAGE } = checked as PaginationOptions;
  const outer = opts.signal;
  outer?.throwIfAborted();
  // One controller for the whole listing: leaving the loop early aborts whatever is in flight.
  const controller = new AbortController();
  const { signal } = controller;
  const onAbort = () => controller.abort(outer!.reason);
  outer?.addEventListener("abort", onAbort, { once: true });
  const init: RequestOptions = { signal, ...(opts.headers && { headers: opts.headers }) };
  const windowPages = Math.floor(RESULT_WINDOW / perPage);
  const neededPages = Math.ceil(maxItems / perPage);
  type Fetched = Awaited<ReturnType<PageFetcher>> & { page: number };
  const pending: Promise<Fetched>[] = [];
  let lastPage: number | null = null;
  let truncated = false;
  let remaining = maxItems;
  let upcoming = 1; // the next page to request
  let known = 1; // the last page to request, as far as is known yet
  let read = 0;

  // Starts requests up to `concurrency` in flight and the last page known so far.
  const fill = () => {
    while (upcoming <= known && pending.length < concurrency) {
      const page = upcoming++;
      const p = fetchPage({ ...params, page, per_page: perPage }, init).then((r) => ({ ...r, page }));
      p.catch(() => {}); // surfaced in order when awaited below; never unhandled
      pending.push(p);
    }
  };

  try {
    fill();
    while (pending.length) {
      let { page, packages, response, rateLimit, link } = await pending.shift()!;
      // A page that arrived before an abort is not handed over after it.
      signal.throwIfAborted();
      read++;
      // Only page 1's Link (for `last`) and, without `last`, each page's `next` steer the listing;
      // the other pages' headers are not parsed.
      if (page === 1 || lastPage === null) {
        const links = parseLinkHeader(link);
        if (page === 1 && links.last !== undefined) {
          lastPage = pageOf(links.last, apiOrigin);
          known = Math.min(lastPage, windowPages, neededPages);
          truncated = lastPage > windowPages;
        } else if (links.next !== undefined) {
          // No `last`: follow `next` one page at a time, forward only. (A cached page carries its
          // kept Link.) One past the window means the listing is cut there.
          const next = pageOf(links.next, apiOrigin);
          if (next > windowPages) truncated = true;
          else if (next > page && read < neededPages) known = upcoming = next;
        }
      }
      fill(); // before handing the page over, so requests keep flowing while the consumer works
      if (packages.length > remaining) packages = packages.slice(0, remaining);
      remaining -= packages.length;
      yield { page, packages, response, rateLimit, lastPage, truncated };
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
  const result: ListAllUserPackagesResult = { packages: [], truncated: false, pages: 0, rateLimit: null };
  for await (const page of pages) {
    for (const p of page.packages) result.packages.push(p);
    result.truncated = page.truncated;
    result.rateLimit = page.rateLimit ?? result.rateLimit;
    result.pages++;
  }
  return result;
}
