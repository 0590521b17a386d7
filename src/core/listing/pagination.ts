// The listing (this folder): page-plan decides which page next (pure), page-runner keeps the
// pages in flight and hands them over in order, link reads the Link header, snapshot re-checks a
// listing for `verify`, and this file checks, wires and hands over.
//
// Listing every package: page 1 of each type first, then every page its Link headers name, with a
// bounded number in flight across every type, handed over in order, type by type. Every page's
// `last` and `next` are read: a listing that grew, or a `next` that skips pages, is followed to the
// pages it now names; a full page without any Link asks for the one after it. GitHub refuses
// page × per_page > 10,000, so a listing stops at that window and says it was truncated. The plan
// is pure (page-plan), the pool and buffer are the runner's (page-runner), the re-check of
// `verify` is the snapshot's; this file checks, wires and hands over.
import { UnsafeLinkError } from "../errors.js";
import { parseLinkHeader } from "./link.js";
import { listingOf } from "../door/options.js";
import { FIRST_PAGE, type PageLinks, type PagePlan, type TypePlan } from "./page-plan.js";
import { pageRunner, type FetchedPage, type PageRunner } from "./page-runner.js";
import { followed } from "../door/signal.js";
import { unchangedNow, VERIFY_ROUNDS, withPageAfter } from "./snapshot.js";
import type { RateLimitState } from "../request/rate-limit.js";
import type { ListAllUserPackagesParams, ListUserPackagesParams, Package, PackageType, PaginationOptions, RequestOptions } from "../types.js";

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
  /** The largest last page GitHub announced (`rel="last"`) so far, or `null` when it announced none. */
  lastPage: number | null;
  /**
   * True when GitHub has more packages of this type than its 10,000-result window lets anyone
   * list, so the listing of this type stops at the window. Known from page 1 when GitHub sends
   * `rel="last"`; otherwise set on the type's final page.
   */
  truncated: boolean;
  /**
   * True when this type's listing was seen to change while it was read, up to this page: a page
   * announced another `last`, or a `next` past the announced last (followed to the real end), a
   * `next` skipped pages (the pages between are read too) or pointed back, a package already
   * handed over came again (dropped), or a page came back short or without `next` before the
   * last. With `verify`, true when no re-check found every page of the type unchanged.
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

/** A link as written, for messages: at most 80 characters of it. */
const quoted = (link: string) => JSON.stringify(link.slice(0, 80));

/**
 * Reads the page number a link points at, resolved against `base` (the page's URL, as RFC 8288
 * says), refusing links to another origin. A page number past any window reads as the largest
 * safe one: the listing is truncated at the window.
 */
function pageOf(link: string, base: string, apiOrigin: string): number {
  const url = URL.canParse(link, base) ? new URL(link, base) : undefined; // not a URL: refused below
  if (url && url.origin !== apiOrigin) throw new UnsafeLinkError(url.href, apiOrigin);
  const digits = url?.searchParams.get("page")?.match(/^\d+$/)?.[0];
  if (digits === undefined) throw new UnsafeLinkError(link, apiOrigin, `Cannot follow a Link that is not a URL with a page number: ${quoted(link)}`);
  const page = Number(digits);
  if (page < 1) throw new UnsafeLinkError(link, apiOrigin, `Cannot follow a Link to page ${digits}: pages are numbered from 1 (${quoted(link)})`);
  return Math.min(page, Number.MAX_SAFE_INTEGER);
}

/**
 * The relations of a page's `Link` header that steer a listing, as page numbers. The base is the
 * page's URL, its response's; a response made by hand has none, and the API's origin stands in
 * (a link is read for its origin and its page number only, which both bases give alike).
 */
