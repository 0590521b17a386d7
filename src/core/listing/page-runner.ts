// Drives a listing's plan: a bounded pool of page requests over every package type, started in
// hand-over order as the plan allows, and an in-order buffer the consumer takes pages from.
import { afterArrival, FIRST_PAGE, nextStart, type PageLinks, type PagePlan, type RunState, type TypePlan } from "./page-plan.js";
import type { RateLimitState } from "../request/rate-limit.js";
import type { Package } from "../types.js";

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
interface RunnerSteps {
  fetch(type: number, page: number): Promise<FetchedPage>;
  /** The steering links of a fetched page. */
  links(page: FetchedPage): PageLinks;
}

/** What one runner keeps: the plan's state, and each page's slot by type and index. */
interface Pool {
  plan: PagePlan;
  steps: RunnerSteps;
  signal: AbortSignal;
  types: TypePlan[];
  run: RunState;
  /** Made by whichever side asks first; dropped once handed over. */
  slots: Map<string, Slot>;
}

function slotOf(pool: Pool, type: number, index: number): Slot {
  const key = `${type}:${index}`;
  let found = pool.slots.get(key);
  if (!found) pool.slots.set(key, (found = newSlot()));
  return found;
}

/** Fetches one page and lets its answer steer the plan; the pool is filled again either way. */
async function request(pool: Pool, type: number, index: number): Promise<FetchedPage> {
  const { plan, steps, types, run } = pool;
  try {
    const fetched = await steps.fetch(type, index + 1);
    // Read the plan after the answer: other pages of this type may have grown it meanwhile.
    types[type] = afterArrival(plan, types[type] ?? FIRST_PAGE, index + 1, fetched.packages.length, steps.links(fetched));
    (run.counts[type] ??= [])[index] = fetched.packages.length;
    return fetched;
  } finally {
    run.inFlight--;
    fill(pool);
  }
}

/** Starts every page the plan allows now. */
function fill(pool: Pool): void {
  const { plan, run, signal } = pool;
  for (let type; !signal.aborted && (type = nextStart(plan, run)) !== undefined; ) {
    const index = run.started[type] ?? 0;
    const target = slotOf(pool, type, index);
    run.started[type] = index + 1;
    run.inFlight++;
    target.started = true;
    request(pool, type, index).then(target.resolve, (err: unknown) => {
      run.failed = true;
      target.reject(err);
    });
  }
}

/** The pool and buffer of one listing. Aborting `signal` rejects every page not yet started. */
export function pageRunner(plan: PagePlan, typeCount: number, steps: RunnerSteps, signal: AbortSignal) {
  const types: TypePlan[] = Array.from({ length: typeCount }, () => FIRST_PAGE);
  const run: RunState = { types, started: types.map(() => 0), counts: types.map(() => []), head: { type: 0, index: 0 }, waiting: false, handed: 0, inFlight: 0, failed: false };
  const pool: Pool = { plan, steps, signal, types, run, slots: new Map() };
  const onAbort = () => pool.slots.forEach((s) => s.started || s.reject(signal.reason));
  signal.addEventListener("abort", onAbort, { once: true });
  return {
    /** What is known of each type's listing. */
    types,
    /** The page at `index` of `type`, once fetched; it becomes the page the plan serves first. */
    take(type: number, index: number): Promise<FetchedPage> {
      run.head = { type, index };
      run.waiting = true;
      const target = slotOf(pool, type, index);
      fill(pool);
      if (signal.aborted && !target.started) target.reject(signal.reason);
      return target.promise;
    },
    /** The consumer has that page: its slot is freed and `count` packages count as handed over. */
    handOver(type: number, index: number, count: number, changed: boolean): void {
      pool.slots.delete(`${type}:${index}`);
      run.handed += count;
      run.head = { type, index: index + 1 };
      run.waiting = false;
      const known = types[type];
      if (changed && known && !known.changed) types[type] = { ...known, changed };
      fill(pool); // before the page is yielded, so requests keep flowing while the consumer works
    },
    /** Resolves once no request of the listing is left running; the runner then stops listening to `signal`. */
    settled: async () => {
      await Promise.allSettled([...pool.slots.values()].map((s) => s.promise));
      signal.removeEventListener("abort", onAbort);
    },
  };
}

/** A listing's runner. */
export type PageRunner = ReturnType<typeof pageRunner>;
