// Each case a listing model and a hostile review found: a listing takes only the pages it needs
// under maxItems, reads every sign of change on every page, can prove a snapshot (`verify`),
// holds answers to what was asked, and stops handing over at an abort. Real node:http mocks
// where the request log is the point; the injected fake where an answer's links are rewritten.
import { describe, expect, it } from "vitest";
import {
  createPackagesClient,
  GitHubApiError,
  iterateUserPackages,
  listAllUserPackages,
  MemoryCache,
  UnsafeLinkError,
  type GitHubWarning,
  type Package,
} from "../src/index.js";
import { makePackages, type MockGitHub, type MockGitHubOptions } from "../src/testing.js";
import { warningStep, SEEN_LIMIT } from "../src/core/policies/warnings.js";
import { fakeGitHub } from "./fake-github.js";
import { withMock as withMockGitHub } from "./with-mock.js";

const TOKEN = "signs-token";
const withMock = <T>(options: MockGitHubOptions, fn: (mock: MockGitHub) => Promise<T>) => withMockGitHub({ token: TOKEN, ...options }, fn);
const asked = (mock: MockGitHub) => mock.requests.map((r) => `${r.query.package_type}:${r.query.page}`);
const ids = (packages: Package[]) => packages.map((p) => p.id);
const pageOf = (url: URL) => Number(url.searchParams.get("page") ?? "1");

/** The global fetch, recording every request the client starts (one aborted before the server saw it too). */
function recording() {
  const started: string[] = [];
  const send = (request: Request) => {
    const q = new URL(request.url).searchParams;
    started.push(`${q.get("package_type") ?? ""}:${q.get("page") ?? ""}`);
    return fetch(request);
  };
  return { started, fetch: send };
}

/** A `Link` header with relation `rel` pointing at `page` (or dropped, for `null`), the others kept. */
function relink(link: string | null, rel: string, page: number | null): string | null {
  const out = (link ?? "").split(", ").filter(Boolean).flatMap((part) => {
    if (!part.endsWith(`rel="${rel}"`)) return [part];
    if (page === null) return [];
    const url = new URL(part.slice(1, part.indexOf(">")));
    url.searchParams.set("page", String(page));
    return [`<${url.href}>; rel="${rel}"`];
  });
  return out.length ? out.join(", ") : null;
}
const viaFake = (fetch: (r: Request) => Promise<Response>, concurrency = 4) => ({ baseUrl: "https://api.github.com", token: TOKEN, fetch, per_page: 10, concurrency });

describe("maxItems asks for no page it does not need (1)", () => {
  it("two types of one package each, maxItems 1, concurrency 1: the second type's page 1 is not asked for", async () => {
    const packages = [...makePackages(1, { package_type: "npm" }), ...makePackages(1, { package_type: "maven" })];
    await withMock({ packages }, async (mock) => {
      const client = recording();
      const result = await listAllUserPackages({ package_type: ["npm", "maven"] }, { baseUrl: mock.url, token: TOKEN, maxItems: 1, concurrency: 1, fetch: client.fetch });
      expect(result.packages.length).toBe(1);
      expect(client.started).toEqual(["npm:1"]);
      expect(asked(mock)).toEqual(["npm:1"]);
    });
  });

  it("101 packages, per_page 100, maxItems 100: page 2 is not asked for", async () => {
    await withMock({ packages: makePackages(101, { package_type: "npm" }) }, async (mock) => {
      const client = recording();
      const result = await listAllUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, maxItems: 100, fetch: client.fetch });
      expect(result.packages.length).toBe(100);
      expect(client.started).toEqual(["npm:1"]);
      expect(asked(mock)).toEqual(["npm:1"]);
    });
  });

  it("npm 100 and three types of 500, per_page 50, maxItems 100, concurrency 8: two requests", async () => {
    const packages = [
      ...makePackages(100, { package_type: "npm" }),
      ...(["maven", "rubygems", "docker"] as const).flatMap((type) => makePackages(500, { package_type: type })),
    ];
    await withMock({ packages }, async (mock) => {
      const client = recording();
      const result = await listAllUserPackages(
        { package_type: ["npm", "maven", "rubygems", "docker"] },
        { baseUrl: mock.url, token: TOKEN, per_page: 50, maxItems: 100, concurrency: 8, fetch: client.fetch },
      );
      expect(result.packages.length).toBe(100);
      expect(client.started.sort()).toEqual(["npm:1", "npm:2"]);
      expect(asked(mock).sort()).toEqual(["npm:1", "npm:2"]);
    });
  });
});

