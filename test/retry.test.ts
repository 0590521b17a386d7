import { describe, expect, it } from "vitest";
import {
  createPackagesClient,
  GitHubApiError,
  InvalidParametersError,
  listAllUserPackages,
  listUserPackages,
  NetworkError,
  RateLimitError,
  TimeoutError,
  UnsafeLinkError,
  type GitHubWarning,
  type RetryEvent,
} from "../src/index.js";
import { FAULT_KINDS, makePackages, type MockGitHub, type MockGitHubOptions } from "../src/testing.js";
import { backoffMs, DEFAULT_RETRY } from "../src/core/policies/retry.js";
import { FakeClock, until } from "./fake-clock.js";
import { withMock as withMockGitHub } from "./with-mock.js";
import { expectEvery } from "./expect-every.js";

const TOKEN = "ghp_retrySuiteToken0123456789";
const FAST = { minDelayMs: 1, maxDelayMs: 20 };

const withMock = <T>(options: MockGitHubOptions, fn: (mock: MockGitHub) => Promise<T>) =>
  withMockGitHub({ token: TOKEN, ...options }, fn);
/** Fake time that runs every wait at once; attempt timeouts off, as they would fire at once too. */
const fakeTime = () => {
  const clock = new FakeClock(true);
  return { clock, options: { clock, timeoutMs: 0 } };
};

