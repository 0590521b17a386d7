// A clock's now() must be a time a Date can hold: one that is finite but beyond a Date's range
// (±8.64e15 ms) is a ClockError, never a RangeError from building the rate limit's reset, whatever
// GitHub answers; and a time at the very edge of that range reads a rate-limit hint that would
// point past it as no hint.
import { describe, expect, it } from "vitest";
import { ClockError, listUserPackages, RateLimitError, type Clock } from "../src/index.js";
import { resetWaitMs, retryAfterMs } from "../src/core/request/rate-limit.js";
import type { MockResponse } from "../src/testing.js";
import { withMock } from "./with-mock.js";

const npm = { package_type: "npm" } as const;
const LAST_DATE_MS = 8.64e15;

/** GitHub's rate-limit answers, as the real server sends them. */
const LIMITS: [string, (nowMs: number) => MockResponse][] = [
  ["a 429 with Retry-After", () => ({ status: 429, headers: { "Retry-After": "30" }, body: { message: "You have exceeded a secondary rate limit." } })],
  ["a secondary 403 without Retry-After", () => ({ status: 403, body: { message: "You have exceeded a secondary rate limit. Please wait." } })],
  [
    "a primary 403 (x-ratelimit-remaining: 0)",
    (nowMs) => ({
      status: 403,
      headers: { "x-ratelimit-limit": "60", "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(Math.floor(Math.min(nowMs, Date.now()) / 1000) + 30) },
      body: { message: "API rate limit exceeded" },
    }),
  ],
];

/** A clock at `time` whose sleeps end at once. */
const clockAt = (time: number): Clock => ({ now: () => time, sleep: () => Promise.resolve() });

describe("a now() beyond a Date's range", () => {
  const times = [1e300, -1e300, LAST_DATE_MS + 1, Number.MAX_VALUE];
  describe.each(LIMITS)("answered with %s", (_label, answer) => {
    it.each(times)("now() = %s is a ClockError, with retries off or on, with a timeout or none", async (time) => {
      await withMock({ packages: [], onRequest: () => answer(time) }, async (mock) => {
        for (const options of [{ retry: false, timeoutMs: 0 }, { timeoutMs: 0 }, { retry: false }, {}] as const) {
          const err = await listUserPackages(npm, { baseUrl: mock.url, clock: clockAt(time), ...options }).catch((e: unknown) => e);
          expect(err, JSON.stringify(options)).toBeInstanceOf(ClockError);
          expect((err as Error).message).toMatch(/now\(\) returned a time a Date cannot hold/);
          expect(err).not.toBeInstanceOf(RangeError);
        }
      });
    });
  });
});

describe("a now() at the edge of a Date's range", () => {
  it.each(LIMITS)("%s is a RateLimitError whose reset is unknown when it would fall past the range", async (_label, answer) => {
    await withMock({ packages: [], onRequest: () => answer(LAST_DATE_MS) }, async (mock) => {
      const { error } = await listUserPackages(npm, { baseUrl: mock.url, clock: clockAt(LAST_DATE_MS), retry: false, timeoutMs: 0 });
      expect(error).toBeInstanceOf(RateLimitError);
      const { resetAt, waitMs } = error as RateLimitError;
      expect(resetAt === undefined || !Number.isNaN(resetAt.getTime())).toBe(true);
      expect(waitMs === undefined || LAST_DATE_MS + waitMs <= LAST_DATE_MS).toBe(true);
    });
  });
});

describe("rate-limit hints that would end past a Date's range (pure)", () => {
  it("are no hint; the same hints a day earlier are read", () => {
    const past = new Headers({ "x-ratelimit-reset": String(LAST_DATE_MS / 1000 + 1) });
    const last = new Headers({ "x-ratelimit-reset": String(LAST_DATE_MS / 1000) });
    expect([retryAfterMs("30", LAST_DATE_MS - 29_999), resetWaitMs(past, LAST_DATE_MS - 1000)]).toEqual([undefined, undefined]);
    expect([retryAfterMs("30", LAST_DATE_MS - 30_000), resetWaitMs(last, LAST_DATE_MS - 1000)]).toEqual([30_000, 1000]);
  });
});
