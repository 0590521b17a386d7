// The retry policy as pure decisions, and the shared gate on fake time: no server involved.
import { describe, expect, it } from "vitest";
import { GitHubApiError, NetworkError, RateLimitError, TimeoutError } from "../src/index.js";
import { DEFAULT_RETRY, rateLimitGate, resolveRetry, retryAfter } from "../src/core/policies/retry.js";
import { FakeClock } from "./fake-clock.js";

const policy = { ...DEFAULT_RETRY, retries: 2, minDelayMs: 100, maxDelayMs: 1000, maxWaitMs: 5000, secondaryWaitMs: 3000 };
const half = () => 0.5;

const NOW = Date.UTC(2026, 0, 1);
const URL_ = "https://api.github.com/user/packages?package_type=npm";
const network = new NetworkError("GET", URL_, new Error("ECONNRESET"));
const timeout = new TimeoutError("GET", URL_, 1000);
/** What the result names of GitHub's answer with `status` and `headers`. */
const init = (status: number, headers: Record<string, string> = {}) => ({ status, apiMessage: "x", requestId: null, headers, rawBody: "", method: "GET", url: URL_, page: 1 });
const answered = (status: number, headers?: Record<string, string>) => new GitHubApiError(init(status, headers));
const limited = (kind: "primary" | "secondary", waitMs: number | undefined) =>
  new RateLimitError({ ...init(kind === "primary" ? 403 : 429), kind, waitMs, resetAt: undefined });

describe("retryAfter", () => {
  it.each<[string, Parameters<typeof retryAfter>[0], ReturnType<typeof retryAfter>]>([
    ["network", network, { reason: "network", waitMs: 50 }],
    ["timeout", timeout, { reason: "timeout", waitMs: 50 }],
    ["503", answered(503), { reason: "server", waitMs: 50 }],
    ["500 with Retry-After", answered(500, { "retry-after": "2" }), { reason: "server", waitMs: 2000 }],
    ["502", answered(502), { reason: "server", waitMs: 50 }],
    ["504", answered(504), { reason: "server", waitMs: 50 }],
    ["malformed 200", answered(200), { reason: "malformed", waitMs: 50 }],
    ["malformed 299", answered(299, { "retry-after": "1" }), { reason: "malformed", waitMs: 1000 }],
    ["primary, reset in 4 s", limited("primary", 4000), { reason: "rate-limit", waitMs: 4000, gate: true }],
    ["primary, reset in 6 s", limited("primary", 6000), undefined],
    ["primary, no reset", limited("primary", undefined), undefined],
    ["secondary, no hint", limited("secondary", undefined), { reason: "secondary-rate-limit", waitMs: 3000, gate: true }],
    ["secondary, 5 s", limited("secondary", 5000), { reason: "secondary-rate-limit", waitMs: 5000, gate: true }],
    ["secondary, 5.001 s", limited("secondary", 5001), undefined],
    ["400", answered(400), undefined],
    ["401", answered(401), undefined],
    ["403", answered(403), undefined],
    ["404", answered(404), undefined],
    ["422", answered(422), undefined],
    ["501", answered(501), undefined],
    ["199", answered(199), undefined],
    ["300", answered(300), undefined],
  ])("%s on the first attempt", (_, failure, retry) => {
    expect(retryAfter(failure, policy, 0, () => NOW, half)).toEqual(retry);
  });

  it("gives up once the retries are spent, whatever the failure", () => {
    for (const failure of [network, timeout, answered(503), limited("primary", 0), limited("secondary", 0)]) {
      expect(retryAfter(failure, policy, 1, () => NOW, half)).toBeDefined();
      expect(retryAfter(failure, policy, 2, () => NOW, half)).toBeUndefined();
    }
  });

  it("backs off exponentially with the attempt number, capped", () => {
    const waits = [0, 1, 2, 3, 4, 5].map((n) => retryAfter(network, { ...policy, retries: 9 }, n, () => NOW, () => 0.999)?.waitMs);
    expect(waits).toEqual([99, 199, 399, 799, 999, 999]);
  });

  it("gives up at once when a server's Retry-After is longer than maxWaitMs, instead of retrying early", () => {
    expect(retryAfter(answered(503, { "retry-after": "6" }), policy, 0, () => NOW, half)).toBeUndefined();
    expect(retryAfter(answered(503, { "retry-after": "5" }), policy, 0, () => NOW, half)).toEqual({ reason: "server", waitMs: 5000 });
    const date = new Date(NOW + 4000).toUTCString(); // an HTTP date is read against `now`
    expect(retryAfter(answered(503, { "retry-after": date }), policy, 0, () => NOW, half)).toEqual({ reason: "server", waitMs: 4000 });
  });

  it("with retry: false, tries once and waits for nothing", () => {
    const off = resolveRetry(false);
    expect(retryAfter(network, off, 0, () => NOW)).toBeUndefined();
    expect(retryAfter(limited("secondary", 0), off, 0, () => NOW)).toBeUndefined();
    expect(off).toEqual({ ...DEFAULT_RETRY, retries: 0, maxWaitMs: 0 });
  });

  it("takes the given fields over the defaults", () => {
    expect(resolveRetry(undefined)).toEqual(DEFAULT_RETRY);
    expect(resolveRetry({ retries: 1, maxWaitMs: undefined })).toEqual({ ...DEFAULT_RETRY, retries: 1 });
  });
});

describe("the rate-limit gate", () => {
  it("holds every caller until the same moment, and never shortens a hold", async () => {
    const clock = new FakeClock();
    const gate = rateLimitGate(clock);
    const passed: number[] = [];
    gate.close(1000);
    const a = gate.pass().then(() => passed.push(clock.now()));
    await clock.advance(400);
    gate.close(100); // shorter than what is left: no effect
    const b = gate.pass().then(() => passed.push(clock.now()));
    await clock.advance(599);
    expect(passed).toEqual([]);
    await clock.advance(1);
    await Promise.all([a, b]);
    expect(passed).toEqual([Date.UTC(2026, 0, 1) + 1000, Date.UTC(2026, 0, 1) + 1000]);
  });

  it("lets a caller through at once when open, and rejects at once on abort", async () => {
    const clock = new FakeClock();
    const gate = rateLimitGate(clock);
    await gate.pass();
    gate.close(5000);
    const controller = new AbortController();
    const waiting = gate.pass(controller.signal);
    controller.abort(new Error("gone"));
    await expect(waiting).rejects.toThrow("gone");
    expect(clock.pending()).toBe(0);
  });
});
