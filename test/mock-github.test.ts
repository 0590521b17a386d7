import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Package } from "../src/index.js";
import { makePackage, makePackages, startMockGitHub, type MockGitHub } from "../src/testing.js";
import { expectEvery } from "./expect-every.js";

const TOKEN = "mock-suite-token";
let mock: MockGitHub;
beforeAll(async () => {
  mock = await startMockGitHub({
    token: TOKEN,
    packages: makePackages(250, (i) => ({ package_type: i < 205 ? "npm" : "maven" })),
  });
});
afterAll(() => mock.close());

const get = (query: string, token: string | null = TOKEN) =>
  fetch(`${mock.url}/user/packages?${query}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });

function links(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (res.headers.get("link") ?? "").split(", ").filter(Boolean)) {
    const m = /^<([^>]+)>; rel="(\w+)"$/.exec(part);
    if (m) out[m[2]!] = new URL(m[1]!).search;
  }
  return out;
}

describe("the mock GitHub", () => {
  it("serves 30 per page by default and links next and last from page 1", async () => {
    const res = await get("package_type=npm");
    const body = (await res.json()) as Package[];
    expect(body.map((p) => p.id)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(links(res)).toEqual({ next: "?package_type=npm&page=2", last: "?package_type=npm&page=7" });
  });

  it("links prev, next, last and first from a middle page, keeping the query", async () => {
    const res = await get("package_type=npm&per_page=50&page=2");
    expect(links(res)).toEqual({
      prev: "?package_type=npm&per_page=50&page=1",
      next: "?package_type=npm&per_page=50&page=3",
      last: "?package_type=npm&per_page=50&page=5",
      first: "?package_type=npm&per_page=50&page=1",
    });
  });

  it("links only prev and first from the last page", async () => {
    const res = await get("package_type=npm&per_page=50&page=5");
    expect(((await res.json()) as Package[]).map((p) => p.id)).toEqual([201, 202, 203, 204, 205]);
    expect(Object.keys(links(res))).toEqual(["prev", "first"]);
  });

  it("sends no Link header when one page holds everything", async () => {
    const res = await get("package_type=maven&per_page=100");
    expect(((await res.json()) as Package[]).length).toBe(45);
    expect(res.headers.get("link")).toBeNull();
  });

  it("caps per_page at 100", async () => {
    const res = await get("package_type=npm&per_page=500");
    expect(((await res.json()) as Package[]).length).toBe(100);
  });

  it("answers 400 past the 10,000-result window and 200 at its edge", async () => {
    expect((await get("package_type=npm&per_page=100&page=100")).status).toBe(200);
    const res = await get("package_type=npm&per_page=100&page=101");
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ message: expect.stringMatching(/10000/), status: "400" });
  });

  it("filters by visibility, treating internal as private", async () => {
    const priv = (await (await get("package_type=npm&visibility=private&per_page=100")).json()) as Package[];
    expect(priv.length).toBeGreaterThan(0);
    expectEvery(priv, (p) => p.visibility === "private");
    const internal = (await (await get("package_type=npm&visibility=internal&per_page=100")).json()) as Package[];
    expect(internal).toEqual(priv);
  });

  it("answers 422 for a missing or unknown package_type", async () => {
    expect((await get("")).status).toBe(422);
    expect((await get("package_type=pypi")).status).toBe(422);
  });

  it("checks the token: 401 without one or with a wrong one", async () => {
    const none = await get("package_type=npm", null);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ message: "Requires authentication" });
    const wrong = await get("package_type=npm", "nope");
    expect(await wrong.json()).toMatchObject({ message: "Bad credentials" });
  });

  it("sends rate-limit and request-id headers, and counts down", async () => {
    const a = await get("package_type=npm");
    const b = await get("package_type=npm");
    expect(a.headers.get("x-ratelimit-limit")).toBe("5000");
    expect(a.headers.get("x-ratelimit-resource")).toBe("core");
    // Ahead of the answer's own Date (node:http sends it), not of this process's clock.
    expect(Number(a.headers.get("x-ratelimit-reset"))).toBeGreaterThan(Date.parse(a.headers.get("date") ?? "") / 1000);
    expect(Number(b.headers.get("x-ratelimit-remaining"))).toBe(Number(a.headers.get("x-ratelimit-remaining")) - 1);
    expect(a.headers.get("x-github-request-id")).not.toBe(b.headers.get("x-github-request-id"));
  });

  it("answers CORS preflights like GitHub and exposes its headers", async () => {
    const res = await fetch(`${mock.url}/user/packages`, {
      method: "OPTIONS",
      headers: { Origin: "http://app.test", "Access-Control-Request-Method": "GET" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-headers")).toMatch(/Authorization.*X-GitHub-Api-Version/);
    const got = await get("package_type=npm");
    expect(got.headers.get("access-control-expose-headers")).toMatch(/Link.*X-GitHub-Request-Id/);
  });

  it("records requests with the credential redacted", async () => {
    mock.requests.length = 0;
    await get("package_type=npm&page=2");
    expect(mock.requests).toEqual([
      expect.objectContaining({ method: "GET", path: "/user/packages", query: { package_type: "npm", page: "2" }, auth: "valid" }),
    ]);
    expect(JSON.stringify(mock.requests)).not.toContain(TOKEN);
  });

  it("serves packages pushed after start", async () => {
    const extra = await startMockGitHub({ packages: [] });
    try {
      extra.packages.push(makePackage(0, { package_type: "nuget", name: "late" }));
      const body = (await (await fetch(`${extra.url}/user/packages?package_type=nuget`)).json()) as Package[];
      expect(body.map((p) => p.name)).toEqual(["late"]);
    } finally {
      await extra.close();
    }
  });

  it("makes fixtures with every required field and distinct ids", () => {
    const pkgs = makePackages(8, { package_type: "rubygems" });
    expect(new Set(pkgs.map((p) => p.id)).size).toBe(8);
    expectEvery(pkgs, (p) => p.package_type === "rubygems" && typeof p.created_at === "string");
    expect(pkgs.some((p) => p.repository === null) && pkgs.some((p) => p.repository !== null)).toBe(true);
    expect(() => makePackages(-1)).toThrow(RangeError);
  });
});
