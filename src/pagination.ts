// Listing every package: page 1 of each type first, then (when its Link header gives
// `rel="last"`) that type's other pages, with a bounded number in flight across every type,
// handed over in order, type by type. Without `last`, or when the page planned as last still
// names a `next`, `next` is followed one page at a time. GitHub refuses page × per_page > 10,000,
// so a listing stops at that window and says it was truncated. The plan is pure (page-plan), the
// pool and buffer are the runner's (page-runner); this file checks, wires and hands over.
import { queryRules } from "../generated/query-rules.js";
import { UnsafeLinkError, type ParameterIssue } from "./errors.js";
import { parseLinkHeader } from "./link.js";
import { FIRST_PAGE, type PagePlan } from "./page-plan.js";
import { pageRunner, type FetchedPage, type RunnerSteps } from "./page-runner.js";
import { checkNames, checkRules, checkSignal, MAX_PER_PAGE, refuse, RESULT_WINDOW } from "./params.js";
import type { RateLimitState } from "./rate-limit.js";
import type { AllowUndefined, ListUserPackagesParams, Namespace, Package, PackageType, Query, RequestOptions } from "./types.js";

/**
 * Default number of page requests in flight. GitHub asks clients not to flood it (its secondary
 * limits start at 100 concurrent requests); 8 stays far below that while a listing, at most 100
 * pages, finishes in about a tenth of the serial time.
 */
export const DEFAULT_CONCURRENCY = 8;
/** The largest `concurrency` accepted. */
export const MAX_CONCURRENCY = 10;

/**
 * What to list: the filters of `GET /user/packages` (pages are chosen by the listing).
 * `package_type` may name several types, or all of them (`PACKAGE_TYPES`): the listing then hands
 * over the packages of each type in the order given.
 */
export type ListAllUserPackagesParams = Pick<AllowUndefined<Query>, "visibility"> & {
  package_type: PackageType | readonly PackageType[];
} & Namespace;

/** Options of the listing functions. */
export interface PaginationOptions extends RequestOptions {
  /** Page requests in flight at once, 1 to 10. Default 8. */
  concurrency?: number | undefined;
  /** Stop after this many packages; no page beyond them is requested. */
  maxItems?: number | undefined;
  /** Packages per page, 1 to 100. Default 100 (the fewest requests). */
  per_page?: number | undefined;
}

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

/** The names of the listing options. */
export const PAGINATION_OPTIONS = ["concurrency", "maxItems", "per_page", "signal", "headers"] as const;

const OPTION_RULES = {
  concurrency: { required: false, type: "integer", minimum: 1, maximum: MAX_CONCURRENCY },
  maxItems: { required: false, type: "integer", minimum: 1 },
  per_page: queryRules.per_page,
} as const;

const PARAM_NAMES = ["package_type", "visibility", "org", "username"];

/** Checks the listing options (before any request) and plans the listing. */
export function planOf(opts: PaginationOptions): PagePlan {
  const issues: ParameterIssue[] = [];
  checkNames(opts, PAGINATION_OPTIONS, issues, "listing option");
  checkSignal(opts.signal, issues);
  const checked = checkRules(OPTION_RULES, opts as Record<string, unknown>, issues) as PaginationOptions;
  refuse(issues);
  const { concurrency = DEFAULT_CONCURRENCY, maxItems = Infinity, per_page: perPage = MAX_PER_PAGE } = checked;
  return { perPage, concurrency, windowPages: Math.floor(RESULT_WINDOW / perPage), maxItems };
}

/**
 * The package types a listing names, checked: one or more of the six, each once. Pages are the
 * listing's to choose, so `page` and `per_page` among the params are refused like unknown names.
 */
export function typesOf(params: ListAllUserPackagesParams): PackageType[] {
  const issues: ParameterIssue[] = []; // params is an object: the client's door checked that
  checkNames(params, PARAM_NAMES, issues, "filter of a listing (pages are the listing's own; per_page is a listing option)");
  const packageType = params.package_type;
  const types: readonly unknown[] = Array.isArray(packageType) ? packageType : [packageType];
  const known = queryRules.package_type.enum as readonly string[];
  const bad = types.filter((t) => typeof t !== "string" || !known.includes(t));
  if (types.length === 0 || bad.length || new Set(types).size !== types.length) {
    issues.push({ parameter: "package_type", value: packageType, rule: `it is required and must be one of ${known.join(", ")}, or a list of them without repeats` });
  }
  refuse(issues);
  return types as PackageType[];
}

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
 */
export async function* paginate(
  fetchPage: PageFetcher,
  apiOrigin: string,
  params: ListAllUserPackagesParams,
  opts: PaginationOptions = {},
): AsyncGenerator<PackagePage, void, undefined> {
  const plan = planOf(opts);
  const types = typesOf(params);
  opts.signal?.throwIfAborted();
  // Leaving the loop early, or the caller's abort, cancels whatever is in flight.
  const ended = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, ended.signal]) : ended.signal;
  const init: RequestOptions = { signal, ...(opts.headers && { headers: opts.headers }) };
  const fetch = (type: number, page: number) => fetchPage({ ...params, package_type: types[type] ?? "npm", page, per_page: plan.perPage }, init);
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
