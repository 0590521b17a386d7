// Which page comes next: the listing's plan as pure functions, no server.
import { describe, expect, it } from "vitest";
import { afterPage, pagesToStart, planOf, START, type PlanState } from "../src/pagination.js";
import { InvalidParametersError } from "../src/index.js";

describe("the page plan", () => {
  it("plans from the options: window, needed pages, concurrency", () => {
    expect(planOf({})).toEqual({ perPage: 100, concurrency: 8, windowPages: 100, neededPages: Infinity });
    expect(planOf({ per_page: 30, maxItems: 61, concurrency: 2 })).toEqual({ perPage: 30, concurrency: 2, windowPages: 333, neededPages: 3 });
    expect(() => planOf({ concurrency: 0 })).toThrow(InvalidParametersError);
    expect(() => planOf({ per_page: 101 })).toThrow(/per_page/);
  });

  it("starts with page 1 alone, then fills up to the concurrency once `last` is known", () => {
    const plan = planOf({ concurrency: 3 });
    const first = pagesToStart(plan, START, 0);
    expect(first.pages).toEqual([1]);
    expect(pagesToStart(plan, first.state, 1).pages).toEqual([]); // nothing more known yet
    const known = afterPage(plan, first.state, 1, { last: 7 });
    expect(known).toMatchObject({ known: 7, lastPage: 7, truncated: false, read: 1 });
    const burst = pagesToStart(plan, known, 0);
    expect(burst.pages).toEqual([2, 3, 4]);
    expect(pagesToStart(plan, burst.state, 2).pages).toEqual([5]);
  });

  it("stops at GitHub's 10,000-result window and says the listing was truncated", () => {
    const plan = planOf({ per_page: 100 });
    const state = afterPage(plan, pagesToStart(plan, START, 0).state, 1, { last: 250 });
    expect(state).toMatchObject({ known: 100, truncated: true });
  });

  it("asks for no page past what maxItems needs", () => {
    const plan = planOf({ per_page: 100, maxItems: 250 });
    const state = afterPage(plan, pagesToStart(plan, START, 0).state, 1, { last: 40 });
    expect(state.known).toBe(3);
  });

  it("without `last`, follows `next` one page at a time, forward only", () => {
    const plan = planOf({});
    let state: PlanState = pagesToStart(plan, START, 0).state;
    state = afterPage(plan, state, 1, { next: 2 });
    expect(pagesToStart(plan, state, 0).pages).toEqual([2]);
    state = pagesToStart(plan, state, 0).state;
    const back = afterPage(plan, state, 2, { next: 1 }); // a link back to a page already read
    expect(pagesToStart(plan, back, 0).pages).toEqual([]);
    const past = afterPage(plan, state, 2, { next: 101 }); // one past the window
    expect(past.truncated).toBe(true);
    expect(pagesToStart(plan, past, 0).pages).toEqual([]);
  });
});
