// Several package types in one listing: one concurrency budget, packages handed over type by type.
import { describe, expect, it } from "vitest";
import { createPackagesClient, listAllUserPackages, PACKAGE_TYPES, type PackagePage, type PackageType } from "../src/index.js";
import { makePackages } from "../src/testing.js";
import { withMock } from "./with-mock.js";
import { expectEvery } from "./expect-every.js";

const TOKEN = "multi-type-token";
const mixed = (perType: number, types: readonly PackageType[] = PACKAGE_TYPES) =>
  makePackages(perType * types.length, (i) => ({ package_type: types[i % types.length] }));

describe("listing several package types", () => {
  it("hands over every type in the order given, pages in order within each, under one concurrency budget", async () => {
    await withMock({ token: TOKEN, packages: mixed(450), latencyMs: 5 }, async (mock) => {
      const order: PackageType[] = ["container", "npm", "maven", "rubygems", "docker", "nuget"];
      const client = createPackagesClient({ baseUrl: mock.url, token: TOKEN });
      const pages: PackagePage[] = [];
      for await (const page of client.iterateUserPackagePages({ package_type: order }, { concurrency: 4, per_page: 100 })) pages.push(page);
      expect(pages.map((p) => `${p.package_type}:${p.page}`)).toEqual(order.flatMap((t) => [1, 2, 3, 4, 5].map((n) => `${t}:${n}`)));
      const ids = pages.flatMap((p) => p.packages.map((pkg) => pkg.id));
      const expected = order.flatMap((t) => mock.packages.filter((p) => p.package_type === t).map((p) => p.id));
      expect(ids).toEqual(expected);
      expect(mock.peakInFlight()).toBeLessThanOrEqual(4);
      expect(mock.peakInFlight()).toBeGreaterThan(1);
      expect(mock.requests).toHaveLength(30); // every page once
    });
  });

  it("requests the other types' first pages early, so the types overlap", async () => {
    await withMock({ token: TOKEN, packages: mixed(300, ["npm", "container"]), latencyMs: 20 }, async (mock) => {
      await listAllUserPackages({ package_type: ["npm", "container"] }, { baseUrl: mock.url, token: TOKEN, concurrency: 3 });
      const firstContainer = mock.requests.findIndex((r) => r.query.package_type === "container");
      const lastNpm = mock.requests.map((r) => r.query.package_type).lastIndexOf("npm");
      expect(firstContainer).toBeLessThan(lastNpm);
      expect(mock.peakInFlight()).toBeLessThanOrEqual(3);
    });
  });

  it("says which types hit the 10,000-result window", async () => {
    const packages = [...makePackages(10_050, { package_type: "npm" }), ...makePackages(20, { package_type: "maven" })];
    await withMock({ token: TOKEN, packages, serializeOnce: true }, async (mock) => {
      const result = await listAllUserPackages({ package_type: ["maven", "npm"] }, { baseUrl: mock.url, token: TOKEN });
      expect(result.truncated).toBe(true);
      expect(result.truncatedTypes).toEqual(["npm"]);
      expect(result.packages).toHaveLength(10_020);
      expectEvery(result.packages.slice(0, 20), (p) => p.package_type === "maven");
    });
  });

  it("takes all six types at once, and stops everything at maxItems", async () => {
    await withMock({ token: TOKEN, packages: mixed(30) }, async (mock) => {
      const all = await listAllUserPackages({ package_type: PACKAGE_TYPES }, { baseUrl: mock.url, token: TOKEN });
      expect(all.packages).toHaveLength(180);
      expect([...new Set(all.packages.map((p) => p.package_type))]).toEqual([...PACKAGE_TYPES]);
      const some = await listAllUserPackages({ package_type: PACKAGE_TYPES }, { baseUrl: mock.url, token: TOKEN, maxItems: 45 });
      expect(some.packages.map((p) => p.package_type)).toEqual([...Array<string>(30).fill("npm"), ...Array<string>(15).fill("maven")]);
    });
  });

  it("refuses an empty or repeating list before any request", async () => {
    await withMock({ token: TOKEN }, async (mock) => {
      for (const package_type of [[], ["npm", "npm"]] as PackageType[][]) {
        await expect(listAllUserPackages({ package_type }, { baseUrl: mock.url, token: TOKEN })).rejects.toThrow(/package_type/);
      }
      expect(mock.requests).toHaveLength(0);
    });
  });
});
