// Listing every package: page 1 first, then (when its Link header gives `rel="last"`) the other
// pages with a bounded number in flight, yielded in order; without `last`, `next` is followed one
// page at a time. GitHub refuses page × per_page > 10,000, so a listing stops at that window and
// says it was truncated. Several package types are listed as lanes under one concurrency budget
// and handed over type by type. Which page comes next is a pure plan; the runner only drives it.
import { queryRules } from "../generated/query-rules.js";
import { UnsafeLinkError, type ParameterIssue } from "./errors.js";
import { parseLinkHeader } from "./link.js";
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
}

/** What {@link listAllUserPackages} resolves to. */
export interface ListAllUserPackagesResult {
  /** Every package listed, in page order. */
  packages: Package[];
  /** True when the listing stopped at GitHub's 10,000-result window while more packages exist. */
  truncated: boolean;
  /** The package types whose listing stopped at that window. */
  truncatedTypes: PackageType[];
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

/** The names of the listing options. */
export const PAGINATION_OPTIONS = ["concurrency", "maxItems", "per_page", "signal", "headers"] as const;

const OPTION_RULES = {
  concurrency: { required: false, type: "integer", minimum: 1, maximum: MAX_CONCURRENCY },
  maxItems: { required: false, type: "integer", minimum: 1 },
  per_page: queryRules.per_page,
} as const;

/** The fixed facts of one listing. */
export interface PagePlan {
  perPage: number;
  concurrency: number;
  /** The last page inside GitHub's result window. */
  windowPages: number;
  /** The last page needed for `maxItems`. */
  neededPages: number;
}

/** Where a listing stands. */
export interface PlanState {
  /** The next page to request. */
  upcoming: number;
  /** The last page to request, as far as is known yet. */
  known: number;
  /** The last page GitHub announced, if it did. */
  lastPage: number | null;
  truncated: boolean;
  /** Pages read so far. */
  read: number;
}

/** The Link relations that steer a listing, as page numbers. */
export interface PageLinks {
  last?: number | undefined;
  next?: number | undefined;
}

/** Checks the listing options (before any request) and plans the listing. */
export function planOf(opts: PaginationOptions): PagePlan {
  const issues: ParameterIssue[] = [];
  checkNames(opts, PAGINATION_OPTIONS, issues, "listing option");
  checkSignal(opts.signal, issues);
  const checked = checkRules(OPTION_RULES, opts as Record<string, unknown>, issues) as PaginationOptions;
  refuse(issues);
  const { concurrency = DEFAULT_CONCURRENCY, maxItems = Infinity, per_page: perPage = MAX_PER_PAGE } = checked;
  return { perPage, concurrency, windowPages: Math.floor(RESULT_WINDOW / perPage), neededPages: Math.ceil(maxItems / perPage) };
}

/** A listing before its first page. */
export const START: PlanState = { upcoming: 1, known: 1, lastPage: null, truncated: false, read: 0 };

/** The state after page `page` was read with the steering `links` it carried. Pure. */
export function afterPage(plan: PagePlan, state: PlanState, page: number, links: PageLinks): PlanState {
  const next = { ...state, read: state.read + 1 };
  if (page === 1 && links.last !== undefined) {
    next.lastPage = links.last;
    next.known = Math.min(links.last, plan.windowPages, plan.neededPages);
    next.truncated = links.last > plan.windowPages;
  } else if (links.next !== undefined) {
    // No `last`: follow `next` one page at a time, forward only. One past the window means the
    // listing is cut there.
    if (links.next > plan.windowPages) next.truncated = true;
    else if (links.next > page && next.read < plan.neededPages) next.known = next.upcoming = links.next;
  }
  return next;
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

/**
 * The links of a page that steer the listing: page 1's (for `last`) and, while no `last` is
 * known, each page's `next`. Other pages' headers are not parsed.
 */
function steeringLinks(state: PlanState, page: number, link: string | null, apiOrigin: string): PageLinks {
  if (page !== 1 && state.lastPage !== null) return {};
  const { last, next } = parseLinkHeader(link);
  if (page === 1 && last !== undefined) return { last: pageOf(last, apiOrigin) };
  return { next: next === undefined ? undefined : pageOf(next, apiOrigin) };
}

// How many pages the lanes ahead may hold between them, in units of `concurrency`: enough to keep
// every request slot busy while the lane being handed over finishes.
const AHEAD = 3;

/** One package type's listing within a listing. */
export interface Lane {
  type: PackageType;
  state: PlanState;
  /** Pages started and not yet handed over (in flight or arrived), in page order. */
  held: number;
}

/**
 * Which lane starts its next page now, or `undefined`: never past `concurrency` requests in
 * flight; the lane being handed over first (up to `concurrency` pages held); then page 1 of the
 * lanes ahead, so their sizes are known early; then their known pages, in order. The lanes ahead
 * hold twice `concurrency` pages at most between them. Pure.
 */
export function pickLane(plan: PagePlan, lanes: readonly Lane[], current: number, inFlight: number): number | undefined {
  if (inFlight >= plan.concurrency) return undefined;
  const startable = (lane: Lane | undefined) => lane !== undefined && lane.state.upcoming <= lane.state.known;
  const head = lanes[current];
  if (startable(head) && (head?.held ?? 0) < plan.concurrency) return current;
  const ahead = lanes.slice(current + 1);
  if (ahead.reduce((sum, lane) => sum + lane.held, 0) >= AHEAD * plan.concurrency) return undefined;
  const probe = ahead.findIndex((lane) => lane.state.upcoming === 1);
  const next = probe >= 0 ? probe : ahead.findIndex(startable);
  return next >= 0 ? current + 1 + next : undefined;
}

/** The package types a listing names, checked: one or more of the six, each once. */
export function typesOf(packageType: ListAllUserPackagesParams["package_type"]): PackageType[] {
  const types: readonly unknown[] = Array.isArray(packageType) ? packageType : [packageType];
  const known = queryRules.package_type.enum as readonly string[];
  const bad = types.filter((t) => typeof t !== "string" || !known.includes(t));
  if (types.length === 0 || bad.length || new Set(types).size !== types.length) {
    refuse([{ parameter: "package_type", value: packageType, rule: `it is required and must be one of ${known.join(", ")}, or a list of them without repeats` }]);
  }
  return types as PackageType[];
}

type Fetched = Awaited<ReturnType<PageFetcher>> & { page: number };

/** Pages of the listing, in order, type by type, with at most `concurrency` requests in flight. */
export async function* paginate(
  fetchPage: PageFetcher,
  apiOrigin: string,
  params: ListAllUserPackagesParams,
  opts: PaginationOptions = {},
): AsyncGenerator<PackagePage, void, undefined> {
  const plan = planOf(opts);
  const lanes: Lane[] = typesOf(params.package_type).map((type) => ({ type, state: START, held: 0 }));
  opts.signal?.throwIfAborted();
  // Leaving the loop early, or the caller's abort, cancels whatever is in flight.
  const ended = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, ended.signal]) : ended.signal;
  const runner = laneRunner(fetchPage, apiOrigin, plan, lanes, { signal, ...(opts.headers && { headers: opts.headers }) }, params);
  let remaining = opts.maxItems ?? Infinity;
  try {
    for (const [index, lane] of lanes.entries()) {
      runner.current = index;
      runner.fill();
      for (let next; (next = runner.queues[index]?.shift()); ) {
        const { page, packages, response, rateLimit, link } = await next;
        signal.throwIfAborted(); // a page that arrived before an abort is not handed over after it
        lane.held--;
        if (page > 1) lane.state = afterPage(plan, lane.state, page, steeringLinks(lane.state, page, link, apiOrigin));
        runner.fill(); // before handing the page over, so requests keep flowing while the consumer works
        const handed = packages.length > remaining ? packages.slice(0, remaining) : packages;
        remaining -= handed.length;
        yield { package_type: lane.type, page, packages: handed, response, rateLimit, lastPage: lane.state.lastPage, truncated: lane.state.truncated };
        if (remaining <= 0) return;
      }
    }
  } finally {
    ended.abort(new DOMException("The listing ended before this page was needed.", "AbortError"));
    await Promise.allSettled(runner.queues.flat());
  }
}

