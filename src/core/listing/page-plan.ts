// The plan of a listing, as pure functions: which pages each package type has (learnt from the
// Link headers as pages arrive), and which page to request next. The runner only drives them.
//
// Why no page can be lost: every type's pages are 1 to n, handed over in order; every page that
// arrives may raise n (its `last`, its `next`, or a full page without any Link), never lower it,
// so once every page up to n has arrived and none raised it, the type is complete. Requests
// start in hand-over order, and the page the consumer waits for may always start, so the listing
// cannot stall either. Under `maxItems` a page starts only once it is sure a reader taking one
// page after the other would ask for it too.

/** The fixed facts of one listing. */
export interface PagePlan {
  perPage: number;
  concurrency: number;
  /** The last page inside GitHub's result window (page × per_page ≤ 10,000). */
  windowPages: number;
  /** Stop after this many packages (Infinity for no limit). */
  maxItems: number;
}

/** The Link relations that steer a listing, as page numbers. */
export interface PageLinks {
  last?: number | undefined;
  next?: number | undefined;
  /** The answer had no Link relation at all (as a proxy that drops the header gives it). */
  bare?: boolean | undefined;
}

/** What is known of one package type's listing. */
export interface TypePlan {
  /** The pages to request, in hand-over order, as far as known yet: 1 to n. Starts as `[1]`. */
  pages: readonly number[];
  /** The largest last page GitHub announced (`rel="last"`), or `null`. */
  lastPage: number | null;
  /** GitHub has more packages of this type than its result window lets anyone list. */
  truncated: boolean;
  /** The listing was seen to change while it was read (it grew, shrank, or its links skipped or went back). */
  changed: boolean;
  /** The page asked for only because the one before it was full and had no Link at all, or `null`. */
  probe: number | null;
}

/** A type's listing before its first page. */
// Pure: a bundle without listings leaves it out (a call's result is otherwise kept, in case it had effects).
export const FIRST_PAGE: TypePlan = /* @__PURE__ */ Object.freeze({ pages: /* @__PURE__ */ Object.freeze([1]), lastPage: null, truncated: false, changed: false, probe: null });

const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

/**
 * Whether the page `page` of `type`, with `count` packages and the steering `links`, shows that
 * the listing changed since the plan was made: a `last` other than the one announced, a `next`
 * that skips pages, points back or past the announced last, a short page or a page linking
 * neither `next` nor `last` before the known end, or an empty final page nobody probed for. Pure.
 */
export function changeSeen(plan: PagePlan, type: TypePlan, page: number, count: number, links: PageLinks): boolean {
  const { last, next, bare } = links;
  const final = page >= type.pages.length;
  const announced = type.lastPage;
  if (last !== undefined && announced !== null && last !== announced) return true;
  if (next !== undefined && (next !== page + 1 || (announced !== null && next > announced))) return true;
  // Before the known end, a page with neither `next` nor `last` (but some Link) takes itself for the last.
  if (!final) return count < plan.perPage || (next === undefined && last === undefined && !bare);
  return page > 1 && count === 0 && page !== type.probe;
}

/**
 * The plan after page `page` of `type` arrived with `count` packages and the steering `links`:
 * every page up to the highest one they name (the window's last at most, then the type is
 * truncated), and the next page after a full final page without any Link. Pure.
 */
export function afterArrival(plan: PagePlan, type: TypePlan, page: number, count: number, links: PageLinks): TypePlan {
  const known = type.pages.length;
  const probe = links.bare === true && count >= plan.perPage && page >= known && page < plan.windowPages ? page + 1 : null;
  const reach = Math.max(links.last ?? 0, links.next ?? 0, probe ?? 0);
  const upTo = Math.min(reach, plan.windowPages);
  return {
    pages: upTo > known ? range(1, upTo) : type.pages,
    lastPage: links.last === undefined ? type.lastPage : Math.max(links.last, type.lastPage ?? 0),
    truncated: type.truncated || reach > plan.windowPages,
    changed: type.changed || changeSeen(plan, type, page, count, links),
    probe: probe ?? type.probe,
  };
}

/** Where the runner stands, as the plan sees it. */
export interface RunState {
  /** Each type's plan, in hand-over order. */
  types: readonly TypePlan[];
  /** How many pages of each type were started. */
  started: number[];
  /** The packages of each page that arrived, by type and index (`undefined` while in flight). */
  counts: (number | undefined)[][];
  /** The consumer's place: the type, and the index in its pages, of the page it takes next. */
  head: { type: number; index: number };
  /** The consumer waits for the page at `head` (once it has a page, it may need no other). */
  waiting: boolean;
  /** Packages handed over so far. */
  handed: number;
  /** Requests in flight. */
  inFlight: number;
  /** A page failed: only the pages before it are still worth requesting. */
  failed: boolean;
}

// How many pages the types after the consumer's may hold between them (in flight or arrived), in
// units of `concurrency`: their page 1 is read early, so their sizes are known, and their first
// pages are ready when the consumer gets there. The consumer's own type holds `concurrency` at most.
const AHEAD = 3;

/**
 * Whether a reader taking one page after the other would surely ask for the first unstarted page
 * of type `t`: the packages before it, counted at their most (arrived pages as they came, pages in
 * flight as full), fall short of `maxItems`, and no type before `t` can still grow (each of its
 * pages arrived). Pure.
 */
function surelyNeeded(plan: PagePlan, run: RunState, t: number): boolean {
  if (plan.maxItems === Infinity) return true;
  let most = run.handed;
  for (let u = run.head.type; u <= t; u++) {
    const counts = run.counts[u] ?? [];
    for (let i = u === run.head.type ? run.head.index : 0; i < (run.started[u] ?? 0); i++) {
      const count = counts[i];
      if (count === undefined && u < t) return false; // in flight: that type may still grow
      most += count ?? plan.perPage;
    }
  }
  return most < plan.maxItems;
}

/**
 * Which type starts its next page now, or `undefined`. Always the first unstarted page in
 * hand-over order: the page the consumer waits for whenever a slot is free; a page ahead of it
 * only while no page has failed, its type holds fewer pages than it may (`concurrency` for the
 * consumer's type, `AHEAD × concurrency` for the types after it, together), and it is surely
 * needed under `maxItems`. A slow consumer so holds a bounded number of pages in memory. Pure.
 */
export function nextStart(plan: PagePlan, run: RunState): number | undefined {
  if (run.inFlight >= plan.concurrency) return undefined;
  const { head } = run;
  let heldAhead = 0;
  for (let t = head.type; t < run.types.length; t++) {
    const pages = run.types[t]?.pages.length ?? 0;
    const started = run.started[t] ?? 0;
    if (started < pages) {
      if (t === head.type && started === head.index && run.waiting) return t;
      const full = t === head.type ? started - head.index >= plan.concurrency : heldAhead + started >= AHEAD * plan.concurrency;
      return run.failed || full || !surelyNeeded(plan, run, t) ? undefined : t;
    }
    if (t > head.type) heldAhead += started;
  }
  return undefined;
}
