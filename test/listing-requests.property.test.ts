// A listing asks a real node:http GitHub stand-in for exactly the pages a reader taking one page
// after the other would: maxItems across types, concurrency 1 to 10, answers arriving out of
// order (a seeded delay each), and consumers that take their time between pages. The mock's own
// request log is what is checked. Seeded: FC_SEED=<n> replays or varies a run.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { iterateUserPackagePages, PACKAGE_TYPES, type Package, type PackageType } from "../src/index.js";
import { mulberry32 } from "../src/mock/faults.js";
import { makePackages } from "../src/mock/fixtures.js";
import { startMockGitHub, type MockGitHub } from "../src/testing.js";
import { pagesAsked, serialPages } from "./serial-reader.js";

const SEED = Number(process.env.FC_SEED ?? 20261207);
const RUNS = Number(process.env.FC_RUNS ?? 200);
const TOKEN = "requests-token";
const POOL = new Map<PackageType, Package[]>(PACKAGE_TYPES.map((type) => [type, makePackages(60, { package_type: type, repository: null })]));

interface Case {
  types: PackageType[];
  perPage: number;
  counts: number[];
  concurrency: number;
  maxItems: number | undefined;
  /** Milliseconds the consumer waits after each page (a slow consumer), by page. */
  pauses: number[];
  seed: number;
}

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    types: fc.shuffledSubarray([...PACKAGE_TYPES], { minLength: 1 }),
    perPage: fc.constantFrom(1, 2, 3, 5, 7, 10),
    edges: fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: -1, max: 1 })), { minLength: 6, maxLength: 6 }),
    concurrency: fc.integer({ min: 1, max: 10 }),
    maxItems: fc.option(fc.integer({ min: 1, max: 45 }), { freq: 6 }),
    pauses: fc.array(fc.constantFrom(0, 0, 1, 3), { maxLength: 8 }),
    seed: fc.integer(),
  })
  .map(({ types, perPage, edges, concurrency, maxItems, pauses, seed }) => ({
    types,
    perPage,
    counts: types.map((_, i) => Math.min(60, Math.max(0, (edges[i]?.[0] ?? 0) * perPage + (edges[i]?.[1] ?? 0)))),
    concurrency,
    maxItems: maxItems ?? undefined,
    pauses,
    seed,
  }));

/** The pages a serial reader asks for in case `c`, as `type:page`. */
function serialRequests(c: Case): string[] {
  let left = c.maxItems ?? Infinity;
  const asked: string[] = [];
  c.types.forEach((type, i) => {
    const count = c.counts[i] ?? 0;
    for (let page = 1; page <= serialPages(count, c.perPage, left); page++) asked.push(`${type}:${page}`);
    left -= Math.max(0, Math.min(count, left));
  });
  return asked;
}

let mock: MockGitHub;
let random = mulberry32(1);
beforeAll(async () => {
  // Each answer waits 0 to 3 ms, by the case's seed, so that answers arrive out of order.
  const delay = () => new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), Math.floor(random() * 4)));
  mock = await startMockGitHub({ token: TOKEN, packages: [], logLimit: Infinity, onRequest: delay });
});
afterAll(() => mock.close());

describe("the pages a listing asks for", () => {
  it(`are the pages a serial reader needs, in the mock's request log (${RUNS} cases, seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        random = mulberry32(c.seed);
        mock.packages.length = 0;
        c.types.forEach((type, i) => mock.packages.push(...(POOL.get(type) ?? []).slice(0, c.counts[i] ?? 0)));
        mock.requests.length = 0;
        const options = { baseUrl: mock.url, token: TOKEN, per_page: c.perPage, concurrency: c.concurrency, maxItems: c.maxItems };
        let n = 0;
        for await (const page of iterateUserPackagePages({ package_type: c.types }, options)) {
          expect(page.changed).toBe(false);
          const pause = c.pauses[n++ % Math.max(1, c.pauses.length)] ?? 0;
          if (pause) await new Promise((resolve) => setTimeout(resolve, pause));
        }
        await new Promise((resolve) => setImmediate(resolve));
        expect(pagesAsked(mock.requests.map((r) => r.url)).sort()).toEqual(serialRequests(c).sort());
        expect(mock.requests.length).toBe(serialRequests(c).length); // no page twice
        expect(mock.peakInFlight()).toBeLessThanOrEqual(10);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  }, 240_000);
});
