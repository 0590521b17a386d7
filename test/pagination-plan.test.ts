// Which page comes next: the listing's plan as pure functions, no server.
import { describe, expect, it } from "vitest";
import { afterPage, pickLane, planOf, START, typesOf, type Lane, type PlanState } from "../src/pagination.js";
import { InvalidParametersError } from "../src/index.js";

const lane = (state: Partial<PlanState> = {}, held = 0, type: Lane["type"] = "npm"): Lane => ({ type, state: { ...START, ...state }, held });

describe("the page plan", () => {
  it("plans from the options: window, needed pages, concurrency", () => {
    expect(planOf({})).toEqual({ perPage: 100, concurrency: 8, windowPages: 100, neededPages: Infinity });
    expect(planOf({ per_page: 30, maxItems: 61, concurrency: 2 })).toEqual({ perPage: 30, concurrency: 2, windowPages: 333, neededPages: 3 });
    expect(() => planOf({ concurrency: 0 })).toThrow(InvalidParametersError);
    expect(() => planOf({ per_page: 101 })).toThrow(/per_page/);
  });

  it("learns the last page from page 1, and stops at GitHub's 10,000-result window", () => {
    const plan = planOf({ per_page: 100 });
    expect(afterPage(plan, { ...START, upcoming: 2 }, 1, { last: 7 })).toMatchObject({ known: 7, lastPage: 7, truncated: false, read: 1 });
    expect(afterPage(plan, { ...START, upcoming: 2 }, 1, { last: 250 })).toMatchObject({ known: 100, truncated: true });
  });

  it("asks for no page past what maxItems needs", () => {
    const plan = planOf({ per_page: 100, maxItems: 250 });
    expect(afterPage(plan, { ...START, upcoming: 2 }, 1, { last: 40 }).known).toBe(3);
  });

  it("without `last`, follows `next` one page at a time, forward only", () => {
    const plan = planOf({});
    const state = afterPage(plan, { ...START, upcoming: 2 }, 1, { next: 2 });
    expect(state).toMatchObject({ upcoming: 2, known: 2 });
    const atTwo = { ...state, upcoming: 3 };
    expect(afterPage(plan, atTwo, 2, { next: 1 })).toMatchObject({ upcoming: 3, known: 2 }); // a link back: the end
    expect(afterPage(plan, atTwo, 2, { next: 101 }).truncated).toBe(true); // one past the window
  });
});

describe("picking the lane that starts a page", () => {
  const plan = planOf({ concurrency: 4 });

  it("never starts a page past `concurrency` requests in flight", () => {
    expect(pickLane(plan, [lane()], 0, 4)).toBeUndefined();
    expect(pickLane(plan, [lane()], 0, 3)).toBe(0);
  });

  it("serves the lane being handed over first, up to `concurrency` pages held", () => {
    const lanes = [lane({ upcoming: 3, known: 9 }, 2), lane()];
    expect(pickLane(plan, lanes, 0, 2)).toBe(0);
    expect(pickLane(plan, [lane({ upcoming: 5, known: 9 }, 4), lane()], 0, 2)).toBe(1); // lane 0 holds enough
  });

  it("then probes page 1 of the lanes ahead, then their known pages, in order", () => {
    const lanes = [lane({ upcoming: 10, known: 9 }, 1), lane({ upcoming: 3, known: 5 }, 1), lane(), lane()];
    expect(pickLane(plan, lanes, 0, 1)).toBe(2); // page 1 of lane 2 before page 3 of lane 1
    const probed = [lanes[0]!, lane({ upcoming: 4, known: 5 }, 2), lane({ upcoming: 2, known: 1 }, 1), lane({ upcoming: 2, known: 1 }, 1)];
    expect(pickLane(plan, probed, 0, 2)).toBe(1); // the lanes ahead hold 4 pages: room for more
    const full = [lanes[0]!, lane({ upcoming: 9, known: 12 }, 8), lane({ upcoming: 4, known: 5 }, 3), lane({ upcoming: 2, known: 1 }, 1)];
    expect(pickLane(plan, full, 0, 2)).toBeUndefined(); // ... but not past 3 × concurrency (12) between them
    expect(pickLane(plan, [lanes[0]!, lanes[1]!, lane({ upcoming: 2, known: 1 }, 0)], 0, 1)).toBe(1);
  });

  it("starts nothing when every lane is done", () => {
    expect(pickLane(plan, [lane({ upcoming: 3, known: 2 }), lane({ upcoming: 6, known: 5 })], 1, 0)).toBeUndefined();
  });

  it("takes one type, several, or all of them; refuses none, repeats and unknown types", () => {
    expect(typesOf("npm")).toEqual(["npm"]);
    expect(typesOf(["container", "npm"])).toEqual(["container", "npm"]);
    for (const bad of [[], ["npm", "npm"], ["pypi"], "pypi"] as never[]) expect(() => typesOf(bad)).toThrow(InvalidParametersError);
  });
});
