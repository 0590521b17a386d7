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
  started: boolean;
}

function newSlot(): Slot {
  let resolve: Slot["resolve"] = () => undefined;
  let reject: Slot["reject"] = () => undefined;
  const promise = new Promise<FetchedPage>((res, rej) => ((resolve = res), (reject = rej)));
  promise.catch(() => undefined); // surfaced when the consumer takes it; never unhandled
  return { promise, resolve, reject, started: false };
}

/** The slots of a listing's pages, by type and index, each created by whichever side asks first. */
function slotTable() {
  const slots = new Map<string, Slot>();
  return {
    get(type: number, index: number): Slot {
      const key = `${type}:${index}`;
      let found = slots.get(key);
      if (!found) slots.set(key, (found = newSlot()));
      return found;
    },
    drop: (type: number, index: number) => slots.delete(`${type}:${index}`),
    /** Rejects every slot whose request never started (its page will not be fetched). */
    rejectUnstarted: (reason: unknown) => slots.forEach((s) => s.started || s.reject(reason)),
    settled: () => Promise.allSettled([...slots.values()].map((s) => s.promise)),
  };
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
  const started: number[] = types.map(() => 0);
  const slots = slotTable();
  const run: Omit<RunState, "types" | "started"> = { head: { type: 0, index: 0 }, handed: 0, inFlight: 0, held: 0, failed: false };

  async function request(type: number, index: number, page: number): Promise<FetchedPage> {
    try {
      const fetched = await steps.fetch(type, page);
      const known = types[type] ?? FIRST_PAGE;
      const steering = index === 0 || index === known.pages.length - 1 ? steps.links(fetched.link, index === 0) : {};
      types[type] = afterArrival(plan, known, index, fetched.packages.length, steering);
      return fetched;
    } finally {
      run.inFlight--;
      fill();
    }
  }

  function start(type: number): void {
    const index = started[type] ?? 0;
    const page = types[type]?.pages[index] ?? 0;
    started[type] = index + 1;
    run.inFlight++;
    run.held++;
    const target = slots.get(type, index);
    target.started = true;
    request(type, index, page).then(target.resolve, (err: unknown) => {
      run.failed = true;
      target.reject(err);
    });
  }

  function fill(): void {
    if (signal.aborted) return;
    for (let type; (type = nextStart(plan, { ...run, types, started })) !== undefined; ) start(type);
  }

  signal.addEventListener("abort", () => slots.rejectUnstarted(signal.reason), { once: true });

  return {
    /** What is known of each type's listing. */
    types: types,
    /** The page at `index` of `type`, once fetched; it becomes the page the plan serves first. */
    take(type: number, index: number): Promise<FetchedPage> {
      run.head = { type, index };
      const target = slots.get(type, index);
      fill();
      if (signal.aborted && !target.started) target.reject(signal.reason);
      return target.promise;
    },
    /** The consumer has that page: its buffer is freed and `count` packages count as handed over. */
    handOver(type: number, index: number, count: number): void {
      slots.drop(type, index);
      run.held--;
      run.handed += count;
      run.head = { type, index: index + 1 };
      fill(); // before the page is yielded, so requests keep flowing while the consumer works
    },
    /** Marks a type's listing as changed (a repeated package was dropped). */
    changed(type: number): void {
      const known = types[type];
      if (known && !known.changed) types[type] = { ...known, changed: true };
    },
    /** Resolves once no request of the listing is left running. */
    settled: slots.settled,
  };
}
