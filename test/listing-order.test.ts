// Several types at every concurrency hand over every package once, in order; and a listing that
// changes while it is read has the documented result (grown: `next` followed to the real end;
// repeated packages: handed over once; a `next` back: the type ends), each saying `changed`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { iterateUserPackagePages, listAllUserPackages, PACKAGE_TYPES, UnsafeLinkError, type Package, type PackageType } from "../src/index.js";
import { mulberry32 } from "../src/mock/faults.js";
import { makePackages } from "../src/mock/fixtures.js";
import { startMockGitHub, type MockGitHub } from "../src/testing.js";
import { runCli } from "../src/cli/main.js";
import { fakeGitHub, type FakeGitHubOptions } from "./fake-github.js";

const TOKEN = "order-token";
// Counts at and around page edges (per_page 50), different for each type.
const COUNTS: Record<PackageType, number> = { npm: 250, maven: 251, rubygems: 199, docker: 1, nuget: 0, container: 101 };
const PACKAGES = PACKAGE_TYPES.flatMap((type) => makePackages(COUNTS[type], { package_type: type }));
const expectedIds = (types: readonly PackageType[]) => types.flatMap((type) => PACKAGES.filter((p) => p.package_type === type).map((p) => `${type}:${p.id}`));
const idsOf = (packages: Package[]) => packages.map((p) => `${p.package_type}:${p.id}`);

let mock: MockGitHub;
beforeAll(async () => {
  // A seeded delay of 0 to 3 ms per answer, so that answers arrive out of order.
  const random = mulberry32(17);
  mock = await startMockGitHub({
    token: TOKEN,
    packages: PACKAGES,
    onRequest: () => new Promise((resolve) => setTimeout(() => resolve(undefined), Math.floor(random() * 4))),
  });
});
afterAll(() => mock.close());

describe("several types at every concurrency", () => {
  const typeLists: PackageType[][] = [["maven", "npm"], ["container", "rubygems", "npm"], [...PACKAGE_TYPES]];
  for (const types of typeLists) {
    it(`${types.length} types (${types.join(", ")}), concurrency 1 to 10: every package once, in order`, async () => {
      for (let concurrency = 1; concurrency <= 10; concurrency++) {
        const { packages, changed, pages } = await listAllUserPackages(
          { package_type: types },
          { baseUrl: mock.url, token: TOKEN, per_page: 50, concurrency },
        );
        expect({ concurrency, ids: idsOf(packages) }).toEqual({ concurrency, ids: expectedIds(types) });
        expect(changed).toBe(false);
        expect(pages).toBe(types.reduce((sum, type) => sum + Math.max(1, Math.ceil(COUNTS[type] / 50)), 0));
      }
    });
  }
});

/** A fake GitHub whose `rewrite` changes the listing while it is read. */
function changing(rewrite: NonNullable<FakeGitHubOptions["rewrite"]>, packages: Package[]) {
  return fakeGitHub({ sets: { user: packages }, rewrite });
}
const pageOf = (url: URL) => Number(url.searchParams.get("page") ?? "1");

/** A `Link` header with relation `rel` pointing at `page` (or dropped, for `null`), the others kept. */
function relink(link: string | null, rel: string, page: number | null): string | null {
  const parts = (link ?? "").split(", ").filter(Boolean);
  const out = parts.flatMap((part) => {
    if (!part.endsWith(`rel="${rel}"`)) return [part];
    if (page === null) return [];
    const url = new URL(part.slice(1, part.indexOf(">")));
    url.searchParams.set("page", String(page));
    return [`<${url.href}>; rel="${rel}"`];
  });
  return out.length ? out.join(", ") : null;
}
const options = (fetch: (r: Request) => Promise<Response>, concurrency: number) => ({ baseUrl: "https://api.github.com", token: TOKEN, fetch, per_page: 10, concurrency });