describe("every page's links are read (2, 3, 4)", () => {
  it("growth seen on a middle page (`last` 4 where page 1 said 3) is followed and says changed", async () => {
    const packages = makePackages(40, { package_type: "npm" });
    const fake = fakeGitHub({
      sets: { user: packages },
      // Page 1 and page 3 answer as if the listing had 30 packages: only page 2 shows the fourth page.
      rewrite: (url, answer) => {
        if (pageOf(url) === 1) return { ...answer, link: relink(answer.link, "last", 3) };
        if (pageOf(url) === 3) return { ...answer, link: relink(relink(answer.link, "next", null), "last", null) };
        return answer;
      },
    });
    for (const concurrency of [1, 8]) {
      const result = await listAllUserPackages({ package_type: "npm" }, viaFake(fake.fetch, concurrency));
      expect(ids(result.packages)).toEqual(ids(packages));
      expect(result.changed).toBe(true);
    }
  });

  it("a `next` that skips a page (page 2 names page 4, no `last`) reads the page between and says changed", async () => {
    const packages = makePackages(40, { package_type: "npm" });
    const fake = fakeGitHub({
      sets: { user: packages },
      rewrite: (url, answer) => {
        const link = relink(relink(answer.link, "last", null), "first", null);
        return { ...answer, link: pageOf(url) === 2 ? relink(link, "next", 4) : link };
      },
    });
    const result = await listAllUserPackages({ package_type: "npm" }, viaFake(fake.fetch));
    expect(ids(result.packages)).toEqual(ids(packages));
    expect(result.changed).toBe(true);
  });

  it("a full page without any Link (a proxy that drops it) asks for the next, until a short one", async () => {
    await withMock({ packages: makePackages(20, { package_type: "npm" }), links: "none" }, async (mock) => {
      const result = await listAllUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, per_page: 7 });
      expect(ids(result.packages)).toEqual(ids(mock.packages));
      expect(result).toMatchObject({ changed: false, pages: 3 });
      expect(asked(mock)).toEqual(["npm:1", "npm:2", "npm:3"]);
    });
  });

  it("a page between that names another origin is refused: every page's Link is held to the origin rule", async () => {
    const fake = fakeGitHub({
      sets: { user: makePackages(30, { package_type: "npm" }) },
      rewrite: (url, answer) => (pageOf(url) === 2 ? { ...answer, link: '<https://evil.example/?page=9>; rel="next"' } : answer),
    });
    await expect(listAllUserPackages({ package_type: "npm" }, viaFake(fake.fetch))).rejects.toBeInstanceOf(UnsafeLinkError);
    expect(fake.urls.some((u) => u.startsWith("https://evil.example"))).toBe(false);
  });
});

describe("verify: a snapshot on request (5)", () => {
  /** A mock whose first package is deleted right after page 1 was first answered. */
  const deletingAfterPageOne = (mockRef: { mock?: MockGitHub }) => ({
    packages: makePackages(30, { package_type: "npm" as const }),
    onRequest: (r: { query: Record<string, string> }) => {
      const { mock } = mockRef;
      if (r.query.page === "2" && mock && mock.packages[0]?.id === 1) mock.packages.splice(0, 1);
      return undefined;
    },
  });

  it("without verify, a package deleted in front after page 1 costs a package that was there all along, unseen", async () => {
    const ref: { mock?: MockGitHub } = {};
    await withMock(deletingAfterPageOne(ref), async (mock) => {
      ref.mock = mock;
      const result = await listAllUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, per_page: 10, concurrency: 1 });
      expect(ids(result.packages)).not.toContain(11); // shifted onto page 1 after page 1 was read
      expect(result.changed).toBe(false); // page numbers cannot show it: the reason for verify
    });
  });

  it("with verify, the changed page 1 has the type read again: the result is a state the server had", async () => {
    const ref: { mock?: MockGitHub } = {};
    await withMock(deletingAfterPageOne(ref), async (mock) => {
      ref.mock = mock;
      const result = await listAllUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, per_page: 10, concurrency: 1, verify: true });
      expect(ids(result.packages)).toEqual(ids(mock.packages)); // 2 to 30: the listing as it now stands
      expect(result).toMatchObject({ changed: false, pages: 3 });
      const rechecks = mock.requests.filter((r) => r.headers["if-none-match"] !== undefined);
      expect(rechecks.map((r) => [r.query.page, r.status])).toEqual([["1", 200], ["1", 304], ["2", 304], ["3", 304]]);
    });
  });

  it("on an unchanged listing, one more request per page, each a 304 free of rate limit", async () => {
    await withMock({ packages: makePackages(250, { package_type: "npm" }) }, async (mock) => {
      const result = await listAllUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, verify: true });
      expect(result).toMatchObject({ changed: false, pages: 3 });
      expect(result.packages.length).toBe(250);
      expect(mock.requests.map((r) => r.status)).toEqual([200, 200, 200, 304, 304, 304]);
      const tags = mock.requests.slice(3).map((r) => r.headers["if-none-match"] ?? "");
      expect(new Set(tags.filter((tag) => /^W\/".+"$/.test(tag))).size).toBe(3);
      // The mock charges a 200, never a 304: the next request is the fourth one counted.
      const { rateLimit } = await createPackagesClient({ baseUrl: mock.url, token: TOKEN }).listUserPackages({ package_type: "npm" });
      expect(rateLimit?.used).toBe(4);
    });
  });

  it("with the client's cache too, and the page after a full final page is checked to be still empty", async () => {
    await withMock({ packages: makePackages(200, { package_type: "npm" }) }, async (mock) => {
      const client = createPackagesClient({ baseUrl: mock.url, token: TOKEN, cache: new MemoryCache() });
      const result = await client.listAllUserPackages({ package_type: "npm" }, { verify: true });
      expect(result).toMatchObject({ changed: false, pages: 2 });
      expect(mock.requests.map((r) => `${r.query.page}:${r.status}`)).toEqual(["1:200", "2:200", "1:304", "2:304", "3:200"]);
    });
  });

  it("a listing that keeps changing is read three times, then handed over as changed", async () => {
    const packages = makePackages(15, { package_type: "npm" });
    let added = 0;
    // Every reading of page 2 (not a re-check) comes after one more package was added in front.
    const growing = (r: { query: Record<string, string>; headers: Record<string, string> }) => {
      if (r.query.page === "2" && r.headers["if-none-match"] === undefined) packages.unshift(...makePackages(1, { package_type: "npm", id: 1000 + added++ }));
      return undefined;
    };
    await withMock({ packages, onRequest: growing }, async (mock) => {
      const result = await listAllUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, per_page: 10, verify: true });
      expect(result.changed).toBe(true);
      expect(added).toBe(3);
      // Each reading showed the change itself (a package came again): no re-check was worth asking.
      expect(mock.requests.map((r) => r.query.page)).toEqual(["1", "2", "1", "2", "1", "2"]);
    });
  });
});

