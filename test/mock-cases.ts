// One table of behaviour cases for the mock GitHub, run against the node:http server
// (mock-behaviour.test.ts) and the MSW handlers (msw.test.ts, which also checks that both give the
// same transcript). A case talks to a Target: an API root and a way to send requests below it.
import { expect } from "vitest";
import { iterateUserPackages, listUserPackages, MemoryCache, type Package } from "../src/index.js";
import type { MockAnswerOptions } from "../src/mock/core.js";
import { faultDealer } from "../src/mock/faults.js";
import { etagOf } from "../src/mock/hash.js";
import { FAULT_KINDS, makeOrganization, makePackages, makeUser } from "../src/testing.js";

/** One answer, as a case sees it; `failed` when the connection was cut (no HTTP answer). */
export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  failed: boolean;
}

/** What was sent and what came back, for comparing two mocks. */
export interface Exchange {
  request: string;
  status: number | "network error";
  headers: Record<string, string>;
  body: string;
}

export interface Target {
  /** The API root, as a client's `baseUrl`. */
  baseUrl: string;
  /** Sends a request to `path` (with its query) below the API root. */
  send(path: string, init?: { method?: string; headers?: Record<string, string> }): Promise<Reply>;
  transcript: Exchange[];
}

export interface MockCase {
  name: string;
  options: MockAnswerOptions;
  /** Served under GHES's `/api/v3`. */
  ghes?: true;
  run(t: Target): Promise<void>;
}

// Headers that depend on the transport or the clock, not on what the mock decided.
const VOLATILE = new Set(["date", "connection", "keep-alive", "transfer-encoding", "x-ratelimit-reset"]);

/** A target below `baseUrl`, sending with the global fetch (which MSW's setupServer answers). */
export function targetAt(baseUrl: string): Target {
  const transcript: Exchange[] = [];
  // Only headers point back at the root; bodies are the fixtures' own (api.github.com) URLs.
  const normal = (s: string) => s.split(baseUrl).join("{root}");
  // A long body by its digest, so that a difference prints readably.
  const digest = (text: string) => (text.length > 200 ? `${text.length} chars, ${etagOf(new TextEncoder().encode(text))}` : text);
  return {
    baseUrl,
    transcript,
    async send(path, init = {}) {
      const request = `${init.method ?? "GET"} ${path} ${JSON.stringify(init.headers ?? {})}`;
      try {
        const res = await fetch(`${baseUrl}${path}`, { method: init.method ?? "GET", headers: init.headers ?? {} });
        const text = await res.text();
        const headers = Object.fromEntries([...res.headers].filter(([k]) => !VOLATILE.has(k)).map(([k, v]) => [k, normal(v)]));
        transcript.push({ request, status: res.status, headers, body: digest(text) });
        return { status: res.status, headers: res.headers, text, failed: false };
      } catch {
        transcript.push({ request, status: "network error", headers: {}, body: "" });
        return { status: 0, headers: new Headers(), text: "", failed: true };
      }
    },
  };
}

const TOKEN = "table-token";
const auth = { Authorization: `Bearer ${TOKEN}` };
const ids = (packages: readonly Package[]) => packages.map((p) => p.id);
const mine = makePackages(75, (i) => ({ package_type: i % 3 ? "npm" : "container", visibility: i % 4 ? "public" : "private" }));
const acme = makePackages(40, (i) => ({ package_type: "npm", owner: makeOrganization("acme"), id: 5000 + i }));
const octocat = makePackages(12, (i) => ({ package_type: "npm", owner: makeUser("octocat", 1), visibility: i % 2 ? "public" : "private", id: 7000 + i }));
const npm = (packages: readonly Package[]) => packages.filter((p) => p.package_type === "npm");
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- names what the case expects to read
const json = <T = unknown>(r: Reply): T => JSON.parse(r.text) as T;
/** The relations of a Link header, each as a path below the root. */
const links = (r: Reply, root: string) =>
  Object.fromEntries(
    (r.headers.get("link") ?? "")
      .split(", ")
      .filter(Boolean)
      .map((part) => /^<([^>]+)>; rel="(\w+)"$/.exec(part) ?? [])
      .map(([, url = "", rel = ""]) => [rel, url.startsWith(root) ? url.slice(root.length) : url]),
  );
