// Reading GitHub's rate-limit headers, pure: the figures, Retry-After, the reset, and which kind
// of "slow down" an answer is.
import { describe, expect, it } from "vitest";
import { rateLimitOf, resetWaitMs, retryAfterMs, throttleOf } from "../src/core/request/rate-limit.js";

const NOW = Date.UTC(2026, 0, 1);
const at = (value: string) => retryAfterMs(value, NOW);
const figures = (given: Record<string, string>) =>
  new Headers({ "x-ratelimit-limit": "5000", "x-ratelimit-remaining": "4999", "x-ratelimit-reset": "1767229200", ...given });

describe("Retry-After", () => {
  it("takes whole seconds and HTTP dates; negative, fractional, unreadable or absurd values are no hint", () => {
    expect(at("7")).toBe(7000);
    expect(at(" 7 ")).toBe(7000);
    expect(at("Thu, 01 Jan 2026 00:01:00 GMT")).toBe(60_000);
    expect(at("Wed, 31 Dec 2025 00:00:00 GMT")).toBe(0); // a date in the past: no wait
    expect(at("86400")).toBe(86_400_000); // a day is the longest hint taken
    for (const value of ["", "-5", "1.5", "soon", "86401", "9999999999", "9999999999999", "1e3", "7s", "Fri, 01 Jan 2100 00:00:00 GMT"]) {
      expect([value, at(value)]).toEqual([value, undefined]);
    }
    expect(retryAfterMs(null, NOW)).toBeUndefined();
    expect(retryAfterMs(undefined, NOW)).toBeUndefined();
  });
});

describe("the x-ratelimit-* figures", () => {
  it("reads limit, remaining, reset, used and resource", () => {
    expect(rateLimitOf(figures({ "x-ratelimit-used": "1", "x-ratelimit-resource": "core" }))).toEqual({
      limit: 5000,
      remaining: 4999,
      reset: new Date(1767229200 * 1000),
      used: 1,
      resource: "core",
    });
    expect(rateLimitOf(figures({ "x-ratelimit-limit": " 60 " }))).toMatchObject({ limit: 60, used: undefined, resource: undefined });
  });

  it("is null when a figure is missing or unreadable, or the reset is past what a Date holds", () => {
    for (const name of ["limit", "remaining", "reset"]) {
      const headers = figures({});
      headers.delete(`x-ratelimit-${name}`);
      expect([name, rateLimitOf(headers)]).toEqual([name, null]);
    }
    for (const value of ["", "1e3", "-1", "1.5", "1234567890123456", "8640000000001"]) {
      expect([value, rateLimitOf(figures({ "x-ratelimit-reset": value }))]).toEqual([value, null]);
    }
    expect(rateLimitOf(figures({ "x-ratelimit-reset": "8640000000000" }))?.reset.getTime()).toBe(8.64e15);
    expect(rateLimitOf(new Headers())).toBeNull();
  });

  it("gives the wait until the reset: none for one past, no hint for one absurd or unreadable", () => {
    const reset = (value: string) => resetWaitMs(new Headers({ "x-ratelimit-reset": value }), NOW);
    expect(reset(String(NOW / 1000 + 90))).toBe(90_000);
    expect(reset(String(NOW / 1000 - 90))).toBe(0);
    expect(reset(String(NOW / 1000 + 86_401))).toBeUndefined();
    expect(reset("soon")).toBeUndefined();
    expect(resetWaitMs(new Headers(), NOW)).toBeUndefined();
  });
});

describe("which kind of slow-down an answer is", () => {
  const exhausted = figures({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(NOW / 1000 + 60) });

  it("a primary limit: 403 or 429 with nothing remaining, waiting for the reset", () => {
    expect(throttleOf(403, exhausted, "API rate limit exceeded", NOW)).toEqual({ kind: "primary", waitMs: 60_000 });
    expect(throttleOf(429, exhausted, "", NOW)).toEqual({ kind: "primary", waitMs: 60_000 });
    expect(throttleOf(403, figures({ "x-ratelimit-remaining": " 0 " }), "", NOW)?.kind).toBe("primary");
  });

  it("a secondary limit: 429, a Retry-After, or GitHub's wording; Retry-After wins over remaining 0", () => {
    expect(throttleOf(429, new Headers(), "", NOW)).toEqual({ kind: "secondary", waitMs: undefined });
    expect(throttleOf(403, new Headers({ "retry-after": "30" }), "", NOW)).toEqual({ kind: "secondary", waitMs: 30_000 });
    expect(throttleOf(403, new Headers(), "You have exceeded a Secondary Rate Limit.", NOW)).toEqual({ kind: "secondary", waitMs: undefined });
    const both = figures({ "x-ratelimit-remaining": "0", "retry-after": "5" });
    expect(throttleOf(403, both, "", NOW)).toEqual({ kind: "secondary", waitMs: 5000 });
  });

  it("no throttle: a 403 for anything else, or another status", () => {
    expect(throttleOf(403, new Headers(), "Resource not accessible by personal access token", NOW)).toBeUndefined();
    expect(throttleOf(403, figures({ "x-ratelimit-remaining": "1" }), "", NOW)).toBeUndefined();
    expect(throttleOf(500, exhausted, "secondary rate limit", NOW)).toBeUndefined();
  });
});
