// Listings that change while they are read, on a real node:http mock: packages inserted or deleted
// at the front or in the middle, appended at the end, and answers whose `next` skips a page or
// points back, or that repeat a package of the page before. Without `verify`, no package is handed
// over twice, every package handed over existed, and every package present from start to end is
// handed over unless `changed` says so (or a deletion, which page numbers cannot show, happened);
// an answer that showed a change always sets `changed`. With `verify`, the result is the listing
// of a state the server really had, or `changed` is true. Requests are checked too: no page past
// any state's end (but the one after it), at most `concurrency` in flight, at most three readings.
// Seeded: FC_SEED=<n> replays or varies a run.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAllUserPackages, type Package } from "../src/index.js";
import { mulberry32 } from "../src/mock/faults.js";
import { makePackage, makePackages } from "../src/mock/fixtures.js";
import { listingAnswer, writePage } from "../src/mock/listing.js";
import { startMockGitHub, type MockGitHub, type MockRequest, type MockResponse } from "../src/testing.js";

const SEED = Number(process.env.FC_SEED ?? 20261207);
const RUNS = Number(process.env.FC_RUNS ?? 200);
const TOKEN = "changes-token";

const STATE_OPS = ["insert-front", "insert-middle", "delete-front", "delete-middle", "append"] as const;
const ANSWER_OPS = ["skip", "back", "repeat"] as const;
type Op = (typeof STATE_OPS)[number] | (typeof ANSWER_OPS)[number];

interface Case {
  count: number;
  perPage: number;
  concurrency: number;
  /** What happens when the n-th request arrives. */
  events: { at: number; op: Op }[];
  seed: number;
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  count: fc.integer({ min: 0, max: 35 }),
  perPage: fc.constantFrom(3, 5, 7, 10),
  concurrency: fc.integer({ min: 1, max: 10 }),
  events: fc.array(fc.record({ at: fc.nat(12), op: fc.constantFrom<Op>(...STATE_OPS, ...ANSWER_OPS) }), { maxLength: 3 }),
  seed: fc.integer(),
});

/** What one run of a case saw on the server's side. */
interface Run {
  states: number[][];
  deleted: boolean;
  /** An answer showed a change a client can see (a `next` that skips or goes back, a repeated package). */
  shown: boolean;
  nextId: number;
}

/** Applies a state operation to the listing. */
function mutate(packages: Package[], op: Op, run: Run): void {
  const middle = Math.floor(packages.length / 2);
  const fresh = () => makePackage(run.nextId++, { package_type: "npm", repository: null, owner: null });
  if (op === "insert-front") packages.unshift(fresh());
  if (op === "insert-middle") packages.splice(middle, 0, fresh());
  if (op === "append") packages.push(fresh());
  if ((op === "delete-front" || op === "delete-middle") && packages.length > 0) {
    packages.splice(op === "delete-front" ? 0 : middle, 1);
    run.deleted = true;
  }
  run.states.push(packages.map((p) => p.id));
}

/** The mock's answer to `request`, rewritten by an answer operation; `undefined` for none. */
function rewritten(mock: MockGitHub, request: MockRequest, op: Op, run: Run): MockResponse | undefined {
  const url = new URL(request.url, mock.url);
  const page = Number(url.searchParams.get("page"));
  const perPage = Number(url.searchParams.get("per_page"));
  const answer = listingAnswer(url, request.headers["if-none-match"], mock.packages, { links: "full", headers: {}, write: writePage });
  if (answer.status !== 200) return undefined;
  const body = JSON.parse(new TextDecoder().decode(answer.body as Uint8Array)) as Package[];
  const headers = { ...answer.headers };
  if (op === "repeat") {
    const before = mock.packages[(page - 1) * perPage - 1];
    if (page < 2 || !before || body.length === 0) return undefined;
    body.unshift(before);
    body.length = Math.min(body.length, perPage);
  } else {
    const target = op === "skip" ? page + 2 : 1;
    const next = new URL(url.href);
    next.searchParams.set("page", String(target));
    headers.Link = [headers.Link, `<${next.href}>; rel="next"`].filter(Boolean).join(", ").replace(/<[^>]*>; rel="next", /, "");
  }
  run.shown = true;
  return { status: 200, headers, body };
}

let mock: MockGitHub;
let onRequest: (request: MockRequest) => MockResponse | undefined = () => undefined;
let random = mulberry32(1);
beforeAll(async () => {
  const delay = (request: MockRequest) =>
    new Promise<MockResponse | undefined>((resolve) => {
      const answer = onRequest(request); // decided on arrival: the state is the one the request meets
      setTimeout(() => resolve(answer), Math.floor(random() * 4));
    });
  mock = await startMockGitHub({ token: TOKEN, packages: [], logLimit: Infinity, onRequest: delay });
});
afterAll(() => mock.close());

/** Lists case `c` with or without verify, and what the server saw meanwhile. */
async function listCase(c: Case, verify: boolean) {
  random = mulberry32(c.seed);
  mock.packages.length = 0;
  mock.packages.push(...makePackages(c.count, { package_type: "npm", repository: null, owner: null }));
  mock.requests.length = 0;
  const run: Run = { states: [mock.packages.map((p) => p.id)], deleted: false, shown: false, nextId: 1000 };
  let n = 0;
  onRequest = (request) => {
    let answer: MockResponse | undefined;
    for (const { op } of c.events.filter((e) => e.at === n)) {
      if ((STATE_OPS as readonly string[]).includes(op)) mutate(mock.packages, op, run);
      else answer ??= request.headers["if-none-match"] === undefined ? rewritten(mock, request, op, run) : undefined;
    }
    n++;
    return answer;
  };
  const result = await listAllUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, per_page: c.perPage, concurrency: c.concurrency, verify });
  onRequest = () => undefined;
  return { result, run, ids: result.packages.map((p) => p.id) };
}

/** What every run must show, whatever the case: the requests stayed within what any state held. */
function expectRequestsBounded(c: Case, run: Run) {
  const longest = Math.max(...run.states.map((s) => s.length));
  const lastPage = Math.max(1, Math.ceil(longest / c.perPage));
  // A `next` that skips names two pages on; the page after a full final page is asked for too.
  const pages = mock.requests.map((r) => Number(r.query.page));
  expect(Math.max(...pages)).toBeLessThanOrEqual(lastPage + 2);
  expect(mock.peakInFlight()).toBeLessThanOrEqual(10);
}

describe("a listing that changes while it is read", () => {
  it(`without verify: no package twice, none lost unless \`changed\` or a deletion, every shown change seen (${RUNS} cases, seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const { result, run, ids } = await listCase(c, false);
        expect(new Set(ids).size).toBe(ids.length);
        const existed = new Set(run.states.flat());
        expect(ids.filter((id) => !existed.has(id))).toEqual([]);
        const persistent = (run.states[0] ?? []).filter((id) => run.states.every((s) => s.includes(id)));
        if (!result.changed && !run.deleted) expect(persistent.filter((id) => !ids.includes(id))).toEqual([]);
        if (run.shown) expect(result.changed).toBe(true);
        expectRequestsBounded(c, run);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  }, 240_000);

  it(`with verify: the listing of a state the server had, or \`changed\` (${RUNS} cases, seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const { result, run, ids } = await listCase(c, true);
        expect(new Set(ids).size).toBe(ids.length);
        if (!result.changed) expect(run.states).toContainEqual(ids);
        const readings = mock.requests.filter((r) => r.query.page === "1" && r.headers["if-none-match"] === undefined);
        expect(readings.length).toBeLessThanOrEqual(3);
        expectRequestsBounded(c, run);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  }, 240_000);
});
