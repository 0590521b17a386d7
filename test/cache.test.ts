import { describe, expect, it } from "vitest";
import { createPackagesClient, MemoryCache, type CacheEntry, type CacheStore } from "../src/index.js";
import { makePackage, makePackages, startMockGitHub } from "../src/testing.js";
import { expectEvery } from "./expect-every.js";

const TOKEN = "cache-suite-token";

describe("conditional requests", () => {
  it("re-lists 1,000 packages with only conditional requests, all answered 304, free of rate limit", async () => {
    const mock = await startMockGitHub({ token: TOKEN, packages: makePackages(1000, { package_type: "npm" }) });
    try {
      const client = createPackagesClient({ baseUrl: mock.url, token: TOKEN, cache: new MemoryCache() });
      const first = await client.listAllUserPackages({ package_type: "npm" }, { concurrency: 4 });
      expect(first.packages.length).toBe(1000);
      expectEvery(mock.requests, (r) => r.headers["if-none-match"] === undefined && r.status === 200);
      const firstCount = mock.requests.length;

      mock.requests.length = 0;
      const again = await client.listAllUserPackages({ package_type: "npm" }, { concurrency: 4 });
      expect(mock.requests.length).toBe(firstCount);
      expectEvery(mock.requests, (r) => typeof r.headers["if-none-match"] === "string");
      expect(mock.requests.map((r) => r.status)).toEqual(Array(firstCount).fill(304));
      expect(again.packages).toEqual(first.packages);
      // GitHub does not charge a 304 to the rate limit: only the first listing's requests count.
      expect(again.rateLimit?.remaining).toBe(5000 - firstCount);
    } finally {
      await mock.close();
    }
  });

  it("marks a cached page, and fetches anew when the page changed", async () => {
    const mock = await startMockGitHub({ token: TOKEN, packages: makePackages(3, { package_type: "npm" }) });
    try {
      const client = createPackagesClient({ baseUrl: mock.url, token: TOKEN, cache: new MemoryCache() });
      const a = await client.listUserPackages({ package_type: "npm" });
      const b = await client.listUserPackages({ package_type: "npm" });
      expect([a.cached, b.cached]).toEqual([false, true]);
      expect(b.response.status).toBe(304);
      expect(b.data).toEqual(a.data);
      mock.packages.push(makePackage(3, { package_type: "npm", name: "fresh" }));
      const c = await client.listUserPackages({ package_type: "npm" });
      expect(c.cached).toBe(false);
      expect(c.data?.map((p) => p.name)).toContain("fresh");
    } finally {
      await mock.close();
    }
  });

  it("works with an async store of the app's own, and keeps the token out of its keys", async () => {
    // No token configured on the mock: it accepts both tokens below.
    const mock = await startMockGitHub({ packages: makePackages(5, { package_type: "npm" }) });
    const map = new Map<string, CacheEntry>();
    const store: CacheStore = {
      get: async (key) => map.get(key),
      set: async (key, entry) => {
        map.set(key, entry);
      },
    };
    try {
      const client = createPackagesClient({ baseUrl: mock.url, token: TOKEN, cache: store });
      await client.listUserPackages({ package_type: "npm" });
      const second = await client.listUserPackages({ package_type: "npm" });
      expect(second.cached).toBe(true);
      expect(map.size).toBe(1);
      const [key] = [...map.keys()];
      expect(key).toMatch(/^[0-9a-f]{16} GET http:\/\/127\.0\.0\.1:\d+\/user\/packages\?package_type=npm$/);
      expect(key).not.toContain(TOKEN);
      // Another token does not see these entries.
      const other = createPackagesClient({ baseUrl: mock.url, token: "another-token", cache: store });
      const third = await other.listUserPackages({ package_type: "npm" });
      expect(third.cached).toBe(false);
      expect(map.size).toBe(2);
    } finally {
      await mock.close();
    }
  });

  it("keys a call's own Authorization apart from the client's token, and an anonymous client apart from both", async () => {
    const mock = await startMockGitHub({ packages: makePackages(5, { package_type: "npm" }) });
    const map = new Map<string, CacheEntry>();
    const store: CacheStore = { get: (key) => map.get(key), set: (key, entry) => void map.set(key, entry) };
    try {
      const client = createPackagesClient({ baseUrl: mock.url, token: TOKEN, cache: store });
      await client.listUserPackages({ package_type: "npm" });
      const own = await client.listUserPackages({ package_type: "npm" }, { headers: { Authorization: "Bearer someone-else" } });
      expect(own.cached).toBe(false); // another user's request is never answered from this user's page
      const again = await client.listUserPackages({ package_type: "npm" }, { headers: { authorization: "Bearer someone-else" } });
      expect(again.cached).toBe(true);
      const anonymous = createPackagesClient({ baseUrl: mock.url, cache: store });
      expect((await anonymous.listUserPackages({ package_type: "npm" })).cached).toBe(false);
      const keys = [...map.keys()].map((k) => k.split(" ")[0]);
      expect(keys).toHaveLength(3);
      expect(new Set(keys).size).toBe(3);
      expect(keys[2]).toBe("anonymous");
    } finally {
      await mock.close();
    }
  });

  it("refetches when a store hands back a corrupt entry, instead of throwing", async () => {
    const mock = await startMockGitHub({ packages: makePackages(4, { package_type: "npm" }) });
    const map = new Map<string, CacheEntry>();
    const store: CacheStore = { get: (k) => map.get(k), set: (k, e) => void map.set(k, e) };
    try {
      const client = createPackagesClient({ baseUrl: mock.url, cache: store });
      await client.listUserPackages({ package_type: "npm" });
      for (const [k, e] of map) map.set(k, { ...e, body: '[{"id": 1,' });
      const again = await client.listUserPackages({ package_type: "npm" });
      expect(again.data?.length).toBe(4);
      expect(again.cached).toBe(false);
      expect(mock.requests.map((r) => r.status)).toEqual([200, 304, 200]);
    } finally {
      await mock.close();
    }
  });

  it("sends no If-None-Match for an entry that is not one (an ETag not a header value, no body, a throwing getter)", async () => {
    const mock = await startMockGitHub({ packages: makePackages(2, { package_type: "npm" }) });
    const entries: unknown[] = [
      { etag: 5, body: "[]", link: null },
      { etag: 'W/"a"\r\nX-Evil: 1', body: "[]", link: null },
      { etag: "", body: "[]", link: null },
      { etag: 'W/"a"', body: 5, link: null },
      { get etag(): string {
        throw new Error("a getter that throws");
      }, body: "[]", link: null },
      null,
    ];
    try {
      for (const entry of entries) {
        mock.requests.length = 0;
        const store = { get: () => entry as CacheEntry, set: () => undefined };
        const client = createPackagesClient({ baseUrl: mock.url, cache: store });
        const { data, cached } = await client.listUserPackages({ package_type: "npm" });
        expect({ entry, length: data?.length, cached, sent: mock.requests[0]?.headers["if-none-match"] }).toEqual({ entry, length: 2, cached: false, sent: undefined });
      }
    } finally {
      await mock.close();
    }
  });

  it("reads a kept entry's link only when it is a string", async () => {
    // Every answer is a 304, so the listing is what the store kept: a non-string link is no link.
    const mock = await startMockGitHub({ onRequest: () => ({ status: 304, headers: { ETag: 'W/"kept"' } }) });
    const body = JSON.stringify(makePackages(3, { package_type: "npm" }));
    try {
      for (const link of [5, null, '<http://127.0.0.1:1/user/packages?page=2>; rel="next"']) {
        mock.requests.length = 0;
        const store = { get: () => ({ etag: 'W/"kept"', body, link }) as CacheEntry, set: () => undefined };
        const client = createPackagesClient({ baseUrl: mock.url, cache: store });
        const listing = client.listAllUserPackages({ package_type: "npm" });
        if (typeof link === "string") await expect(listing).rejects.toThrow(/Link/); // another origin: not followed
        else expect((await listing).packages).toHaveLength(3);
        expect(mock.requests[0]?.headers["if-none-match"]).toBe('W/"kept"');
      }
    } finally {
      await mock.close();
    }
  });

  it("bypasses a store that fails", async () => {
    const mock = await startMockGitHub({ packages: makePackages(2, { package_type: "npm" }) });
    const store: CacheStore = {
      get: () => {
        throw new Error("cache server down");
      },
      set: async () => {
        throw new Error("cache server down");
      },
    };
    try {
      const client = createPackagesClient({ baseUrl: mock.url, cache: store });
      expect((await client.listUserPackages({ package_type: "npm" })).data?.length).toBe(2);
      expect((await client.listUserPackages({ package_type: "npm" })).data?.length).toBe(2);
    } finally {
      await mock.close();
    }
  });

  it("evicts the least recently used entry", () => {
    const cache = new MemoryCache(2);
    const entry = (etag: string): CacheEntry => ({ etag, body: "[]", link: null });
    cache.set("a", entry("1"));
    cache.set("b", entry("2"));
    cache.get("a");
    cache.set("c", entry("3"));
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")?.etag).toBe("1");
    expect(cache.size).toBe(2);
  });
});
