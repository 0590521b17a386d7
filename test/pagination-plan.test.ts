// Which page comes next: the listing's plan as pure functions, no server.
import { describe, expect, it } from "vitest";
import { afterArrival, changeSeen, FIRST_PAGE, nextStart, type RunState, type TypePlan } from "../src/core/listing/page-plan.js";
import { listingOf } from "../src/core/door/options.js";
import { collect } from "../src/core/listing/pagination.js";
import { InvalidParametersError, type ListAllUserPackagesParams, type PaginationOptions } from "../src/index.js";

const planOf = (opts: PaginationOptions) => listingOf({ package_type: "npm" }, opts).plan;
const typesOf = (params: ListAllUserPackagesParams) => listingOf(params).types;

const pages = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const typePlan = (given: Partial<TypePlan> = {}): TypePlan => ({ ...FIRST_PAGE, ...given });

describe("collecting a listing", () => {
  it("collects nothing from no page: not truncated, not changed, no rate limit", async () => {
    const none = (async function* () {})();
    expect(await collect(none)).toEqual({ packages: [], truncated: false, truncatedTypes: [], changed: false, pages: 0, rateLimit: null });
  });
});

describe("the page plan", () => {
  it("plans from the options: window, maxItems, concurrency", () => {
    expect(planOf({})).toEqual({ perPage: 100, concurrency: 8, windowPages: 100, maxItems: Infinity });
    expect(planOf({ per_page: 30, maxItems: 61, concurrency: 2 })).toEqual({ perPage: 30, concurrency: 2, windowPages: 333, maxItems: 61 });
    expect(() => planOf({ concurrency: 0 })).toThrow(InvalidParametersError);
    expect(() => planOf({ per_page: 101 })).toThrow(/per_page/);
  });

  it("learns the last page from page 1, and stops at GitHub's 10,000-result window", () => {
    const plan = planOf({ per_page: 100 });
    expect(afterArrival(plan, FIRST_PAGE, 1, 100, { last: 7, next: 2 })).toEqual(typePlan({ pages: pages(7), lastPage: 7 }));
    expect(afterArrival(plan, FIRST_PAGE, 1, 100, { last: 250 })).toEqual(typePlan({ pages: pages(100), lastPage: 250, truncated: true }));
  });

  it("reads a `last` of 1 as no other page", () => {
    expect(afterArrival(planOf({}), FIRST_PAGE, 1, 10, { last: 1 })).toEqual(typePlan({ lastPage: 1 }));
  });

  it("without `last`, follows `next` one page at a time; past the window, the type is truncated", () => {
    const plan = planOf({});
    const two = afterArrival(plan, FIRST_PAGE, 1, 100, { next: 2 });
    expect(two).toEqual(typePlan({ pages: [1, 2] }));
    expect(afterArrival(plan, two, 2, 100, { next: 3 })).toEqual(typePlan({ pages: [1, 2, 3] }));
    expect(afterArrival(plan, typePlan({ pages: pages(100) }), 100, 100, { next: 101 })).toEqual(typePlan({ pages: pages(100), truncated: true }));
    expect(afterArrival(plan, two, 2, 40, {})).toEqual(two); // the end, as it should be
  });

  it("follows `next` from the page planned as last: the listing grew while it was read", () => {
    const plan = planOf({ per_page: 10 });
    const planned = typePlan({ pages: pages(3), lastPage: 3 });
    expect(afterArrival(plan, planned, 3, 10, { next: 4 })).toEqual(typePlan({ pages: pages(4), lastPage: 3, changed: true }));
  });

  it("reads `last` from every page: a larger one plans the pages up to it and says the listing grew", () => {
    const plan = planOf({ per_page: 10 });
    const planned = typePlan({ pages: pages(3), lastPage: 3 });
    expect(afterArrival(plan, planned, 2, 10, { last: 4, next: 3 })).toEqual(typePlan({ pages: pages(4), lastPage: 4, changed: true }));
    expect(afterArrival(plan, planned, 2, 10, { last: 3, next: 3 })).toEqual(planned);
    expect(afterArrival(plan, planned, 2, 10, { last: 2, next: 3 }).changed).toBe(true); // it shrank
  });

  it("follows a `next` that skips pages, reading the pages between too, and says so", () => {
    const plan = planOf({ per_page: 10 });
    const two = typePlan({ pages: [1, 2] });
    expect(afterArrival(plan, two, 2, 10, { next: 4 })).toEqual(typePlan({ pages: pages(4), changed: true }));
  });

  it("asks for the page after a full final page that has no Link at all, and takes an empty one there as the end", () => {
    const plan = planOf({ per_page: 7 });
    const probed = afterArrival(plan, FIRST_PAGE, 1, 7, { bare: true });
    expect(probed).toEqual(typePlan({ pages: [1, 2], probe: 2 }));
    expect(afterArrival(plan, probed, 2, 0, { bare: true })).toEqual(probed);
    expect(afterArrival(plan, FIRST_PAGE, 1, 6, { bare: true })).toEqual(FIRST_PAGE); // short: the end
    expect(afterArrival(plan, typePlan({ pages: pages(1428) }), 1428, 7, { bare: true })).toEqual(typePlan({ pages: pages(1428) })); // the window's last page
    expect(afterArrival(plan, probed, 1, 7, { bare: true }).pages).toEqual([1, 2]);
  });

  it("ends a type at a `next` that points back, and marks it changed", () => {
    const plan = planOf({ per_page: 10 });
    const planned = typePlan({ pages: [1, 2] });
    expect(afterArrival(plan, planned, 2, 10, { next: 1 })).toEqual(typePlan({ pages: [1, 2], changed: true }));
    expect(afterArrival(plan, planned, 2, 10, { next: 2 })).toEqual(typePlan({ pages: [1, 2], changed: true }));
  });

  it("marks a type changed when a page before the last comes back short or without `next`, or a later last page empty", () => {
    const plan = planOf({ per_page: 10 });
    const planned = typePlan({ pages: pages(3), lastPage: 3 });
    expect(changeSeen(plan, planned, 2, 9, { next: 3, last: 3 })).toBe(true);
    expect(changeSeen(plan, planned, 2, 10, { next: 3, last: 3 })).toBe(false);
    expect(changeSeen(plan, planned, 2, 10, {})).toBe(true);
    expect(changeSeen(plan, planned, 2, 10, { last: 3 })).toBe(false); // no `next`, but the same last page ahead
    expect(changeSeen(plan, planned, 2, 10, { bare: true })).toBe(false); // a proxy that drops Link says nothing
    expect(changeSeen(plan, planned, 3, 0, {})).toBe(true);
    expect(changeSeen(plan, FIRST_PAGE, 1, 0, { bare: true })).toBe(false); // an empty listing is no change
  });

  it("takes one type, several, or all of them; refuses none, repeats, unknown types and page parameters", () => {
    expect(typesOf({ package_type: "npm" })).toEqual(["npm"]);
    expect(typesOf({ package_type: ["container", "npm"] })).toEqual(["container", "npm"]);
    for (const bad of [[], ["npm", "npm"], ["pypi"], "pypi"] as never[]) expect(() => typesOf({ package_type: bad })).toThrow(InvalidParametersError);
    for (const name of ["page", "per_page"]) {
      expect(() => typesOf({ package_type: "npm", [name]: 2 } as never)).toThrow(new RegExp(`"${name}".*per_page is a listing option`));
    }
  });
});

