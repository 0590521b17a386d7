import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createPackagesClient, InvalidParametersError, type ListUserPackagesParams } from "../src/index.js";
import { startMockGitHub } from "../src/testing.js";

// FC_SEED=<n> varies or replays a run; fast-check prints the seed and path on failure.
const SEED = Number(process.env.FC_SEED ?? 20261124);

const TYPES = ["npm", "maven", "rubygems", "docker", "nuget", "container"] as const;
const VISIBILITIES = ["public", "private", "internal"] as const;

/** What GitHub's rules say of a parameter set, written independently of src/core/door/params.ts. */
function expectedQuery(p: Record<string, unknown>): string | undefined {
  const known = ["package_type", "visibility", "page", "per_page"];
  if (Object.keys(p).some((k) => !known.includes(k) && p[k] !== undefined)) return undefined;
  if (!TYPES.includes(p.package_type as never)) return undefined;
  if (p.visibility !== undefined && !VISIBILITIES.includes(p.visibility as never)) return undefined;
  const isInt = (v: unknown) => typeof v === "number" && Number.isInteger(v) && Math.abs(v) <= Number.MAX_SAFE_INTEGER;
  if (p.page !== undefined && !(isInt(p.page) && (p.page as number) >= 1)) return undefined;
  if (p.per_page !== undefined && !(isInt(p.per_page) && (p.per_page as number) >= 1 && (p.per_page as number) <= 100)) return undefined;
  if (((p.page as number | undefined) ?? 1) * ((p.per_page as number | undefined) ?? 30) > 10_000) return undefined;
  const parts = [`package_type=${String(p.package_type)}`];
  for (const key of ["visibility", "page", "per_page"]) if (p[key] !== undefined) parts.push(`${key}=${p[key] as string | number}`);
  return parts.join("&");
}

// Weighted so that both valid and invalid inputs come up often.
const w = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });
const absent = fc.constant(undefined);
const oddNumber = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: false }),
  fc.constantFrom(0, -1, 101, 334, 10_001, Number.NaN, Infinity, 2.5),
  fc.string(),
);
const paramsArb = fc.record(
  {
    package_type: fc.oneof(w(8, fc.constantFrom(...TYPES)), w(1, fc.string()), w(1, absent), w(1, fc.integer())),
    visibility: fc.oneof(w(4, absent), w(4, fc.constantFrom(...VISIBILITIES)), w(1, fc.string())),
    page: fc.oneof(w(3, absent), w(4, fc.integer({ min: 1, max: 400 })), w(1, fc.constantFrom(100, 333, 334)), w(2, oddNumber)),
    per_page: fc.oneof(w(3, absent), w(4, fc.integer({ min: 1, max: 100 })), w(1, fc.constantFrom(30, 100)), w(2, oddNumber)),
    extra: fc.oneof(w(12, absent), w(1, fc.oneof(fc.integer(), fc.string()))),
  },
  { requiredKeys: [] },
);

describe("parameter checks, property-based", () => {
  it("sends exactly the expected query for valid inputs, and nothing for invalid ones", async () => {
    // An injected fetch records the URL and answers at once, so thousands of cases run quickly.
    const sent: string[] = [];
    const client = createPackagesClient({
      baseUrl: "https://api.github.com",
      retry: false,
      fetch: async (request) => {
        sent.push(request.url);
        return new Response("[]", { status: 200, headers: { "content-type": "application/json" } });
      },
    });
    let valid = 0;
    await fc.assert(
      fc.asyncProperty(paramsArb, async (p) => {
        sent.length = 0;
        const expected = expectedQuery(p);
        const outcome = await client.listUserPackages(p as ListUserPackagesParams).then(
          (r) => r,
          (e: unknown) => e,
        );
        if (expected === undefined) {
          expect(outcome).toBeInstanceOf(InvalidParametersError);
          expect(sent).toEqual([]);
        } else {
          valid++;
          expect(outcome).not.toBeInstanceOf(Error);
          expect(sent).toEqual([`https://api.github.com/user/packages?${expected}`]);
        }
      }),
      { numRuns: 5000, seed: SEED },
    );
    expect(valid).toBeGreaterThan(1000); // the generator reaches both sides
  });

  it("agrees with the real mock server on a sample", async () => {
    const mock = await startMockGitHub({ token: "prop-token" });
    try {
      const client = createPackagesClient({ baseUrl: mock.url, token: "prop-token", retry: false });
      await fc.assert(
        fc.asyncProperty(paramsArb, async (p) => {
          const before = mock.requests.length;
          const expected = expectedQuery(p);
          const outcome = await client.listUserPackages(p as ListUserPackagesParams).catch((e: unknown) => e);
          if (expected === undefined) {
            expect(outcome).toBeInstanceOf(InvalidParametersError);
            expect(mock.requests.length).toBe(before);
          } else {
            expect(mock.requests.at(-1)?.url).toBe(`/user/packages?${expected}`);
            expect((outcome as { response: Response }).response.status).toBe(200);
          }
        }),
        { numRuns: 300, seed: SEED + 1 },
      );
    } finally {
      await mock.close();
    }
  });
});
