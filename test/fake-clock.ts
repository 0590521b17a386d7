// Fake time for the client's clock seam. Time stands still until a test moves it: `advance(ms)`
// fires the sleeps that fall due, in order; with `auto`, every sleep is fired on the next turn of
// the event loop, so code that waits runs at once while `now()` jumps as if the wait had passed.
import type { Clock } from "../src/index.js";

interface Timer {
  at: number;
  resolve: () => void;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class FakeClock implements Clock {
  private time: number;
  private readonly timers: Timer[] = [];
  /** Every wait asked for, in milliseconds, in order. */
  readonly sleeps: number[] = [];

  constructor(private readonly auto = false, start = Date.UTC(2026, 0, 1)) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason as Error);
        return;
      }
      const timer: Timer = { at: this.time + ms, resolve };
      signal?.addEventListener(
        "abort",
        () => {
          this.timers.splice(this.timers.indexOf(timer), 1);
          reject(signal.reason as Error);
        },
        { once: true },
      );
      this.timers.push(timer);
      if (this.auto) void nextTurn().then(() => this.fireNext(Infinity));
    });
  }

  /** Sleeps that have not fired yet. */
  pending(): number {
    return this.timers.length;
  }

  /** Moves time forward by `ms`, firing each sleep that falls due and letting its code run. */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    while (this.fireNext(target)) await nextTurn();
    this.time = Math.max(this.time, target);
    await nextTurn();
  }

  /** Fires the earliest sleep due by `limit`; false when there is none. */
  private fireNext(limit: number): boolean {
    const due = this.timers.filter((t) => t.at <= limit).sort((a, b) => a.at - b.at)[0];
    if (!due) return false;
    this.timers.splice(this.timers.indexOf(due), 1);
    this.time = Math.max(this.time, due.at);
    due.resolve();
    return true;
  }
}

/** Waits (on real time, a bounded number of turns) until `condition` holds; fails the test otherwise. */
export async function until(condition: () => boolean, what = "the condition"): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * A clock on which waits of at most `upTo` ms (retry backoff) pass at once, on the next turn of
 * the event loop, while longer ones (an attempt's 30 s deadline) only end when their signal aborts.
 * For tests that go through the retries of a real failure without waiting for them.
 */
export function quickWaits(upTo = 10_000): Clock & { sleeps: number[] } {
  let time = Date.UTC(2026, 0, 1);
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => time,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason as Error);
          return;
        }
        signal?.addEventListener("abort", () => reject(signal.reason as Error), { once: true });
        if (ms > upTo) return;
        sleeps.push(ms);
        setImmediate(() => {
          time += ms;
          resolve();
        });
      }),
  };
}