describe("which page starts next", () => {
  const plan = planOf({ concurrency: 4, per_page: 10 });
  const state = (given: Partial<RunState>): RunState => ({
    types: [typePlan({ pages: pages(9), lastPage: 9 }), FIRST_PAGE],
    started: [0, 0],
    counts: [[], []],
    head: { type: 0, index: 0 },
    waiting: true,
    handed: 0,
    inFlight: 0,
    failed: false,
    ...given,
  });

  it("never starts a page past `concurrency` requests in flight", () => {
    expect(nextStart(plan, state({ inFlight: 4 }))).toBeUndefined();
    expect(nextStart(plan, state({ inFlight: 3 }))).toBe(0);
  });

  it("starts the first unstarted page in hand-over order: this type's pages, then the next type's", () => {
    expect(nextStart(plan, state({ started: [3, 0], inFlight: 3 }))).toBe(0);
    expect(nextStart(plan, state({ started: [9, 0], inFlight: 3, head: { type: 0, index: 6 } }))).toBe(1);
    expect(nextStart(plan, state({ started: [9, 1], inFlight: 1, head: { type: 0, index: 8 } }))).toBeUndefined();
  });

  it("holds at most `concurrency` pages of the consumer's type, but always starts the page it waits for", () => {
    expect(nextStart(plan, state({ started: [5, 0], inFlight: 2, head: { type: 0, index: 1 } }))).toBeUndefined();
    expect(nextStart(plan, state({ started: [5, 0], inFlight: 2, head: { type: 0, index: 2 } }))).toBe(0);
    const headUnstarted = state({ types: [typePlan({ pages: [1, 2] }), FIRST_PAGE], started: [1, 1], inFlight: 2, head: { type: 0, index: 1 } });
    expect(nextStart(plan, headUnstarted)).toBe(0);
  });

  it("lets the types after the consumer's hold three times `concurrency` pages between them", () => {
    const types = [typePlan({ pages: [1, 2] }), typePlan({ pages: pages(20), lastPage: 20 }), FIRST_PAGE];
    expect(nextStart(plan, state({ types, started: [2, 11, 1], inFlight: 1, head: { type: 0, index: 1 } }))).toBe(1);
    expect(nextStart(plan, state({ types, started: [2, 12, 1], inFlight: 1, head: { type: 0, index: 1 } }))).toBeUndefined();
  });

  it("after a failure, starts only the page the consumer waits for", () => {
    expect(nextStart(plan, state({ started: [2, 0], inFlight: 1, failed: true }))).toBeUndefined();
    expect(nextStart(plan, state({ started: [2, 0], inFlight: 1, failed: true, head: { type: 0, index: 2 } }))).toBe(0);
  });

  it("under maxItems, starts a page only once every page before it, counted full while in flight, falls short", () => {
    const limited = planOf({ concurrency: 4, per_page: 10, maxItems: 25 });
    const run = (given: Partial<RunState>) => state({ head: { type: 0, index: 1 }, handed: 10, ...given });
    expect(nextStart(limited, run({ started: [3, 0], inFlight: 2 }))).toBeUndefined(); // 10 + 10 + 10 may fill 25
    expect(nextStart(limited, run({ started: [2, 0], inFlight: 1 }))).toBe(0); // 10 + 10 fall short
    expect(nextStart(limited, run({ started: [3, 0], inFlight: 0, counts: [[10, 4, 4], []] }))).toBe(0); // arrived short: 18
    expect(nextStart(limited, run({ started: [3, 0], inFlight: 0, counts: [[10, 10, 10], []] }))).toBeUndefined();
  });

  it("starts a later type's page 1 only once each page before it arrived, and they fall short of maxItems", () => {
    const threePages = typePlan({ pages: pages(3), lastPage: 3 });
    const run = (counts: (number | undefined)[]) =>
      state({ types: [threePages, FIRST_PAGE], started: [3, 0], counts: [counts, []], inFlight: 0, head: { type: 0, index: 1 }, handed: 10 });
    const limited = planOf({ concurrency: 4, per_page: 10, maxItems: 31 });
    expect(nextStart(limited, run([10, 10, undefined]))).toBeUndefined(); // in flight: type 0 may still grow
    expect(nextStart(limited, run([10, 10, 10]))).toBe(1);
    expect(nextStart(planOf({ concurrency: 4, per_page: 10, maxItems: 30 }), run([10, 10, 10]))).toBeUndefined();
  });

  it("starts nothing for a consumer that is not waiting once its packages reach maxItems", () => {
    const limited = planOf({ concurrency: 4, per_page: 10, maxItems: 10 });
    expect(nextStart(limited, state({ started: [1, 0], counts: [[10], []], head: { type: 0, index: 1 }, handed: 10, waiting: false }))).toBeUndefined();
    expect(nextStart(planOf({ concurrency: 4, per_page: 10 }), state({ started: [1, 0], counts: [[10], []], head: { type: 0, index: 1 }, handed: 10, waiting: false }))).toBe(0);
  });

  it("counts every type after the consumer's towards what they may hold", () => {
    const types = [typePlan({ pages: [1] }), typePlan({ pages: pages(12), lastPage: 12 }), FIRST_PAGE];
    const run = (started: number[]) => state({ types, started, inFlight: 0, head: { type: 0, index: 1 } });
    expect(nextStart(plan, run([1, 12, 0]))).toBeUndefined(); // 12 held ahead: 3 × concurrency
    expect(nextStart(plan, run([1, 11, 0]))).toBe(1);
  });
});
