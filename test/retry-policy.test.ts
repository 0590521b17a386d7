// The retry policy as pure decisions, and the shared gate on fake time: no server involved.
import { describe, expect, it } from "vitest";
import { decide, DEFAULT_RETRY, rateLimitGate, resolveRetry, verdictOf, type Verdict } from "../src/retry.js";
import { throttleOf } from "../src/rate-limit.js";
import { FakeClock } from "./fake-clock.js";

const policy = { ...DEFAULT_RETRY, retries: 2, minDelayMs: 100, maxDelayMs: 1000, maxWaitMs: 5000, secondaryWaitMs: 3000 };
const half = () => 0.5;

describe("decide", () => {
  it.each<[Verdict, ReturnType<typeof decide>]>([
    [{ kind: "network" }, { action: "retry", waitMs: 50 }],
    [{ kind: "timeout" }, { action: "retry", waitMs: 50 }],
    [{ kind: "server", retryAfterMs: undefined }, { action: "retry", waitMs: 50 }],
    [{ kind: "server", retryAfterMs: 2000 }, { action: "retry", waitMs: 2000 }],
    [{ kind: "malformed", retryAfterMs: undefined }, { action: "retry", waitMs: 50 }],
    [{ kind: "rate-limit", waitMs: 4000 }, { action: "gate", waitMs: 4000 }],
    [{ kind: "rate-limit", waitMs: 6000 }, { action: "give-up" }],
    [{ kind: "rate-limit", waitMs: undefined }, { action: "give-up" }],
    [{ kind: "secondary-rate-limit", waitMs: undefined }, { action: "gate", waitMs: 3000 }],
    [{ kind: "final" }, { action: "give-up" }],
  ])("%o on the first attempt → %o", (verdict, decision) => {
    expect(decide(verdict, policy, 0, half)).toEqual(decision);
  });

  it("gives up once the retries are spent, whatever the verdict", () => {
    for (const kind of ["network", "timeout"] as const) expect(decide({ kind }, policy, 2, half)).toEqual({ action: "give-up" });
    expect(decide({ kind: "rate-limit", waitMs: 0 }, policy, 2, half)).toEqual({ action: "give-up" });
  });

  it("backs off exponentially with the attempt number, capped", () => {
    const waits = [0, 1, 2, 3, 4, 5].map((n) => decide({ kind: "network" }, { ...policy, retries: 9 }, n, () => 0.999));
    expect(waits.map((d) => ("waitMs" in d ? d.waitMs : -1))).toEqual([99, 199, 399, 799, 999, 999]);
  });

  it("gives up at once when a server's Retry-After is longer than maxWaitMs, instead of retrying early", () => {
    expect(decide({ kind: "server", retryAfterMs: 5001 }, policy, 0, half)).toEqual({ action: "give-up" });
    expect(decide({ kind: "server", retryAfterMs: 5000 }, policy, 0, half)).toEqual({ action: "retry", waitMs: 5000 });
  });

  it("with retry: false, tries once and waits for nothing", () => {
    const off = resolveRetry(false);
    expect(decide({ kind: "network" }, off, 0)).toEqual({ action: "give-up" });
    expect(decide({ kind: "rate-limit", waitMs: 0 }, off, 0)).toEqual({ action: "give-up" });
  });
});

describe("verdictOf", () => {
  const now = Date.UTC(2026, 0, 1);
  const h = (init: Record<string, string> = {}) => new Headers(init);
  it("tells passing faults, rate limits and final answers apart", () => {
    expect(verdictOf(503, h({ "retry-after": "3" }), undefined, now)).toEqual({ kind: "server", retryAfterMs: 3000 });
    expect(verdictOf(500, h(), undefined, now)).toEqual({ kind: "server", retryAfterMs: undefined });
    expect(verdictOf(200, h(), undefined, now)).toEqual({ kind: "malformed", retryAfterMs: undefined });
    for (const status of [400, 401, 403, 404, 422, 501]) expect(verdictOf(status, h(), undefined, now)).toEqual({ kind: "final" });
    const primary = h({ "x-ratelimit-limit": "60", "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(now / 1000 + 90) });
    expect(verdictOf(403, primary, throttleOf(403, primary, "", now), now)).toEqual({ kind: "rate-limit", waitMs: 90_000 });
    expect(verdictOf(429, h(), throttleOf(429, h(), "", now), now)).toEqual({ kind: "secondary-rate-limit", waitMs: undefined });
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
