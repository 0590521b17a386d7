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
} from "../src/index.js";
import { FAULT_KINDS, makePackages, startMockGitHub, type MockGitHub, type MockGitHubOptions } from "../src/testing.js";
import { backoffMs, DEFAULT_RETRY } from "../src/retry.js";
import { retryAfterMs, throttleOf } from "../src/rate-limit.js";
import { withMock as withMockGitHub } from "./with-mock.js";

const TOKEN = "ghp_retrySuiteToken0123456789";
const FAST = { minDelayMs: 1, maxDelayMs: 20 };

const withMock = <T>(options: MockGitHubOptions, fn: (mock: MockGitHub) => Promise<T>) =>
  withMockGitHub({ token: TOKEN, ...options }, fn);
const nowSeconds = () => Math.floor(Date.now() / 1000);

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
        expect(packages.every((p, i) => p.id === i + 1)).toBe(true);
        const faults = mock.requests.filter((r) => r.fault);
        expect(new Set(faults.map((r) => r.fault))).toEqual(new Set(FAULT_KINDS));
        expect(faults.length / mock.requests.length).toBeGreaterThan(0.1);
      },
    );
  });

  it("gives up on a permanent 500 after the configured retries", async () => {
    await withMock({ onRequest: () => ({ status: 500, body: { message: "boom" } }) }, async (mock) => {
      const single = await listUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, retry: { ...FAST, retries: 2 } });
      expect(single.error?.httpStatus).toBe(500);
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
      expect(error?.message).toMatch(/not JSON/);
      expect(mock.requests.length).toBe(2);
    });
  });

  it("honours Retry-After on a 503", async () => {
    let calls = 0;
    await withMock(
      { onRequest: () => (calls++ === 0 ? { status: 503, headers: { "Retry-After": "1" }, body: { message: "busy" } } : undefined) },
      async (mock) => {
        const { data } = await listUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, retry: FAST });
        expect(data).toBeDefined();
        expect(mock.requests.length).toBe(2);
        expect(mock.requests[1]!.receivedAt - mock.requests[0]!.receivedAt).toBeGreaterThanOrEqual(950);
      },
    );
  });

  it("times out a slow attempt, retries it, then rejects with TimeoutError", async () => {
    await withMock({ latencyMs: 3000 }, async (mock) => {
      const started = Date.now();
      const err = await listUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, timeoutMs: 60, retry: { ...FAST, retries: 1 } }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TimeoutError);
      expect((err as TimeoutError).message).toMatch(/^Timed out after 60 ms: GET http:\/\/127\.0\.0\.1:\d+\/user\/packages\?package_type=npm$/);
      expect(mock.requests.length).toBe(2);
      expect(Date.now() - started).toBeLessThan(2000);
    });
  });

  it("aborting cancels a backoff sleep at once", async () => {
    await withMock({ onRequest: () => ({ status: 503, headers: { "Retry-After": "30" }, body: {} }) }, async (mock) => {
      const controller = new AbortController();
      const started = Date.now();
      setTimeout(() => controller.abort(new Error("stop now")), 100);
      await expect(
        listUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, signal: controller.signal }),
      ).rejects.toThrow("stop now");
      expect(Date.now() - started).toBeLessThan(1000);
      expect(mock.requests.length).toBe(1);
    });
  });

  it("retry: false makes one attempt", async () => {
    await withMock({ onRequest: () => ({ status: 502 }) }, async (mock) => {
      const { error } = await listUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, retry: false });
      expect(error?.httpStatus).toBe(502);
      expect(mock.requests.length).toBe(1);
    });
  });
});