describe("retries", () => {
  it("lists 10,000 packages exactly once, in order, through 20 % transient faults of every kind", async () => {
    await withMock(
      {
        packages: makePackages(10_000, { package_type: "npm" }),
        faults: { rate: 0.2, seed: 11, retryAfterSeconds: 0, resetInSeconds: 1 },
      },
      async (mock) => {
        const { packages, truncated } = await listAllUserPackages(
          { package_type: "npm" },
          { baseUrl: mock.url, token: TOKEN, retry: { ...FAST, retries: 8, maxWaitMs: 5000 } },
        );
        expect(truncated).toBe(false);
        expect(packages.length).toBe(10_000);
        expectEvery(packages, (p, i) => p.id === i + 1);
        const faults = mock.requests.filter((r) => r.fault);
        expect(new Set(faults.map((r) => r.fault))).toEqual(new Set(FAULT_KINDS));
        expect(faults.length / mock.requests.length).toBeGreaterThan(0.1);
      },
    );
  });

  it("gives up on a permanent 500 after the configured retries", async () => {
    await withMock({ onRequest: () => ({ status: 500, body: { message: "boom" } }) }, async (mock) => {
      const single = await listUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, retry: { ...FAST, retries: 2 } });
      expect(single.error?.status).toBe(500);
      expect(mock.requests.length).toBe(3);
      mock.requests.length = 0;
      const err = await listAllUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, retry: { ...FAST, retries: 2 } }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GitHubApiError);
      expect(err).not.toBeInstanceOf(RateLimitError);
      expect((err as GitHubApiError).status).toBe(500);
      expect(mock.requests.length).toBe(3);
    });
  });

  it.each([404, 422, 401, 400])("does not retry a %i", async (status) => {
    await withMock({ onRequest: () => ({ status, body: { message: `status ${status}` } }) }, async (mock) => {
      const err = await listAllUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, retry: FAST }).catch((e: unknown) => e);
      expect((err as GitHubApiError).status).toBe(status);
      expect(mock.requests.length).toBe(1);
    });
  });

  it("does not retry a 403 for a missing scope, and hints at read:packages", async () => {
    await withMock({ scopes: ["repo"] }, async (mock) => {
      const err = await listAllUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, retry: FAST }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GitHubApiError);
      expect(err).not.toBeInstanceOf(RateLimitError);
      expect((err as Error).message).toMatch(/^GitHub API 403 on GET \/user\/packages\?package_type=npm&page=1&per_page=100: .*\(request F00D:[0-9A-F]+\)\. Listing packages needs a token with the read:packages scope\.$/);
      expect(mock.requests.length).toBe(1);
    });
  });

  it("retries network resets and cut JSON, then gives a typed error", async () => {
    await withMock({ faults: { rate: 1, kinds: ["reset"] } }, async (mock) => {
      const err = await listUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, retry: { ...FAST, retries: 2 } }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NetworkError);
      expect(mock.requests.length).toBe(3);
    });
    await withMock({ faults: { rate: 1, kinds: ["truncated"] } }, async (mock) => {
      const { error } = await listUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, retry: { ...FAST, retries: 1 } });
      expect(error?.apiMessage).toMatch(/not JSON/);
      expect(mock.requests.length).toBe(2);
    });
  });

  it("honours Retry-After on a 503: waits exactly that long, then retries", async () => {
    let calls = 0;
    const { clock, options } = fakeTime();
    await withMock(
      { onRequest: () => (calls++ === 0 ? { status: 503, headers: { "Retry-After": "7" }, body: { message: "busy" } } : undefined) },
      async (mock) => {
        const { data } = await listUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, retry: FAST, ...options });
        expect(data).toBeDefined();
        expect(mock.requests.length).toBe(2);
        expect(clock.sleeps).toEqual([7000]);
      },
    );
  });

  it("times out a slow attempt, retries it, then rejects with TimeoutError", async () => {
    const clock = new FakeClock();
    await withMock({ latencyMs: 60_000 }, async (mock) => {
      const pending = listUserPackages(
        { package_type: "npm" },
        { baseUrl: mock.url, token: TOKEN, timeoutMs: 60, clock, retry: { retries: 1, minDelayMs: 0, maxDelayMs: 0 } },
      ).catch((e: unknown) => e);
      await until(() => mock.requests.length === 1, "the first attempt");
      await clock.advance(59);
      expect(mock.requests.length).toBe(1); // not timed out yet: one millisecond to go
      await clock.advance(1); // the first attempt times out; the retry goes out
      await until(() => mock.requests.length === 2, "the retry");
      await clock.advance(60);
      const err = await pending;
      expect(err).toBeInstanceOf(TimeoutError);
      expect((err as TimeoutError).message).toMatch(/^Timed out after 60 ms on GET http:\/\/127\.0\.0\.1:\d+\/user\/packages\?package_type=npm\.$/);
      expect(mock.requests.length).toBe(2);
      expect(clock.sleeps).toEqual([60, 0, 60]); // attempt, backoff, attempt
    });
  });

  it("aborting cancels a backoff sleep at once", async () => {
    const clock = new FakeClock();
    await withMock({ onRequest: () => ({ status: 503, headers: { "Retry-After": "30" }, body: {} }) }, async (mock) => {
      const controller = new AbortController();
      const pending = listUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, signal: controller.signal, clock, timeoutMs: 0 });
      await until(() => clock.sleeps.includes(30_000), "the Retry-After sleep");
      controller.abort(new Error("stop now"));
      await expect(pending).rejects.toThrow("stop now");
      expect(clock.pending()).toBe(0);
      expect(clock.now()).toBe(Date.UTC(2026, 0, 1)); // no time passed
      expect(mock.requests.length).toBe(1);
    });
  });

  it("retry: false makes one attempt", async () => {
    await withMock({ onRequest: () => ({ status: 502 }) }, async (mock) => {
      const { error } = await listUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, retry: false });
      expect(error?.status).toBe(502);
      expect(mock.requests.length).toBe(1);
    });
  });
});