describe("a listing that changes while it is read", () => {
  for (const concurrency of [1, 8]) {
    it(`follows \`next\` from the announced last page to the real end (concurrency ${concurrency})`, async () => {
      const packages = makePackages(50, { package_type: "npm" });
      // Page 1 announces three pages, as when the listing had 30 packages; page 3 then names a page 4.
      const fake = changing((url, answer) => (pageOf(url) === 1 ? { ...answer, link: relink(answer.link, "last", 3) } : answer), packages);
      const result = await listAllUserPackages({ package_type: "npm" }, options(fake.fetch, concurrency));
      expect(idsOf(result.packages)).toEqual(idsOf(packages));
      expect(result).toMatchObject({ changed: true, truncated: false, pages: 5 });
    });

    it(`reads the Link of every page: a page between that names another origin is refused (concurrency ${concurrency})`, async () => {
      const packages = makePackages(30, { package_type: "npm" });
      const fake = changing((url, answer) => (pageOf(url) === 2 ? { ...answer, link: '<https://evil.example/?page=9>; rel="next"' } : answer), packages);
      await expect(listAllUserPackages({ package_type: "npm" }, options(fake.fetch, concurrency))).rejects.toBeInstanceOf(UnsafeLinkError);
      expect(fake.urls.every((u) => u.startsWith("https://api.github.com/"))).toBe(true);
    });

    it(`hands over a package already handed over only once (concurrency ${concurrency})`, async () => {
      const packages = makePackages(30, { package_type: "npm" });
      // Page 2 comes back shifted by five (five packages were added in front): five repeats.
      const fake = changing((url, answer) => (pageOf(url) === 2 ? { ...answer, body: packages.slice(5, 15) } : answer), packages);
      const pages = [];
      for await (const page of iterateUserPackagePages({ package_type: "npm" }, options(fake.fetch, concurrency))) pages.push(page);
      expect(idsOf(pages.flatMap((p) => p.packages))).toEqual(idsOf([...packages.slice(0, 15), ...packages.slice(20)]));
      expect(pages.map((p) => p.changed)).toEqual([false, true, true]);
    });

    it(`ends a type at a \`next\` that points back at page 1, and goes on with the next type (concurrency ${concurrency})`, async () => {
      const packages = [...makePackages(40, { package_type: "npm" }), ...makePackages(15, { package_type: "maven" })];
      // No `last`: the listing follows `next`, and npm's page 2 points back at page 1.
      const fake = changing((url, answer) => {
        const link = relink(relink(answer.link, "last", null), "first", null);
        const back = url.searchParams.get("package_type") === "npm" && pageOf(url) === 2;
        return { ...answer, link: back ? relink(link, "next", 1) : link };
      }, packages);
      const result = await listAllUserPackages({ package_type: ["npm", "maven"] }, options(fake.fetch, concurrency));
      expect(idsOf(result.packages)).toEqual(idsOf([...packages.slice(0, 20), ...packages.slice(40)]));
      expect(result).toMatchObject({ changed: true, pages: 4 });
      expect(fake.urls.filter((u) => u.includes("package_type=npm")).length).toBe(2);
    });
  }
});

describe("the CLI on a listing that changes while it is read", () => {
  it("prints what the library hands over and says on stderr that the listing changed", async () => {
    const packages = makePackages(30, { package_type: "npm" });
    // Page 2 comes back shifted by five: five repeats, dropped; the CLI then warns.
    const changed = await startMockGitHub({
      token: TOKEN,
      packages,
      onRequest: (r) => (r.query.page === "2" ? { status: 200, headers: { Link: "" }, body: packages.slice(5, 15) } : undefined),
    });
    let stdout = "";
    let stderr = "";
    try {
      const code = await runCli({
        argv: ["list", "--type", "npm", "--all", "--per-page", "10", "--format", "ndjson"],
        env: { GH_TOKEN: TOKEN, GITHUB_API_URL: changed.url },
        stdout: { write: (text: string) => (stdout += text) },
        stderr: { write: (text: string) => (stderr += text) },
      });
      expect(code).toBe(0);
    } finally {
      await changed.close();
    }
    const ids = stdout.split("\n").filter(Boolean).map((line) => (JSON.parse(line) as Package).id);
    expect(ids).toEqual([...packages.slice(0, 15), ...packages.slice(20)].map((p) => p.id));
    expect(stderr).toMatch(/warning: the npm listing changed while it was read/);
  });
});
