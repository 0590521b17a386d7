// The time seam. Every wait of the client (backoff, Retry-After, the rate-limit gate, the attempt
// timeout) and every reading of "now" goes through a Clock, so tests can run on fake time.

/** Where the client reads the time and waits. The default is the system clock. */
export interface Clock {
  /** Milliseconds since the epoch, as `Date.now()`. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason as soon as it aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

// setTimeout fires at once for delays above 2^31 - 1 ms, so longer waits are taken in steps.
const LONGEST_TIMER_MS = 2 ** 31 - 1;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => {
      clearTimeout(timer);
      // The caller chose the reason (an AbortError by default); it is passed on as given.
      reject(signal?.reason as Error);
    };
    const step = (left: number) => {
      timer = setTimeout(() => {
        if (left > LONGEST_TIMER_MS) step(left - LONGEST_TIMER_MS);
        else {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        }
      }, Math.min(left, LONGEST_TIMER_MS));
    };
    if (signal?.aborted) {
      onAbort();
      return;
    }
    signal?.addEventListener("abort", onAbort, { once: true });
    step(ms);
  });
}

/** The real clock: `Date.now()` and `setTimeout`. */
export const systemClock: Clock = { now: () => Date.now(), sleep };

/**
 * A signal that aborts with `reason()` after `ms` on `clock` (never when `ms` is 0), and a
 * `stop` that cancels it once the work it bounds is over.
 */
export function deadline(clock: Clock, ms: number, reason: () => unknown): { signal: AbortSignal; stop: () => void } {
  const fire = new AbortController();
  const cancel = new AbortController();
  if (ms > 0) {
    clock.sleep(ms, cancel.signal).then(
      () => fire.abort(reason()),
      () => undefined, // stopped before the time ran out
    );
  }
  return { signal: fire.signal, stop: () => cancel.abort() };
}
