// The plan of a listing, as pure functions: which pages each package type has (learnt from the
// Link headers as pages arrive), and which page to request next. The runner only drives them.
//
// Why no page can be lost: every type's pages form one ordered list, handed over index by index;
// the list grows only from the Link header of its own final page (page 1's `last`, or the `next`
// of the page currently last), so once a type's final page has arrived and added nothing, the
// type is complete. Requests start in hand-over order, and the page the consumer waits for may
// always start, so the listing cannot stall either.

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
}

/** What is known of one package type's listing. */
export interface TypePlan {
  /** The pages to request, in hand-over order, as far as known yet. Starts as `[1]`. */
  pages: readonly number[];
  /** The last page GitHub announced on page 1, or `null`. */
  lastPage: number | null;
  /** GitHub has more packages of this type than its result window lets anyone list. */
  truncated: boolean;
  /** The listing was seen to change while it was read (it grew, shrank, or its links went back). */
  changed: boolean;
}

/** A type's listing before its first page. */
export const FIRST_PAGE: TypePlan = Object.freeze({ pages: Object.freeze([1]), lastPage: null, truncated: false, changed: false });

const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

/**
 * The plan after the page at `index` arrived with `count` packages and the steering `links`.
 * Page 1's `last` plans every page up to the window; the page planned as final follows `next`
 * (a grown listing), unless it points at a page already planned (then the type ends) or past the
 * window (then the type is truncated there). Pure.
 */
export function afterArrival(plan: PagePlan, type: TypePlan, index: number, count: number, links: PageLinks): TypePlan {
  const page = type.pages[index] ?? 0;
  const final = index === type.pages.length - 1;
  if (index === 0 && links.last !== undefined && links.last > 1) {
    const upTo = Math.min(links.last, plan.windowPages);
    return { ...type, pages: range(1, upTo), lastPage: links.last, truncated: links.last > plan.windowPages };
  }
  if (!final) return count < plan.perPage ? { ...type, changed: true } : type; // a short page before the last: it shrank
  const next = links.next;
  if (next === undefined) return index > 0 && count === 0 ? { ...type, changed: true } : type;
  if (next > plan.windowPages) return { ...type, truncated: true };
  if (next <= page || type.pages.includes(next)) return { ...type, changed: true };
  // Following `next` from page 1 (no `last`) is the plain way; from the announced last, it grew.
  return { ...type, pages: [...type.pages, next], changed: type.changed || type.lastPage !== null };
}

/** Where the runner stands, as the plan sees it. */
export interface RunState {
  /** Each type's plan, in hand-over order. */
  types: readonly TypePlan[];
  /** How many pages of each type were started. */
  started: number[];
  /** The page the consumer waits for: its type, and its index in that type's pages. */
  head: { type: number; index: number };
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
 * Which type starts its next page now, or `undefined`. Always the first unstarted page in
 * hand-over order: the page the consumer waits for whenever a slot is free; a page ahead of it
 * only while no page has failed, its type holds fewer pages than it may (`concurrency` for the
 * consumer's type, `AHEAD × concurrency` for the types after it, together), and the packages
 * surely handed over before it do not reach `maxItems`. A slow consumer so holds a bounded
 * number of pages in memory. Pure.
 */
export function nextStart(plan: PagePlan, run: RunState): number | undefined {
  if (run.inFlight >= plan.concurrency) return undefined;
  const { head } = run;
  let before = run.handed; // a lower bound of the packages handed over before the candidate
  let heldAhead = 0;
  for (let t = head.type; t < run.types.length; t++) {
    const pages = run.types[t]?.pages.length ?? 0;
    const started = run.started[t] ?? 0;
    const handedHere = t === head.type ? head.index : 0;
    if (started < pages) {
      if (t === head.type && started === head.index) return t;
      const full = t === head.type ? started - head.index >= plan.concurrency : heldAhead + started >= AHEAD * plan.concurrency;
      const surelyBefore = before + (started - handedHere) * plan.perPage;
      return run.failed || full || surelyBefore >= plan.maxItems ? undefined : t;
    }
    if (t > head.type) heldAhead += started;
    before += Math.max(0, pages - 1 - handedHere) * plan.perPage;
  }
  return undefined;
}
