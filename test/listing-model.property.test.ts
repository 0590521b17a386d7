// A whole listing equals its model, and asks for exactly the pages a reader taking one page after
// the other would (maxItems included), whatever the types and their order, the counts (around page
// and window edges), per_page, concurrency, maxItems, namespace and filter, in whatever order the
// answers arrive and with transient faults the retry policy absorbs. fast-check's scheduler
// decides the order in which held-back answers (and retry waits) are released.
// Seeded: FC_SEED=<n> replays or varies a run; fast-check prints the seed and path on failure.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { listAllUserPackages, PACKAGE_TYPES, type Package, type PackageType, type PackageVisibility } from "../src/index.js";
import { makePackages } from "../src/mock/fixtures.js";
import { fakeGitHub, steppingClock, type TransientFault } from "./fake-github.js";
import { pagesAsked, serialPages } from "./serial-reader.js";

const SEED = Number(process.env.FC_SEED ?? 20261201);
const RUNS = Number(process.env.FC_RUNS ?? 200);
const WINDOW = 10_000;
const VISIBILITY_OF = ["public", "private", "public"] as const;

// One pool of packages per type, sliced per case: ids are unique within a type. No repository and
// no owner objects (both may be null): the listing does not look inside them, and pages a quarter
// the size keep 200 cases quick (the window-edge cases read hundreds of full pages).
const POOL = new Map<PackageType, Package[]>(
  PACKAGE_TYPES.map((type) => [
    type,
    makePackages(WINDOW + 101, (i) => ({ package_type: type, visibility: VISIBILITY_OF[i % 3] ?? "public", repository: null, owner: null })),
  ]),
);

interface Case {
  types: PackageType[];
  perPage: number;
  counts: number[];
  concurrency: number;
  maxItems: number | undefined;
  namespace: "user" | "org" | "users";
  visibility: PackageVisibility | undefined;
  faults: (TransientFault | null)[];
}

/** Counts at page edges (k pages, one less, one more), and now and then one type at the window's edge. */
const caseArb: fc.Arbitrary<Case> = fc
  .record({
    types: fc.shuffledSubarray([...PACKAGE_TYPES], { minLength: 1 }),
    perPage: fc.oneof(fc.constantFrom(1, 2, 3, 7, 30, 100), fc.integer({ min: 1, max: 100 })),
    edges: fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: -1, max: 1 })), { minLength: 6, maxLength: 6 }),
    big: fc.option(fc.record({ at: fc.nat(5), perPage: fc.constantFrom(50, 100), delta: fc.integer({ min: -1, max: 101 }) }), { freq: 12 }),
    concurrency: fc.integer({ min: 1, max: 10 }),
    maxItems: fc.option(fc.integer({ min: 1, max: 400 }), { freq: 3 }),
    namespace: fc.constantFrom("user" as const, "org" as const, "users" as const),
    visibility: fc.option(fc.constantFrom<PackageVisibility>("public", "private"), { freq: 4 }),
    faults: fc.array(fc.option(fc.constantFrom<TransientFault>("500", "503", "429", "reset"), { freq: 6 }), { maxLength: 40 }),
  })
  .map(({ types, perPage: small, edges, big, concurrency, maxItems, namespace, visibility, faults }) => {
    const perPage = big ? big.perPage : small;
    const counts = types.map((_, i) => {
      const [pages, delta] = edges[i] ?? [0, 0];
      const count = Math.max(0, pages * perPage + delta);
      return big && big.at % types.length === i ? Math.floor(WINDOW / perPage) * perPage + big.delta : count;
    });
    return { types, perPage, counts, concurrency, maxItems: maxItems ?? undefined, namespace, visibility: visibility ?? undefined, faults };
  });

/** The server's packages of `type` in case `c` (before the visibility filter). */
const serverSet = (c: Case, type: PackageType) => (POOL.get(type) ?? []).slice(0, c.counts[c.types.indexOf(type)] ?? 0);

/** What the listing must give: each type in the server's order up to the window, cut at maxItems, and the pages asked for. */
function model(c: Case) {
  const windowItems = Math.floor(WINDOW / c.perPage) * c.perPage;
  let left = c.maxItems ?? Infinity;
  const ids: string[] = [];
  const truncatedTypes: PackageType[] = [];
  const requested: string[] = [];
  for (const type of c.types) {
    if (left <= 0) break;
    const set = serverSet(c, type).filter((p) => c.visibility === undefined || p.visibility === c.visibility);
    for (let page = 1; page <= serialPages(set.length, c.perPage, left, WINDOW); page++) requested.push(`${type}:${page}`);
    const taken = set.slice(0, Math.min(windowItems, left));
    left -= taken.length;
    ids.push(...taken.map((p) => `${type}:${p.id}`));
    if (set.length > windowItems) truncatedTypes.push(type);
  }
  return { ids, truncatedTypes, pages: requested.length, requested };
}

function setsOf(c: Case) {
  const all = c.types.flatMap((type) => serverSet(c, type));
  if (c.namespace === "org") return { user: [], orgs: { acme: all } };
  if (c.namespace === "users") return { user: [], users: { octocat: all } };
  return { user: all };
}

const namespaceOf = (c: Case) => (c.namespace === "org" ? { org: "acme" } : c.namespace === "users" ? { username: "octocat" } : {});

/** Runs case `c` with its answers released in the order the scheduler picks. */
async function listCase(s: fc.Scheduler, c: Case) {
  const fake = fakeGitHub({ sets: setsOf(c), schedule: (p) => s.schedule(p), faultOf: (n) => c.faults[n % Math.max(1, c.faults.length)] ?? undefined });
  const listing = listAllUserPackages(
    { package_type: c.types, visibility: c.visibility, ...namespaceOf(c) },
    {
      baseUrl: "https://api.github.com",
      token: "model-token",
      fetch: fake.fetch,
      clock: steppingClock((p) => s.schedule(p)),
      timeoutMs: 0,
      per_page: c.perPage,
      concurrency: c.concurrency,
      maxItems: c.maxItems,
    },
  );
  await s.waitFor(listing);
  return { result: await listing, fake };
}

describe("a whole listing equals its model, requests included", () => {
  it(`at any concurrency, in any arrival order, through transient faults (${RUNS} cases, seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), caseArb, async (s, c) => {
        const { result, fake } = await listCase(s, c);
        const expected = model(c);
        expect(result.packages.map((p) => `${p.package_type}:${p.id}`)).toEqual(expected.ids);
        expect(result.truncatedTypes).toEqual(expected.truncatedTypes);
        expect(result.truncated).toBe(expected.truncatedTypes.length > 0);
        expect(result.pages).toBe(expected.pages);
        expect(pagesAsked(fake.urls).sort()).toEqual([...expected.requested].sort());
        expect(result.changed).toBe(false);
        expect(fake.peakInFlight).toBeLessThanOrEqual(c.concurrency);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  }, 240_000);
});