function steeringLinks(apiOrigin: string): (page: Pick<FetchedPage, "link" | "response">) => PageLinks {
  return ({ link, response }) => {
    const relations = parseLinkHeader(link);
    const { last, next } = relations;
    const base = URL.canParse(response.url) ? response.url : apiOrigin;
    return {
      last: last === undefined ? undefined : pageOf(last, base, apiOrigin),
      next: next === undefined ? undefined : pageOf(next, base, apiOrigin),
      bare: Object.keys(relations).length === 0,
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

/** One page as handed over: its index, the page fetched, and the packages of it handed over. */
interface Taken {
  index: number;
  fetched: FetchedPage;
  handed: Package[];
}

/** The packages still to hand over under `maxItems`. */
interface Budget {
  remaining: number;
}

/**
 * The pages of type `t` from `runner`, index by index until its plan has no more, as handed
 * over: repeated packages dropped, the last page cut at what `budget` has left.
 */
async function* typePages(runner: PageRunner, t: number, budget: Budget, signal: AbortSignal): AsyncGenerator<Taken, void, undefined> {
  const seen = new Set<number>();
  for (let index = 0; index < (runner.types[t]?.pages.length ?? 0); index++) {
    const fetched = await runner.take(t, index);
    signal.throwIfAborted(); // a page that arrived before an abort is not handed over after it
    const fresh = unseen(fetched.packages, seen);
    const handed = fresh.length > budget.remaining ? fresh.slice(0, budget.remaining) : fresh;
    budget.remaining -= handed.length;
    runner.handOver(t, index, handed.length, fresh.length < fetched.packages.length); // repeats dropped: it changed
    yield { index, fetched, handed };
    if (budget.remaining <= 0) return;
  }
}

// The signal of the listing each page came from, for the package iterator: read before every
// package it hands over (a page passes through any generator that yields it on).
const signals = new WeakMap<PackagePage, AbortSignal>();

/** A page as the listing hands it over, from what was taken and what is known of its type. */
function packagePage(listing: Listing, t: number, { index, fetched, handed }: Taken, known: TypePlan, changed = known.changed): PackagePage {
  const { response, rateLimit } = fetched;
  const { lastPage, truncated } = known;
  const page = { package_type: listing.types[t] ?? "npm", page: index + 1, packages: handed, response, rateLimit, lastPage, truncated, changed };
  signals.set(page, listing.signal);
  return page;
}

/** What the steps of one listing share. */
interface Listing {
  plan: PagePlan;
  types: readonly PackageType[];
  signal: AbortSignal;
  /** Fetches page `page` of type `t`, with extra headers if given. */
  fetch(t: number, page: number, headers?: Record<string, string>): Promise<FetchedPage>;
  links: (page: Pick<FetchedPage, "link" | "response">) => PageLinks;
  budget: Budget;
  /** The runners started, settled when the listing ends. */
  runners: PageRunner[];
}

/** Every type's pages through one runner, so that later types' first pages are read early. */
async function* everyPage(listing: Listing): AsyncGenerator<PackagePage, void, undefined> {
  const { plan, types, signal, budget } = listing;
  const runner = pageRunner(plan, types.length, { fetch: (t, page) => listing.fetch(t, page), links: listing.links }, signal);
  listing.runners.push(runner);
  for (const t of types.keys()) {
    for await (const taken of typePages(runner, t, budget, signal)) yield packagePage(listing, t, taken, runner.types[t] ?? FIRST_PAGE);
    if (budget.remaining <= 0) return;
  }
}

/** One reading of type `t` through a runner of its own, and whether a re-check found it unchanged. */
async function readType(listing: Listing, t: number) {
  const { plan, signal } = listing;
  const budget = { remaining: listing.budget.remaining };
  const runner = pageRunner({ ...plan, maxItems: budget.remaining }, 1, { fetch: (_, page) => listing.fetch(t, page), links: listing.links }, signal);
  listing.runners.push(runner);
  const taken: Taken[] = [];
  for await (const page of typePages(runner, 0, budget, signal)) taken.push(page);
  const known = runner.types[0] ?? FIRST_PAGE;
  const read = taken.map(({ index, fetched }) => ({ page: index + 1, first: fetched }));
  const recheck = { fetch: (page: number, headers?: Record<string, string>) => listing.fetch(t, page, headers), links: listing.links, concurrency: plan.concurrency };
  const toEnd = taken.length === known.pages.length && budget.remaining > 0 && !known.truncated;
  const consistent = !known.changed && (await unchangedNow(recheck, toEnd ? withPageAfter(plan, read) : read));
  return { taken, known, budget, consistent };
}

/**
 * Each type's pages once a re-check found every one of them unchanged: read again, at most
 * `VERIFY_ROUNDS` times; the pages of the last reading say `changed` when none was found so.
 */
async function* verifiedPages(listing: Listing): AsyncGenerator<PackagePage, void, undefined> {
  for (const t of listing.types.keys()) {
    let round = await readType(listing, t);
    for (let n = 1; !round.consistent && n < VERIFY_ROUNDS; n++) round = await readType(listing, t);
    listing.budget.remaining = round.budget.remaining;
    for (const taken of round.taken) yield packagePage(listing, t, taken, round.known, !round.consistent);
    if (listing.budget.remaining <= 0) return;
  }
}

/**
 * Pages of the listing, in order, type by type, with at most `concurrency` requests in flight;
 * with `verify`, each type's pages once a re-check found them unchanged. Params and options are
 * checked at the first step, so a refusal rejects it, before any request.
 */
export async function* paginate(
  fetchPage: PageFetcher,
  apiOrigin: string,
  params: ListAllUserPackagesParams,
  opts: PaginationOptions | undefined,
): AsyncGenerator<PackagePage, void, undefined> {
  const { plan, types, params: filters, signal: outer, headers, verify } = listingOf(params, opts);
  outer?.throwIfAborted();
  // Leaving the loop early, or the caller's abort, cancels whatever is in flight.
  const ended = new AbortController();
  // A caller's signal of another realm is followed by one of this realm, which AbortSignal.any takes.
  const caller = outer && followed(outer);
  const signal = caller ? AbortSignal.any([caller.signal, ended.signal]) : ended.signal;
  const fetch = (t: number, page: number, extra?: Record<string, string>) => {
    const sent = extra ? { ...headers, ...extra } : headers;
    return fetchPage({ ...filters, package_type: types[t] ?? "npm", page, per_page: plan.perPage }, { signal, ...(sent && { headers: sent }) });
  };
  const listing: Listing = { plan, types, signal, fetch, links: steeringLinks(apiOrigin), budget: { remaining: plan.maxItems }, runners: [] };
  try {
    yield* verify ? verifiedPages(listing) : everyPage(listing);
  } finally {
    ended.abort(new DOMException("The listing ended before this page was needed.", "AbortError"));
    caller?.release(); // everything in flight is aborted already
    await Promise.all(listing.runners.map((runner) => runner.settled()));
  }
}

/** Packages of the listing, one by one, in page order; the listing's signal is read before each. */
export async function* packagesOf(pages: AsyncIterable<PackagePage>): AsyncGenerator<Package, void, undefined> {
  for await (const page of pages) {
    const signal = signals.get(page);
    for (const p of page.packages) {
      signal?.throwIfAborted();
      yield p;
    }
  }
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