describe("rate limits", () => {
  const primary = (resetIn: number, clock: FakeClock) => ({
    status: 403,
    headers: {
      "X-RateLimit-Limit": "5000",
      "X-RateLimit-Remaining": "0",
      "X-RateLimit-Reset": String(Math.floor(clock.now() / 1000) + resetIn),
      "X-RateLimit-Resource": "core",
    },
    body: { message: "API rate limit exceeded for user ID 1." },
  });

  it("fails at once with RateLimitError when the primary reset is beyond maxWaitMs", async () => {
    const { clock, options } = fakeTime();
    await withMock({ onRequest: () => primary(3600, clock) }, async (mock) => {
      const err = await listAllUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, ...options }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RateLimitError);
      const rl = err as RateLimitError;
      expect(rl.kind).toBe("primary");
      expect(rl.resetAt!.getTime()).toBe(clock.now() + 3600_000);
      expect(rl.rateLimit).toMatchObject({ limit: 5000, remaining: 0, resource: "core" });
      expect(rl.message).toMatch(/The primary rate limit stopped the request; it resets at \d{4}-/);
      expect(mock.requests.length).toBe(1);
      expect(clock.sleeps).toEqual([]); // failed at once, no wait
      // The single-page call keeps its union: the error comes back, nothing is thrown.
      const single = await listUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, ...options });
      expect(single.error?.status).toBe(403);
      expect(single.rateLimit?.remaining).toBe(0);
    });
  });

  it("waits for a primary reset within maxWaitMs, then succeeds", async () => {
    let calls = 0;
    const { clock, options } = fakeTime();
    await withMock({ onRequest: () => (calls++ === 0 ? primary(42, clock) : undefined) }, async (mock) => {
      const { data, rateLimit } = await listUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, retry: { maxWaitMs: 60_000 }, ...options });
      expect(data).toBeDefined();
      expect(rateLimit?.remaining).toBeGreaterThan(0);
      expect(mock.requests.length).toBe(2);
      expect(clock.sleeps).toEqual([42_000]); // until x-ratelimit-reset, then the retry
    });
  });

  it("a secondary limit pauses every request of the client (one shared gate)", async () => {
    const clock = new FakeClock();
    let limited = false;
    await withMock(
      {
        onRequest: (r) => {
          if (r.query.page !== "1" || limited) return undefined;
          limited = true;
          return { status: 429, headers: { "Retry-After": "1" }, body: { message: "You have exceeded a secondary rate limit." } };
        },
      },
      async (mock) => {
        const client = createPackagesClient({ baseUrl: mock.url, token: TOKEN, clock, timeoutMs: 0 });
        const first = client.listUserPackages({ package_type: "npm", page: 1 });
        await until(() => clock.pending() === 1, "the gate to close");
        // Another request of the same client, started while the gate is closed, waits too.
        const second = client.listUserPackages({ package_type: "npm", page: 2 });
        await until(() => clock.pending() === 2, "the second request at the gate");
        expect(mock.requests.length).toBe(1);
        await clock.advance(999);
        expect(mock.requests.length).toBe(1);
        await clock.advance(1);
        const [a, b] = await Promise.all([first, second]);
        expect([a.data?.length, b.data?.length]).toEqual([7, 0]); // the default fixtures: 7 npm packages
        expect(mock.requests.map((r) => r.query.page)).toEqual(["1", expect.any(String), expect.any(String)]);
      },
    );
  });

  it("a listing's page workers resume together after a secondary limit", async () => {
    const { clock, options } = fakeTime();
    const start = clock.now();
    const arrivals: { page: string; at: number }[] = [];
    let tripped = false;
    await withMock(
      {
        packages: makePackages(1500, { package_type: "npm" }),
        onRequest: (r) => {
          arrivals.push({ page: r.query.page ?? "", at: clock.now() });
          if (r.query.page !== "3" || tripped) return undefined;
          tripped = true;
          return { status: 429, headers: { "Retry-After": "1" }, body: { message: "You have exceeded a secondary rate limit." } };
        },
      },
      async (mock) => {
        const { packages } = await listAllUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, concurrency: 4, ...options });
        expect(packages.length).toBe(1500);
        // Time stands still until the gate's wait: every request went out before the 429 was read,
        // or after the full second.
        expectEvery(arrivals, (a) => a.at === start || a.at >= start + 1000);
        expect(arrivals.filter((a) => a.page === "3").map((a) => a.at)).toEqual([start, start + 1000]);
        expect(arrivals.filter((a) => a.at >= start + 1000).length).toBeGreaterThan(3);
        expect(mock.requests.length).toBe(16);
      },
    );
  });

  it("a secondary limit without retry-after beyond maxWaitMs is a RateLimitError", async () => {
    const { clock, options } = fakeTime();
    await withMock(
      { onRequest: () => ({ status: 403, body: { message: "You have exceeded a secondary rate limit." } }) },
      async (mock) => {
        const err = await listAllUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, retry: { maxWaitMs: 1000 }, ...options }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(RateLimitError);
        expect((err as RateLimitError).kind).toBe("secondary");
        expect(mock.requests.length).toBe(1);
        expect(clock.sleeps).toEqual([]);
      },
    );
  });

  it("exposes the rate-limit state of results and listings", async () => {
    await withMock({ packages: makePackages(250, { package_type: "npm" }) }, async (mock) => {
      const single = await listUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN });
      expect(single.rateLimit).toMatchObject({ limit: 5000, remaining: 4999, used: 1, resource: "core" });
      expect(single.rateLimit?.reset).toBeInstanceOf(Date);
      const all = await listAllUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, concurrency: 1 });
      expect(all.rateLimit?.remaining).toBe(5000 - 4);
    });
  });

  it("backs off exponentially with full jitter, capped", () => {
    const policy = { ...DEFAULT_RETRY, minDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffMs(policy, 0, () => 0.999)).toBe(99);
    expect(backoffMs(policy, 3, () => 0.5)).toBe(400);
    expect(backoffMs(policy, 10, () => 0.999)).toBe(999);
    expect(backoffMs(policy, 2, () => 0)).toBe(0);
  });
});

