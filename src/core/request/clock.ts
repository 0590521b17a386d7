// The time seam. Every wait of the client (backoff, Retry-After, the rate-limit gate, the attempt
// timeout) and every reading of "now" goes through a Clock, so tests can run on fake time.
import { ClockError } from "../errors.js";
import { followed } from "../door/signal.js";

/** Where the client reads the time and waits. The default is the system clock. */
export interface Clock {
  /** Milliseconds since the epoch, as `Date.now()`. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason as soon as it aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The longest wait a timer can take: setTimeout fires at once for longer delays, so every
 * duration option is capped at this.
 */
export const LONGEST_WAIT_MS = 2 ** 31 - 1;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      // The caller chose the reason (an AbortError by default); it is passed on as given.
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, Math.min(ms, LONGEST_WAIT_MS));
    if (signal?.aborted) onAbort();
    else signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** The real clock: `Date.now()` and `setTimeout`. */
export const systemClock: Clock = { now: () => Date.now(), sleep };

/**
 * A signal that aborts with `reason()` after `ms` on `clock` (never when `ms` is 0), or with
 * `reason(failure)` as soon as the clock fails, and a `stop` that cancels it once the work it
 * bounds is over.
 */
function deadline(clock: Clock, ms: number, reason: (clockFailure?: ClockError) => unknown): { signal: AbortSignal; stop: () => void } {
  const fire = new AbortController();
  if (ms === 0) return { signal: fire.signal, stop: () => undefined };
  if (clock.sleep === sleep) {
    // The system clock's own wait, as a timer cleared when the work is over: no signal to cancel it
    // by, and nothing that can fail. This runs for every request.
    const timer = setTimeout(() => fire.abort(reason()), Math.min(ms, LONGEST_WAIT_MS));
    return { signal: fire.signal, stop: () => clearTimeout(timer) };
  }
  const cancel = new AbortController();
  clock.sleep(ms, cancel.signal).then(
    () => fire.abort(reason()),
    (err: unknown) => {
      // Stopped before the time ran out; otherwise the clock failed, and the work it bounds ends
      // with that instead of running unbounded.
      if (!cancel.signal.aborted) fire.abort(reason(err instanceof ClockError ? err : new ClockError("sleep() failed", err)));
    },
  );
  // A reason of our own: an AbortError made here would only be thrown away.
  return { signal: fire.signal, stop: () => cancel.abort(STOPPED) };
}

/** Why a deadline's sleep was cancelled: the work it bounded is over. */
const STOPPED = "the work the deadline bounded is over";

/**
 * A promise that rejects with the signal's reason once it aborts, and `release`, which lets go of
 * the signal: the listener would otherwise keep the settled race, body and all, alive as long as
 * the signal lives.
 */
function whenAborted(signal: AbortSignal): { aborted: Promise<never>; release: () => void } {
  let stop: () => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => {
    stop = () => {
      reject(signal.reason as Error);
    };
    if (signal.aborted) stop();
    else signal.addEventListener("abort", stop, { once: true });
  });
  return { aborted, release: () => signal.removeEventListener("abort", stop) };
}

/**
 * Runs `work` with a signal that aborts when `signal` does or after `ms` on `clock` (never when `ms`
 * is 0; with neither, `work` gets no signal), raced with that signal, so work that ignores its signal still ends in time. The deadline
 * aborts with `timeout()`, or `timeout(failure)` when the clock failed. Rejects with the caller's
 * reason once `signal` aborted, else with what the race rejected with: the work's error or the
 * deadline's reason, whichever came first.
 */
export async function within<T>(
  clock: Clock,
  ms: number,
  signal: AbortSignal | undefined,
  timeout: (clockFailure?: ClockError) => unknown,
  work: (signal: AbortSignal | undefined) => T | Promise<T>,
): Promise<T> {
  signal?.throwIfAborted();
  // Nothing to bound the work by: no signal is made for it.
  if (ms === 0 && !signal) return await work(undefined);
  const timer = deadline(clock, ms, timeout);
  // A caller's signal of another realm is followed by one of this realm, which AbortSignal.any takes.
  const caller = signal && followed(signal);
  const bounded = caller ? AbortSignal.any([caller.signal, timer.signal]) : timer.signal;
  const abort = whenAborted(bounded);
  try {
    // Called at once (a synchronous throw lands in the catch below like a rejection).
    return await Promise.race([work(bounded), abort.aborted]);
  } catch (err) {
    signal?.throwIfAborted();
    throw err;
  } finally {
    abort.release();
    caller?.release();
    timer.stop();
  }
}