/**
 * Starts pages as the plan allows, each time a page is handed over or a request ends. Page 1 of a
 * lane is read as soon as it arrives (it may announce `last`); later pages when handed over.
 */
function laneRunner(
  fetchPage: PageFetcher,
  apiOrigin: string,
  plan: PagePlan,
  lanes: Lane[],
  init: RequestOptions,
  params: ListAllUserPackagesParams,
) {
  const queues: Promise<Fetched>[][] = lanes.map(() => []);
  let inFlight = 0;
  const runner = { queues, current: 0, fill };
  function start(index: number): void {
    const lane = lanes[index];
    const queue = queues[index];
    if (!lane || !queue) return;
    const page = lane.state.upcoming;
    lane.state = { ...lane.state, upcoming: page + 1 };
    lane.held++;
    inFlight++;
    const query = { ...params, package_type: lane.type, page, per_page: plan.perPage };
    const p = fetchPage(query, init).then((r) => {
      if (page === 1) lane.state = afterPage(plan, lane.state, 1, steeringLinks(lane.state, 1, r.link, apiOrigin));
      return { ...r, page };
    });
    void p.then(settled, settled);
    p.catch(() => undefined); // surfaced in order when awaited; never unhandled
    queue.push(p);
  }
  function settled(): void {
    inFlight--;
    if (!init.signal?.aborted) fill();
  }
  function fill(): void {
    for (let index; (index = pickLane(plan, lanes, runner.current, inFlight)) !== undefined; ) start(index);
  }
  return runner;
}

/** Packages of the listing, one by one, in page order. */
export async function* packagesOf(pages: AsyncIterable<PackagePage>): AsyncGenerator<Package, void, undefined> {
  for await (const page of pages) yield* page.packages;
}

/** Collects a whole listing. */
export async function collect(pages: AsyncIterable<PackagePage>): Promise<ListAllUserPackagesResult> {
  const result: ListAllUserPackagesResult = { packages: [], truncated: false, truncatedTypes: [], pages: 0, rateLimit: null };
  for await (const page of pages) {
    for (const p of page.packages) result.packages.push(p);
    if (page.truncated && !result.truncatedTypes.includes(page.package_type)) result.truncatedTypes.push(page.package_type);
    result.truncated = result.truncatedTypes.length > 0;
    result.rateLimit = page.rateLimit ?? result.rateLimit;
    result.pages++;
  }
  return result;
}