describe("headers and guards", () => {
  it("passes Deprecation and Sunset to onWarning, once per distinct warning", async () => {
    await withMock(
      {
        onRequest: () => ({
          status: 200,
          headers: { Deprecation: "@1767225600", Sunset: "Wed, 01 Jul 2026 00:00:00 GMT" },
          body: makePackages(2, { package_type: "npm" }),
        }),
      },
      async (mock) => {
        const warnings: GitHubWarning[] = [];
        const client = createPackagesClient({ baseUrl: mock.url, token: TOKEN, onWarning: (w) => warnings.push(w) });
        await client.listUserPackages({ package_type: "npm" });
        await client.listUserPackages({ package_type: "npm" });
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toMatchObject({ kind: "deprecation", deprecation: "@1767225600", sunset: "Wed, 01 Jul 2026 00:00:00 GMT" });
        expect(warnings[0]!.message).toMatch(/deprecated .*stops working after Wed, 01 Jul 2026/);
      },
    );
  });

  it("refuses a retry policy or timeout it cannot follow, naming each option, before any request", () => {
    const refused = (options: Parameters<typeof createPackagesClient>[0]) => {
      try {
        createPackagesClient(options);
      } catch (err) {
        expect(err).toBeInstanceOf(InvalidParametersError);
        return (err as InvalidParametersError).issues.map((i) => i.parameter);
      }
      return [];
    };
    expect(refused({ retry: { retries: -1, minDelayMs: Number.NaN, maxWaitMs: "60000" as unknown as number } })).toEqual([
      "retry.retries",
      "retry.minDelayMs",
      "retry.maxWaitMs",
    ]);
    expect(refused({ retry: true as unknown as false })).toEqual(["retry"]);
    expect(refused({ timeoutMs: 1.5 })).toEqual(["timeoutMs"]);
    expect(() => createPackagesClient({ retry: { retries: -1 } })).toThrow(/"retry\.retries": -1 is not allowed; it must be an integer from 0 to 2147483647/);
    // A timer cannot wait longer than 2^31 - 1 ms (it would fire at once): longer durations are refused.
    expect(refused({ timeoutMs: 2 ** 31, retry: { maxWaitMs: 2 ** 31 } })).toEqual(["timeoutMs", "retry.maxWaitMs"]);
    expect(refused({ timeoutMs: 2 ** 31 - 1 })).toEqual([]);
    expect(refused({ retry: { retries: 0, maxDelayMs: undefined } })).toEqual([]);
    expect(refused({ retry: false, timeoutMs: 0 })).toEqual([]);
  });

  it("refuses to send a token over plain http to a non-loopback host", () => {
    expect(() => createPackagesClient({ baseUrl: "http://ghe.example.com/api/v3", token: TOKEN })).toThrow(InvalidParametersError);
    expect(() => createPackagesClient({ baseUrl: "http://ghe.example.com/api/v3", token: TOKEN })).toThrow(/only sent over https/);
    expect(() => createPackagesClient({ baseUrl: "http://ghe.example.com/api/v3" })).not.toThrow();
    for (const host of ["localhost:8080", "127.0.0.1", "[::1]:3000"]) {
      expect(() => createPackagesClient({ baseUrl: `http://${host}`, token: TOKEN })).not.toThrow();
    }
  });

  it("never follows a redirect to another origin with the token", async () => {
    await withMock({ onRequest: () => ({ status: 302, headers: { Location: "https://elsewhere.example/user/packages" }, body: "" }) }, async (mock) => {
      const err = await listUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnsafeLinkError);
      expect((err as Error).message).toMatch(/Refusing to follow a redirect \(302\) to https:\/\/elsewhere\.example/);
      expect(mock.requests.length).toBe(1);
    });
  });

  it("does not follow a same-origin redirect either, and says so in the error", async () => {
    await withMock({ onRequest: (r) => (r.path === "/user/packages" ? { status: 301, headers: { Location: "/moved" }, body: "" } : undefined) }, async (mock) => {
      const { error } = await listUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN });
      expect(error?.status).toBe(301);
      expect(mock.requests.map((r) => r.path)).toEqual(["/user/packages"]);
    });
  });
});

