import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createPackagesClient,
  GitHubApiError,
  InvalidParametersError,
  iterateUserPackagePages,
  iterateUserPackages,
  listAllUserPackages,
  UnsafeLinkError,
  type Package,
} from "../src/index.js";
import { makePackages, startMockGitHub, type MockGitHub, type MockGitHubOptions } from "../src/testing.js";
import { until } from "./fake-clock.js";
import { withMock as withMockGitHub } from "./with-mock.js";
import { expectEvery } from "./expect-every.js";

const TOKEN = "pagination-token";
const TEN_K = makePackages(10_000, { package_type: "npm" });
/** Past the window: the listing does not look inside owner and repository (both may be null), and smaller pages keep these quick. */
const PAST_WINDOW = makePackages(10_050, { package_type: "npm", owner: null, repository: null });
let big: MockGitHub;
beforeAll(async () => {
  big = await startMockGitHub({ token: TOKEN, packages: TEN_K });
});
afterAll(() => big.close());

const withMock = <T>(options: MockGitHubOptions, fn: (mock: MockGitHub) => Promise<T>) =>
  withMockGitHub({ token: TOKEN, ...options }, fn);

/** A fetch that counts the requests it starts, those answered, and those not yet settled (body included). */
function countingFetch() {
  const stats = { started: 0, active: 0, answered: 0 };
  const wrapped = async (request: Request) => {
    stats.started++;
    stats.active++;
    try {
      const res = await fetch(request);
      const body = await res.text(); // the client reads every body as text anyway
      stats.answered++;
      return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    } finally {
      stats.active--;
    }
  };
  return { stats, fetch: wrapped };
}

const pagesRequested = (mock: MockGitHub) => mock.requests.map((r) => Number(r.query.page));
const settle = (mock: MockGitHub) => until(() => mock.inFlight() === 0, "the mock to see every request end");
/** Lets every callback already queued run (timers and I/O of this turn included). */
const drain = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};

describe("listing every package", () => {
  it.each([1, 4, 10])("returns 10,000 packages exactly once, in order, at concurrency %i", async (concurrency) => {
    big.requests.length = 0;
    const { packages, truncated, pages } = await listAllUserPackages(
      { package_type: "npm" },
      { baseUrl: big.url, token: TOKEN, concurrency },
    );
    expect(truncated).toBe(false);
    expect(pages).toBe(100);
    expect(packages.length).toBe(10_000);
    expectEvery(packages, (p, i) => p.id === i + 1);
    expect(pagesRequested(big).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expectEvery(big.requests, (r) => r.query.per_page === "100");
  });

  it("keeps at most `concurrency` requests in flight, and uses them", async () => {
    await withMock({ packages: makePackages(2000, { package_type: "npm" }), latencyMs: 30 }, async (mock) => {
      const { packages } = await listAllUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, concurrency: 4 });
      expect(packages.length).toBe(2000);
      expect(mock.peakInFlight()).toBe(4);
    });
  });

  it("stops at the 10,000 window with 10,050 packages, reports truncation, and requests no page past it", async () => {
    await withMock({ packages: PAST_WINDOW }, async (mock) => {
      const pages: { page: number; truncated: boolean; lastPage: number | null }[] = [];
      for await (const page of iterateUserPackagePages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN })) {
        pages.push({ page: page.page, truncated: page.truncated, lastPage: page.lastPage });
      }
      expect(pages.length).toBe(100);
      expectEvery(pages, (p) => p.truncated && p.lastPage === 101);
      expect(Math.max(...pagesRequested(mock))).toBe(100);
      expectEvery(mock.requests, (r) => r.query.page !== "101");
      const all = await listAllUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, per_page: 30 });
      expect(all).toMatchObject({ truncated: true, pages: 333 });
      expect(all.packages.length).toBe(9990);
    });
  });

  it("stops at the window when GitHub sends only `next`, and flags it on the final page", async () => {
    await withMock({ packages: PAST_WINDOW, links: "next-only" }, async (mock) => {
      const result = await listAllUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN });
      expect(result).toMatchObject({ truncated: true, pages: 100 });
      expect(result.packages.length).toBe(10_000);
      expect(pagesRequested(mock)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    });
  });

  it("follows `next` serially when there is no `last`", async () => {
    await withMock({ packages: makePackages(250, { package_type: "npm" }), links: "next-only", latencyMs: 10 }, async (mock) => {
      const result = await listAllUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, concurrency: 10 });
      expect(result.packages.map((p) => p.id)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
      expect(result.truncated).toBe(false);
      expect(mock.peakInFlight()).toBe(1);
    });
  });

  it("works without any Link header", async () => {
    await withMock({ packages: makePackages(40, { package_type: "npm" }), links: "none" }, async (mock) => {
      const result = await listAllUserPackages({ package_type: "npm", visibility: "public" }, { baseUrl: mock.url, token: TOKEN });
      expect(result.pages).toBe(1);
      expect(result.packages.length).toBe(mock.packages.filter((p) => p.visibility === "public").length);
      expect(mock.requests[0]?.url).toBe("/user/packages?package_type=npm&visibility=public&page=1&per_page=100");
    });
  });

  it("lists nothing when there is nothing", async () => {
    await withMock({ packages: [] }, async (mock) => {
      const result = await listAllUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN });
      expect(result).toEqual({ packages: [], truncated: false, truncatedTypes: [], changed: false, pages: 1, rateLimit: expect.objectContaining({ limit: 5000 }) });
    });
  });
});

