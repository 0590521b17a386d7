// The CLI's `list --all --format ndjson` prints exactly the model's packages, line by line: a
// smaller sample of the listing model, driven in-process through the CLI's IO seam against the
// real mock, with seeded delays (answers out of order) and transient 503s and 429s.
// Seeded: FC_SEED=<n> replays or varies a run; fast-check prints the seed and path on failure.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/main.js";
import { PACKAGE_TYPES, type Package, type PackageType } from "../src/index.js";
import { mulberry32 } from "../src/mock/faults.js";
import { makePackages } from "../src/mock/fixtures.js";
import { startMockGitHub, type MockGitHub, type MockRequest, type MockResponse } from "../src/testing.js";

const SEED = Number(process.env.FC_SEED ?? 20261201);
const RUNS = Number(process.env.FC_RUNS_CLI ?? 25);
const TOKEN = "cli-model-token";
const COUNTS = [0, 1, 29, 30, 31, 59, 60, 61, 90];
const VISIBILITIES = ["public", "private", "public"] as const;

interface Case {
  types: PackageType[];
  counts: number[];
  perPage: number;
  concurrency: number;
  limit: number | null;
  namespace: "user" | "org" | "users";
  faultRate: number;
  seed: number;
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  types: fc.shuffledSubarray([...PACKAGE_TYPES], { minLength: 1 }),
  counts: fc.array(fc.constantFrom(...COUNTS), { minLength: 6, maxLength: 6 }),
  perPage: fc.constantFrom(1, 10, 29, 30, 31, 100),
  concurrency: fc.integer({ min: 1, max: 10 }),
  limit: fc.option(fc.integer({ min: 1, max: 200 }), { freq: 3 }),
  namespace: fc.constantFrom("user" as const, "org" as const, "users" as const),
  faultRate: fc.constantFrom(0, 0.1, 0.2),
  seed: fc.nat(),
});

let mock: MockGitHub;
let current = { packages: [] as Package[], random: Math.random, faultRate: 0, faults: new Map<string, number>() };

/**
 * A seeded delay, then now and then a transient fault the retry policy absorbs at once (at most
 * two for one URL, so that the retries always get through).
 */
async function onRequest(request: MockRequest): Promise<MockResponse | undefined> {
  const { random, faultRate, faults } = current;
  await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 3)));
  const seen = faults.get(request.url) ?? 0;
  if (random() >= faultRate || seen >= 2) return undefined;
  faults.set(request.url, seen + 1);
  const status = random() < 0.5 ? 503 : 429;
  return { status, headers: { "Retry-After": "0" }, body: { message: status === 429 ? "You have exceeded a secondary rate limit." : "Server Error" } };
}

beforeAll(async () => {
  mock = await startMockGitHub({
    token: TOKEN,
    packages: [],
    orgs: { get acme() { return current.packages; } },
    users: { get octocat() { return current.packages; } },
    onRequest,
  });
});
afterAll(() => mock.close());

const packagesOf = (c: Case) =>
  c.types.flatMap((type, i) => makePackages(c.counts[i] ?? 0, (n) => ({ package_type: type, visibility: VISIBILITIES[n % 3] ?? "public" })));

/** Each type in order, another user's public packages only, cut at --limit. */
function model(c: Case, packages: Package[]): string[] {
  const shown = packages.filter((p) => c.namespace !== "users" || p.visibility === "public");
  const ids = c.types.flatMap((type) => shown.filter((p) => p.package_type === type).map((p) => `${type}:${p.id}`));
  return c.limit === null ? ids : ids.slice(0, c.limit);
}

async function runCase(c: Case): Promise<{ code: number; lines: string[]; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const namespace = c.namespace === "org" ? ["--org", "acme"] : c.namespace === "users" ? ["--user", "octocat"] : [];
  const argv = ["list", "--type", c.types.join(","), "--all", "--format", "ndjson", "--per-page", String(c.perPage), "--concurrency", String(c.concurrency), ...namespace];
  if (c.limit !== null) argv.push("--limit", String(c.limit));
  const code = await runCli({
    argv,
    env: { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: mock.url },
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, lines: stdout.split("\n").filter(Boolean), stderr };
}

describe("the CLI prints what the library hands over", () => {
  it(`--all --format ndjson equals the model (${RUNS} cases, seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const packages = packagesOf(c);
        current = { packages, random: mulberry32(c.seed), faultRate: c.faultRate, faults: new Map() };
        mock.packages.splice(0, Infinity, ...packages); // the token's user's set is the mock's own array
        const { code, lines, stderr } = await runCase(c);
        expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
        const printed = lines.map((line) => JSON.parse(line) as Package).map((p) => `${p.package_type}:${p.id}`);
        expect(printed).toEqual(model(c, packages));
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  }, 120_000);
});