describe("onRetry", () => {
  it("hears every wait before it starts: attempt, reason, status, wait and page", async () => {
    const { clock, options } = fakeTime();
    const answers = [
      { status: 503, headers: { "Retry-After": "2" }, body: { message: "busy" } },
      { status: 429, headers: { "Retry-After": "3" }, body: { message: "You have exceeded a secondary rate limit." } },
      { status: 200, body: "[{" },
    ];
    await withMock({ onRequest: () => answers.shift() }, async (mock) => {
      const events: RetryEvent[] = [];
      const { data } = await listUserPackages(
        { package_type: "npm", page: 1 },
        { baseUrl: mock.url, token: TOKEN, retry: { ...FAST, retries: 4, minDelayMs: 0, maxDelayMs: 0 }, onRetry: (e) => events.push(e), ...options },
      );
      expect(data).toHaveLength(7);
      expect(events).toEqual([
        { attempt: 2, reason: "server", status: 503, waitMs: 2000, page: 1 },
        { attempt: 3, reason: "secondary-rate-limit", status: 429, waitMs: 3000, page: 1 },
        { attempt: 4, reason: "malformed", status: 200, waitMs: 0, page: 1 },
      ]);
      expect(clock.sleeps).toEqual([2000, 3000, 0]);
    });
  });

  it("tells network failures, timeouts and primary limits apart, and a throwing listener changes nothing", async () => {
    const clock = new FakeClock();
    await withMock({ latencyMs: 60_000 }, async (mock) => {
      const reasons: string[] = [];
      const pending = listUserPackages(
        { package_type: "npm" },
        {
          baseUrl: mock.url,
          token: TOKEN,
          clock,
          timeoutMs: 10,
          retry: { retries: 1, minDelayMs: 0, maxDelayMs: 0 },
          onRetry: (e) => {
            reasons.push(`${e.reason}:${String(e.status)}`);
            throw new Error("listener bug");
          },
        },
      ).catch((e: unknown) => e);
      await until(() => mock.requests.length === 1, "the first attempt");
      await clock.advance(10);
      await until(() => mock.requests.length === 2, "the retry");
      await clock.advance(10);
      expect(await pending).toBeInstanceOf(TimeoutError);
      expect(reasons).toEqual(["timeout:undefined"]);
    });
    const primary = { clock: new FakeClock(true) };
    const reset = String(Math.floor(primary.clock.now() / 1000) + 30);
    let first = true;
    await withMock(
      {
        onRequest: () => {
          if (!first) return undefined;
          first = false;
          return { status: 403, headers: { "X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset }, body: { message: "API rate limit exceeded" } };
        },
      },
      async (mock) => {
        const events: RetryEvent[] = [];
        await listUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, clock: primary.clock, timeoutMs: 0, onRetry: (e) => events.push(e) });
        expect(events).toEqual([{ attempt: 2, reason: "rate-limit", status: 403, waitMs: 30_000, page: undefined }]);
      },
    );
  });
});