/**
 * After a listing ended early: nothing of it still runs in the client, at most `maxStarted` requests
 * were ever started, nothing new starts later, and the server sees every request end.
 */
async function expectNothingLeftRunning(counter: ReturnType<typeof countingFetch>, mock: MockGitHub, maxStarted: number) {
  expect(counter.stats.active).toBe(0);
  const started = counter.stats.started;
  expect(started).toBeLessThanOrEqual(maxStarted);
  await drain();
  await settle(mock);
  expect(counter.stats.started).toBe(started);
  expect(mock.inFlight()).toBe(0);
  expect(mock.requests.length).toBeLessThanOrEqual(started);
}

describe("leaving early", () => {
  const slow = () => ({ packages: makePackages(3000, { package_type: "npm" as const }), latencyMs: 50 });

  it("cancels the pages in flight with an AbortError that says the listing ended", async () => {
    await withMock(slow(), async (mock) => {
      const reasons: unknown[] = [];
      const watching = async (request: Request) => {
        request.signal.addEventListener("abort", () => reasons.push(request.signal.reason));
        return fetch(request);
      };
      for await (const page of iterateUserPackagePages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, concurrency: 4, fetch: watching })) {
        if (page.page === 1) break;
      }
      await settle(mock);
      expect(reasons.length).toBeGreaterThan(0);
      for (const reason of reasons) expect(reason).toMatchObject({ name: "AbortError", message: "The listing ended before this page was needed." });
    });
  });

  it("break cancels the pages in flight and requests nothing more", async () => {
    await withMock(slow(), async (mock) => {
      const counter = countingFetch();
      const seen: Package[] = [];
      for await (const pkg of iterateUserPackages(
        { package_type: "npm" },
        { baseUrl: mock.url, token: TOKEN, concurrency: 5, fetch: counter.fetch },
      )) {
        seen.push(pkg);
        if (seen.length === 150) break;
      }
      await expectNothingLeftRunning(counter, mock, 2 + 5);
      expect(seen.map((p) => p.id)).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
    });
  });

  it("maxItems requests only the pages needed and cuts the last one", async () => {
    await withMock(slow(), async (mock) => {
      const result = await listAllUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, maxItems: 250 });
      expect(result.packages.length).toBe(250);
      expect(result.packages.at(-1)?.id).toBe(250);
      expect(pagesRequested(mock).sort()).toEqual([1, 2, 3]);
      await settle(mock);
      expect(mock.inFlight()).toBe(0);
    });
  });

  it("an aborted signal cancels the pages in flight and rejects with its reason", async () => {
    await withMock(slow(), async (mock) => {
      const counter = countingFetch();
      const controller = new AbortController();
      const pages: number[] = [];
      const run = (async () => {
        for await (const page of iterateUserPackagePages(
          { package_type: "npm" },
          { baseUrl: mock.url, token: TOKEN, concurrency: 4, signal: controller.signal, fetch: counter.fetch },
        )) {
          pages.push(page.page);
          if (page.page === 2) controller.abort(new Error("user cancelled"));
        }
      })();
      await expect(run).rejects.toThrow("user cancelled");
      await expectNothingLeftRunning(counter, mock, 2 + 4);
      expect(pages).toEqual([1, 2]);
    });
  });

  it("hands over no page after an abort, even one that had already arrived", async () => {
    await withMock({ packages: makePackages(1000, { package_type: "npm" }) }, async (mock) => {
      const counter = countingFetch();
      const controller = new AbortController();
      const pages: number[] = [];
      const run = (async () => {
        for await (const page of iterateUserPackagePages(
          { package_type: "npm" },
          { baseUrl: mock.url, token: TOKEN, concurrency: 4, signal: controller.signal, fetch: counter.fetch },
        )) {
          pages.push(page.page);
          if (page.page === 2) {
            // Pages 3 to 6 are asked for by now; wait until all of them have arrived in the client.
            await until(() => counter.stats.answered === 6, "pages 3-6 to arrive");
            controller.abort(new Error("enough"));
          }
        }
      })();
      await expect(run).rejects.toThrow("enough");
      expect(pages).toEqual([1, 2]);
      expect(counter.stats.answered).toBe(6);
    });
  });

  it("an already aborted signal sends nothing", async () => {
    await withMock({}, async (mock) => {
      const signal = AbortSignal.abort();
      await expect(listAllUserPackages({ package_type: "npm" }, { baseUrl: mock.url, signal })).rejects.toMatchObject({ name: "AbortError" });
      expect(mock.requests.length).toBe(0);
    });
  });
});

