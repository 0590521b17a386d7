// Drives a listing's plan: a bounded pool of page requests over every package type, started in
// hand-over order as the plan allows, and an in-order buffer the consumer takes pages from.
import { afterArrival, FIRST_PAGE, nextStart, type PageLinks, type PagePlan, type RunState, type TypePlan } from "./page-plan.js";
import type { RateLimitState } from "./rate-limit.js";
import type { Package } from "./types.js";

/** One page as the client fetched it. */
export interface FetchedPage {
  packages: Package[];
  response: Response;
  link: string | null;
  rateLimit: RateLimitState | null;
}

/** A page's result, waited for by the consumer before or after its request starts. */
interface Slot {
  promise: Promise<FetchedPage>;
  resolve: (page: FetchedPage) => void;
  reject: (reason: unknown) => void;
  started?: true;
}

function newSlot(): Slot {
  const slot = {} as Slot; // filled in at once by the executor below
  slot.promise = new Promise<FetchedPage>((resolve, reject) => Object.assign(slot, { resolve, reject }));
  slot.promise.catch(() => undefined); // surfaced when the consumer takes it; never unhandled
  return slot;
}

/** What the runner needs from the listing: how to fetch a page and read the links that steer it. */
export interface RunnerSteps {
  fetch(type: number, page: number): Promise<FetchedPage>;
  /** The steering links of a page's `Link` header (`last` only when asked for). */
  links(link: string | null, withLast: boolean): PageLinks;
}

/** The pool and buffer of one listing. Aborting `signal` rejects every page not yet started. */
export function pageRunner(plan: PagePlan, typeCount: number, steps: RunnerSteps, signal: AbortSignal) {
  const types: TypePlan[] = Array.from({ length: typeCount }, () => FIRST_PAGE);
  const run: RunState = { types, started: types.map(() => 0), head: { type: 0, index: 0 }, handed: 0, inFlight: 0, failed: false };
  // Each page's slot, by type and index, made by whichever side asks first; dropped once handed over.
  const slots = new Map<string, Slot>();
  const slot = (type: number, index: number): Slot => {
    const key = `${type}:${index}`;
    let found = slots.get(key);
    if (!found) slots.set(key, (found = newSlot()));
    return found;
  };

  async function request(type: number, index: number): Promise<FetchedPage> {
    try {
      const fetched = await steps.fetch(type, types[type]?.pages[index] ?? 0);
      // Read the plan after the answer: other pages of this type may have grown it meanwhile.
      const known = types[type] ?? FIRST_PAGE;
      const steering = index === 0 || index === known.pages.length - 1 ? steps.links(fetched.link, index === 0) : {};
      types[type] = afterArrival(plan, known, index, fetched.packages.length, steering);
      return fetched;
    } finally {
      run.inFlight--;
      fill();
    }
  }

  function fill(): void {
    for (let type; !signal.aborted && (type = nextStart(plan, run)) !== undefined; ) {
      const index = run.started[type] ?? 0;
      const target = slot(type, index);
      run.started[type] = index + 1;
      run.inFlight++;
      target.started = true;
      request(type, index).then(target.resolve, (err: unknown) => {
        run.failed = true;
        target.reject(err);
      });
    }
  }

  signal.addEventListener("abort", () => slots.forEach((s) => s.started || s.reject(signal.reason)), { once: true });

  return {
    /** What is known of each type's listing. */
    types,
    /** The page at `index` of `type`, once fetched; it becomes the page the plan serves first. */
    take(type: number, index: number): Promise<FetchedPage> {
      run.head = { type, index };
      const target = slot(type, index);
      fill();
      if (signal.aborted && !target.started) target.reject(signal.reason);
      return target.promise;
    },
    /** The consumer has that page: its slot is freed and `count` packages count as handed over. */
    handOver(type: number, index: number, count: number, changed: boolean): void {
      slots.delete(`${type}:${index}`);
      run.handed += count;
      run.head = { type, index: index + 1 };
      const known = types[type];
      if (changed && known && !known.changed) types[type] = { ...known, changed };
      fill(); // before the page is yielded, so requests keep flowing while the consumer works
    },
    /** Resolves once no request of the listing is left running. */
    settled: () => Promise.allSettled([...slots.values()].map((s) => s.promise)),
  };
}