describe("rate limits", () => {
  const primary = (resetIn: number) => ({
    status: 403,
    headers: {
      "X-RateLimit-Limit": "5000",
      "X-RateLimit-Remaining": "0",
      "X-RateLimit-Reset": String(nowSeconds() + resetIn),
      "X-RateLimit-Resource": "core",
    },
    body: { message: "API rate limit exceeded for user ID 1." },
  });

  it("fails at once with RateLimitError when the primary reset is beyond maxWaitMs", async () => {
    await withMock({ onRequest: () => primary(3600) }, async (mock) => {
      const started = Date.now();
      const err = await listAllUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RateLimitError);
      const rl = err as RateLimitError;
      expect(rl.kind).toBe("primary");
      expect(rl.resetAt!.getTime()).toBeGreaterThan(Date.now() + 3500_000);
      expect(rl.rateLimit).toMatchObject({ limit: 5000, remaining: 0, resource: "core" });
      expect(rl.message).toMatch(/Rate limit \(primary\) resets at \d{4}-/);
      expect(mock.requests.length).toBe(1);
      expect(Date.now() - started).toBeLessThan(500);
      // The single-page call keeps its union: the error comes back, nothing is thrown.
      const single = await listUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN });
      expect(single.error?.httpStatus).toBe(403);
      expect(single.rateLimit?.remaining).toBe(0);
    });
  });

  it("waits for a primary reset within maxWaitMs, then succeeds", async () => {
    let calls = 0;
    await withMock({ onRequest: () => (calls++ === 0 ? primary(1) : undefined) }, async (mock) => {
      const { data, rateLimit } = await listUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, retry: { maxWaitMs: 5000 } });
      expect(data).toBeDefined();
      expect(rateLimit?.remaining).toBeGreaterThan(0);
      expect(mock.requests.length).toBe(2);
      const resetAt = Number(primary(1).headers["X-RateLimit-Reset"]) - 1;
      expect(mock.requests[1]!.receivedAt).toBeGreaterThanOrEqual(resetAt * 1000);
    });
  });

  it("a secondary limit pauses every page worker of a listing (one shared gate)", async () => {
    let tripped = false;
    await withMock(
      {
        packages: makePackages(1500, { package_type: "npm" }),
        latencyMs: 20,
        onRequest: (r) => {
          if (r.query.page === "3" && !tripped) {
            tripped = true;
            return { status: 429, headers: { "Retry-After": "1" }, body: { message: "You have exceeded a secondary rate limit." } };
          }
          return undefined;
        },
      },
      async (mock) => {
        const { packages } = await listAllUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, concurrency: 4 });
        expect(packages.length).toBe(1500);
        const limited = mock.requests.find((r) => r.status === 429)!;
        // After the 429 went out (latency 20 ms), nothing new arrives until Retry-After has passed.
        const answeredAt = limited.receivedAt + 20;
        const during = mock.requests.filter((r) => r.receivedAt > answeredAt + 100 && r.receivedAt < answeredAt + 900);
        expect(during).toEqual([]);
        expect(mock.requests.filter((r) => r.receivedAt >= answeredAt + 900).length).toBeGreaterThan(3);
      },
    );
  });

  it("a secondary limit without retry-after beyond maxWaitMs is a RateLimitError", async () => {
    await withMock(
      { onRequest: () => ({ status: 403, body: { message: "You have exceeded a secondary rate limit." } }) },
      async (mock) => {
        const err = await listAllUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, retry: { maxWaitMs: 1000 } }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(RateLimitError);
        expect((err as RateLimitError).kind).toBe("secondary");
        expect(mock.requests.length).toBe(1);
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

  it("reads Retry-After as seconds or an HTTP date, and tells throttles apart", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(retryAfterMs(new Headers({ "retry-after": "7" }), now)).toBe(7000);
    expect(retryAfterMs(new Headers({ "retry-after": "Thu, 01 Jan 2026 00:00:30 GMT" }), now)).toBe(30_000);
    expect(retryAfterMs(new Headers({ "retry-after": "soon" }), now)).toBeUndefined();
    const exhausted = new Headers({ "x-ratelimit-limit": "60", "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(now / 1000 + 60) });
    expect(throttleOf(403, exhausted, "API rate limit exceeded", now)).toEqual({ kind: "primary", resetAt: new Date(now + 60_000), waitMs: 60_000 });
    expect(throttleOf(403, new Headers(), "Resource not accessible by personal access token", now)).toBeUndefined();
    expect(throttleOf(429, new Headers(), "", now)).toEqual({ kind: "secondary", waitMs: undefined });
    expect(throttleOf(500, exhausted, "", now)).toBeUndefined();
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
    expect(() => createPackagesClient({ retry: { retries: -1 } })).toThrow(/"retry\.retries": -1 is not allowed; it must be an integer of at least 0/);
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
      expect(error?.httpStatus).toBe(301);
      expect(mock.requests.map((r) => r.path)).toEqual(["/user/packages"]);
    });
  });
});