const GITHUB_404 = { message: "Not Found", documentation_url: expect.stringMatching(/^https:\/\/docs\.github\.com\//), status: "404" };

/** The status each fault kind answers with (a cut connection has none). */
const FAULT_STATUS: Record<string, number> = { "500": 500, "502": 502, "503": 503, "504": 504, html: 502, truncated: 200, "429": 429, "secondary-403": 403, "primary-limit": 403 };

export const CASES: MockCase[] = [
  {
    name: "lists a page with Link headers, and every page through the client",
    options: { token: TOKEN, packages: mine },
    async run(t) {
      const first = await t.send("/user/packages?package_type=npm&per_page=20", { headers: auth });
      expect(first.status).toBe(200);
      expect(ids(json<Package[]>(first))).toEqual(ids(npm(mine).slice(0, 20)));
      expect(links(first, t.baseUrl)).toEqual({ next: "/user/packages?package_type=npm&per_page=20&page=2", last: "/user/packages?package_type=npm&per_page=20&page=3" });
      const all: number[] = [];
      for await (const p of iterateUserPackages({ package_type: "npm" }, { baseUrl: t.baseUrl, token: TOKEN, per_page: 20 })) all.push(p.id);
      expect(all).toEqual(ids(npm(mine)));
    },
  },
  {
    name: "filters by visibility (internal as private) and answers 422 for a bad filter",
    options: { token: TOKEN, packages: mine },
    async run(t) {
      const priv = json<Package[]>(await t.send("/user/packages?package_type=container&visibility=private&per_page=100", { headers: auth }));
      expect(ids(priv)).toEqual(ids(mine.filter((p) => p.package_type === "container" && p.visibility === "private")));
      expect(priv.length).toBeGreaterThan(0);
      const internal = json<Package[]>(await t.send("/user/packages?package_type=container&visibility=internal&per_page=100", { headers: auth }));
      expect(ids(internal)).toEqual(ids(priv));
      const bad = await t.send("/user/packages?package_type=pypi", { headers: auth });
      expect(bad.status).toBe(422);
      expect(json(bad)).toMatchObject({ message: 'Invalid request: "pypi" is not a valid package_type.', status: "422" });
    },
  },
  {
    name: "serves an organization's and another user's packages, and 404s an unknown owner",
    options: { token: TOKEN, packages: mine, orgs: { acme }, users: { octocat }, login: "mona" },
    async run(t) {
      const org = await listUserPackages({ package_type: "npm", org: "ACME", per_page: 100 }, { baseUrl: t.baseUrl, token: TOKEN });
      expect(ids(org.data ?? [])).toEqual(ids(acme));
      const user = await listUserPackages({ package_type: "npm", username: "octocat" }, { baseUrl: t.baseUrl, token: TOKEN });
      expect(ids(user.data ?? [])).toEqual(ids(octocat.filter((p) => p.visibility === "public")));
      // The token's own login, by name: its private packages too.
      const self = json<Package[]>(await t.send("/users/mona/packages?package_type=npm&per_page=100", { headers: auth }));
      expect(ids(self)).toEqual(ids(npm(mine)));
      const unknown = await t.send("/orgs/nobody/packages?package_type=npm", { headers: auth });
      expect(unknown.status).toBe(404);
      expect(json(unknown)).toEqual(GITHUB_404);
    },
  },
  {
    name: "answers 401 without a token, with a wrong one and with a bare one, and 403 without read:packages",
    options: { token: TOKEN, packages: mine },
    async run(t) {
      const none = await t.send("/user/packages?package_type=npm");
      expect([none.status, json<{ message: string }>(none).message]).toEqual([401, "Requires authentication"]);
      const wrong = await listUserPackages({ package_type: "npm" }, { baseUrl: t.baseUrl, token: "not-it" });
      expect(wrong.error).toMatchObject({ status: 401, apiMessage: "Bad credentials" });
      const bare = await t.send("/user/packages?package_type=npm", { headers: { Authorization: TOKEN } });
      expect([bare.status, json<{ message: string }>(bare).message]).toEqual([401, "Bad credentials"]);
      const ok = await t.send("/user/packages?package_type=npm", { headers: { Authorization: `token ${TOKEN}` } });
      expect(ok.status).toBe(200);
      expect(ok.headers.get("x-oauth-scopes")).toBe("read:packages");
    },
  },
  {
    name: "answers 403 to a token without read:packages",
    options: { token: TOKEN, packages: mine, scopes: ["repo"] },
    async run(t) {
      const denied = await t.send("/user/packages?package_type=npm", { headers: auth });
      expect(denied.status).toBe(403);
      expect(denied.headers.get("x-accepted-oauth-scopes")).toBe("read:packages");
      expect(json(denied)).toMatchObject({ message: expect.stringMatching(/read:packages/), status: "403" });
    },
  },
  {
    name: "serves GHES under /api/v3, its Link headers too",
    options: { token: TOKEN, packages: mine, orgs: { acme } },
    ghes: true,
    async run(t) {
      expect(t.baseUrl).toMatch(/\/api\/v3$/);
      const first = await t.send("/user/packages?package_type=npm&per_page=40", { headers: auth });
      expect(links(first, t.baseUrl).next).toBe("/user/packages?package_type=npm&per_page=40&page=2");
      const all: number[] = [];
      for await (const p of iterateUserPackages({ package_type: "npm", org: "acme" }, { baseUrl: t.baseUrl, token: TOKEN, per_page: 15 })) all.push(p.id);
      expect(all).toEqual(ids(acme));
      const again: number[] = [];
      for await (const p of iterateUserPackages({ package_type: "npm" }, { baseUrl: t.baseUrl, token: TOKEN, per_page: 15 })) again.push(p.id);
      expect(again).toEqual(ids(npm(mine)));
    },
  },
  {
    name: "deals seeded faults, request by request, as the pure dealer does",
    options: { token: TOKEN, packages: mine, faults: { rate: 0.5, seed: 2024 } },
    async run(t) {
      const dealer = faultDealer({ rate: 0.5, seed: 2024 });
      const expected = Array.from({ length: 30 }, () => dealer());
      const seen: (number | "cut")[] = [];
      for (let i = 0; i < expected.length; i++) {
        const r = await t.send(`/user/packages?package_type=npm&page=${(i % 3) + 1}`, { headers: auth });
        seen.push(r.failed ? "cut" : r.status);
        if (expected[i] === "truncated") expect(() => JSON.parse(r.text) as unknown).toThrow(SyntaxError);
        if (expected[i] === "html") expect(r.headers.get("content-type")).toMatch(/^text\/html/);
      }
      expect(seen).toEqual(expected.map((k) => (k === undefined ? 200 : k === "reset" ? "cut" : FAULT_STATUS[k])));
      // Every kind shows up in 30 requests at this rate: the faults were really injected.
      expect(new Set(expected.filter((k) => k !== undefined))).toEqual(new Set(FAULT_KINDS));
    },
  },
  {
    name: "answers a conditional request with 304 while the page is the same, free of the rate limit",
    options: { token: TOKEN, packages: [...mine] },
    async run(t) {
      const path = "/user/packages?package_type=npm&per_page=10";
      const first = await t.send(path, { headers: auth });
      const etag = first.headers.get("etag") ?? "";
      expect(etag).toMatch(/^W\/"[^"]+"$/);
      const again = await t.send(path, { headers: { ...auth, "If-None-Match": `W/"other", ${etag}` } });
      expect([again.status, again.text]).toEqual([304, ""]);
      expect(again.headers.get("x-ratelimit-remaining")).toBe(first.headers.get("x-ratelimit-remaining"));
      const other = await t.send("/user/packages?package_type=npm&per_page=10&page=2", { headers: { ...auth, "If-None-Match": etag } });
      expect(other.status).toBe(200);
      expect(other.headers.get("etag")).not.toBe(etag);
      // Through the client's cache: the second call is a 304, answered from the store.
      const cache = new MemoryCache();
      const a = await listUserPackages({ package_type: "npm", per_page: 10 }, { baseUrl: t.baseUrl, token: TOKEN, cache });
      const b = await listUserPackages({ package_type: "npm", per_page: 10 }, { baseUrl: t.baseUrl, token: TOKEN, cache });
      expect(ids(b.data ?? [])).toEqual(ids(a.data ?? []));
      expect(b.response.status).toBe(304);
    },
  },
  {
    name: "answers HEAD without a body, CORS preflights, and malformed paths with GitHub's 404",
    options: { token: TOKEN, packages: mine, orgs: { acme } },
    async run(t) {
      const get = await t.send("/user/packages?package_type=npm", { headers: auth });
      const head = await t.send("/user/packages?package_type=npm", { method: "HEAD", headers: auth });
      expect([head.status, head.text, head.headers.get("etag")]).toEqual([200, "", get.headers.get("etag")]);
      const pre = await t.send("/user/packages", { method: "OPTIONS", headers: { Origin: "http://app.test", "Access-Control-Request-Method": "GET" } });
      expect(pre.status).toBe(204);
      expect(pre.headers.get("access-control-allow-headers")).toMatch(/Authorization/);
      for (const path of ["/orgs/%E0%A4%A/packages?package_type=npm", "/users/%ZZ/packages?package_type=npm", "/orgs/ac%me/packages?package_type=npm"]) {
        const r = await t.send(path, { headers: auth });
        expect([path, r.status]).toEqual([path, 404]);
        expect(json(r)).toEqual(GITHUB_404);
      }
    },
  },
];