describe("answers are held to what was asked (6)", () => {
  it("a page with more packages than per_page is a malformed answer naming the page", async () => {
    await withMock({ onRequest: (r) => (r.query.page === "2" ? { status: 200, body: makePackages(150, { package_type: "npm" }) } : undefined), packages: makePackages(150, { package_type: "npm" }) }, async (mock) => {
      const err = await listAllUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, retry: false }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GitHubApiError);
      expect(err).toMatchObject({ status: 200, page: 2 });
      expect((err as Error).message).toMatch(/page=2.*holds 150 packages, more than the 100 per page asked for/);
    });
  });
});

describe("an abort inside the package loop (7)", () => {
  it("hands over no other package of the page once the signal is aborted", async () => {
    await withMock({ packages: makePackages(10, { package_type: "npm" }) }, async (mock) => {
      const controller = new AbortController();
      const seen: number[] = [];
      const run = (async () => {
        for await (const p of iterateUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, signal: controller.signal })) {
          seen.push(p.id);
          controller.abort(new Error("stop"));
        }
      })();
      await expect(run).rejects.toThrow("stop");
      expect(seen).toEqual([1]);
    });
  });
});

describe("links and messages that say what happened (8)", () => {
  it("a relative `next` is resolved against the page's URL and followed", async () => {
    const packages = makePackages(25, { package_type: "npm" });
    await withMock(
      {
        packages,
        onRequest: (r) => {
          const page = Number(r.query.page);
          const link = page < 3 ? `</user/packages?package_type=npm&page=${page + 1}&per_page=10>; rel="next"` : undefined;
          return { status: 200, headers: link ? { Link: link } : {}, body: packages.slice((page - 1) * 10, page * 10) };
        },
      },
      async (mock) => {
        const result = await listAllUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, per_page: 10 });
        expect(ids(result.packages)).toEqual(ids(packages));
        expect(asked(mock)).toEqual(["npm:1", "npm:2", "npm:3"]);
      },
    );
  });

  it("a 10-digit `last` is a page past the window: the listing is truncated there, not refused", async () => {
    const fake = fakeGitHub({ sets: { user: makePackages(150, { package_type: "npm" }) }, rewrite: (url, answer) => (pageOf(url) === 1 ? { ...answer, link: relink(answer.link, "last", 1234567890) } : answer) });
    const result = await listAllUserPackages({ package_type: "npm" }, { ...viaFake(fake.fetch), per_page: 100 });
    expect(result.truncated).toBe(true);
    expect(fake.urls.length).toBe(100);
  });

  it("a 304 that carries a foreign Location is not called a redirect", async () => {
    const answer = async () => new Response(null, { status: 304, headers: { Location: "https://evil.example/x" } });
    const err = await listAllUserPackages({ package_type: "npm" }, { baseUrl: "https://api.github.com", token: TOKEN, fetch: answer }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnsafeLinkError);
    expect((err as Error).message).toBe(
      "Refusing a 304 Not Modified (no redirect) whose Location points to https://evil.example: it is not the API's origin https://api.github.com, and the token is only sent there.",
    );
  });
});

describe("bounded memory for what lives as long as a client (9)", () => {
  it("remembers the last SEEN_LIMIT distinct warnings: an older one is passed on again, a recent one not", () => {
    const warnings: GitHubWarning[] = [];
    const step = warningStep((w) => warnings.push(w));
    const warn = (value: string) => step(new Headers({ Deprecation: value }), "https://api.github.com/user/packages");
    for (let i = 0; i <= SEEN_LIMIT; i++) warn(`@${i}`);
    expect(warnings.length).toBe(SEEN_LIMIT + 1);
    warn(`@${SEEN_LIMIT}`);
    expect(warnings.length).toBe(SEEN_LIMIT + 1);
    warn("@0"); // the oldest, forgotten
    expect(warnings.length).toBe(SEEN_LIMIT + 2);
  });
});