describe("buffering and errors", () => {
  it("holds at most concurrency + 1 pages: requests never run more than `concurrency` ahead of the consumer", async () => {
    const concurrency = 3;
    big.requests.length = 0;
    let pages = 0;
    for await (const page of iterateUserPackagePages({ package_type: "npm" }, { baseUrl: big.url, token: TOKEN, concurrency })) {
      pages++;
      // Pages requested but not yet handed over are at most `concurrency`; plus the one in hand.
      expect(big.requests.length - page.page).toBeLessThanOrEqual(concurrency);
      await new Promise((r) => setTimeout(r, 2)); // a slow consumer
    }
    expect(pages).toBe(100);
  });

  it("rejects with a GitHubApiError naming the failed page, after yielding earlier pages once", async () => {
    await withMock(
      {
        packages: makePackages(500, { package_type: "npm" }),
        onRequest: (r) => (r.query.page === "3" ? { status: 404, body: { message: "Not Found" } } : undefined),
      },
      async (mock) => {
        const yielded: number[] = [];
        const err = await (async () => {
          for await (const page of iterateUserPackagePages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN })) {
            yielded.push(page.page);
          }
        })().catch((e: unknown) => e);
        expect(err).toBeInstanceOf(GitHubApiError);
        const apiError = err as GitHubApiError;
        expect(apiError).toMatchObject({ status: 404, page: 3, apiMessage: "Not Found", method: "GET" });
        expect(apiError.requestId).toMatch(/^F00D:/);
        expect(apiError.message).toMatch(/^GitHub API 404 on GET \/user\/packages\?package_type=npm&page=3&per_page=100: Not Found \(request F00D:/);
        expect(yielded).toEqual([1, 2]);
        expect(JSON.stringify(apiError) + String(apiError.stack)).not.toContain(TOKEN);
      },
    );
  });

  it("refuses a Link to another origin, sending nothing there", async () => {
    await withMock(
      {
        packages: makePackages(150, { package_type: "npm" }),
        onRequest: () => ({
          status: 200,
          headers: { Link: '<https://evil.example/user/packages?package_type=npm&page=2>; rel="next", <https://evil.example/user/packages?page=2>; rel="last"' },
          body: makePackages(100, { package_type: "npm" }),
        }),
      },
      async (mock) => {
        const err = await listAllUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(UnsafeLinkError);
        expect((err as Error).message).toMatch(/Refusing to follow a Link to https:\/\/evil\.example: it is not the API's origin http:\/\/127\.0\.0\.1:\d+/);
        expect(mock.requests.length).toBe(1);
      },
    );
  });

  it("refuses a Link without a page number, naming it", async () => {
    await withMock(
      {
        onRequest: (r) => ({
          status: 200,
          headers: { Link: `<http://${r.headers.host ?? ""}/user/packages?package_type=npm&cursor=abc>; rel="next"` },
          body: makePackages(100, { package_type: "npm" }),
        }),
      },
      async (mock) => {
        const err = await listAllUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(UnsafeLinkError);
        expect((err as Error).message).toMatch(/not a URL with a page number: ".*cursor=abc"/);
        expect(mock.requests.length).toBe(1);
      },
    );
  });

  const notAPage = (link: string) => `Cannot follow a Link that is not a URL with a page number: ${JSON.stringify(link.slice(0, 80))}.`;
  it.each([
    ["a page number with more after it", (host: string) => `http://${host}/user/packages?package_type=npm&page=2x`, notAPage],
    ["a page number with something before it", (host: string) => `http://${host}/user/packages?package_type=npm&page=x2`, notAPage],
    ["page 0", (host: string) => `http://${host}/user/packages?package_type=npm&page=0`, (link: string) => `Cannot follow a Link to page 0: pages are numbered from 1 (${JSON.stringify(link.slice(0, 80))}).`],
    ["a long text that is no URL with a page", () => `not a url ${"x".repeat(200)}`, notAPage],
  ])("refuses a `next` that is %s, quoting at most 80 characters of it", async (_, next, message) => {
    await withMock(
      {
        onRequest: (r) => ({ status: 200, headers: { Link: `<${next(r.headers.host ?? "")}>; rel="next"` }, body: makePackages(100, { package_type: "npm" }) }),
      },
      async (mock) => {
        const err = await listAllUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(UnsafeLinkError);
        expect((err as Error).message).toBe(message(next(new URL(mock.url).host)));
        expect(mock.requests.length).toBe(1);
      },
    );
  });

  it("sends the listing's own headers with every page, and none when it has none", async () => {
    await withMock({ packages: makePackages(250, { package_type: "npm" }) }, async (mock) => {
      await listAllUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, headers: { "X-Trace": "t-1" } });
      expect(mock.requests.map((r) => r.headers["x-trace"])).toEqual(["t-1", "t-1", "t-1"]);
      await listAllUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN });
      expect(mock.requests.slice(3).map((r) => r.headers["x-trace"])).toEqual([undefined, undefined, undefined]);
    });
  });

  it("follows `next` forward only: a link back to a page already read ends the listing", async () => {
    await withMock(
      {
        onRequest: (r) => ({
          status: 200,
          headers: { Link: `<http://${r.headers.host ?? ""}/user/packages?package_type=npm&page=1>; rel="next"` },
          body: makePackages(100, { package_type: "npm" }),
        }),
      },
      async (mock) => {
        const result = await listAllUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN });
        expect(result).toMatchObject({ pages: 1, truncated: false });
        expect(mock.requests.length).toBe(1);
      },
    );
  });

  it("the standalone iterator refuses bad options on its first step, before any request", async () => {
    big.requests.length = 0;
    const pages = iterateUserPackages({ package_type: "npm" }, { baseUrl: big.url, token: TOKEN, timeoutMs: -1 });
    const err = await pages.next().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidParametersError);
    expect((err as Error).message).toMatch(/"timeoutMs": -1 is not allowed; it must be an integer from 0 to 2147483647/);
    expect(big.requests.length).toBe(0);
  });

  it("refuses bad listing options before any request", async () => {
    const client = createPackagesClient({ baseUrl: big.url, token: TOKEN });
    big.requests.length = 0;
    for (const [opts, parameter] of [
      [{ concurrency: 0 }, "concurrency"],
      [{ concurrency: 11 }, "concurrency"],
      [{ maxItems: 0 }, "maxItems"],
      [{ per_page: 101 }, "per_page"],
    ] as const) {
      const err = await client.listAllUserPackages({ package_type: "npm" }, opts).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidParametersError);
      expect((err as InvalidParametersError).issues[0]?.parameter).toBe(parameter);
    }
    await expect(client.listAllUserPackages({ package_type: "pypi" as "npm" })).rejects.toThrow(/"package_type": "pypi"/);
    expect(big.requests.length).toBe(0);
  });
});

