// The app's callbacks (onWarning, onRetry) and clock are boundaries: whatever they throw, reject
// or return, a call's answer stays the same and the call cannot hang or spin on them.
import { systemClock, within, type Clock } from "./clock.js";
import { ClockError } from "../errors.js";
import { DATE_RANGE_MS } from "./rate-limit.js";

/** `listener`, made unable to break the call it listens to: a throw or a rejection is dropped. */
export function guardCallback<A>(listener: ((arg: A) => unknown) | undefined): ((arg: A) => void) | undefined {
  if (!listener) return undefined;
  return (arg) => {
    try {
      const returned = listener(arg) as { then?: unknown } | null | undefined;
      // An async listener's rejection would otherwise be unhandled, and could end the process.
      if (typeof returned?.then === "function") void Promise.resolve(returned).catch(() => undefined);
    } catch {
      // a broken listener must not break the request it listens to
    }
  };
}

/** A turn of the event loop: timers and I/O run before the caller goes on. */
const nextTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * The app's clock, checked at every use. `now()` that throws or is not a time a Date can hold, and
 * `sleep()` that throws or rejects while its signal is not aborted, give a {@link ClockError}. A
 * sleep that ends before its time (by the clock's own `now()`) is followed by a turn of the
 * event loop, so no loop of waits can starve timers, I/O or an abort. The system clock is
 * trusted as is.
 */
export function guardClock(clock: Clock | undefined): Clock {
  if (!clock || clock === systemClock) return systemClock;
  const now = (): number => {
    let time: unknown;
    try {
      time = clock.now();
    } catch (err) {
      throw new ClockError("now() threw", err);
    }
    if (typeof time !== "number" || !Number.isFinite(time)) throw new ClockError("now() did not return a finite number");
    // A reset or a retry date is built from it: a time no Date can hold would be a RangeError there.
    if (Math.abs(time) > DATE_RANGE_MS) throw new ClockError("now() returned a time a Date cannot hold");
    return time;
  };
  const sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
    signal?.throwIfAborted();
    const start = now();
    try {
      // Raced with the signal, so a sleep that ignores its signal cannot delay an abort.
      await within(systemClock, 0, signal, () => undefined, () => clock.sleep(ms, signal));
    } catch (err) {
      signal?.throwIfAborted();
      throw new ClockError("sleep() failed", err);
    }
    if (now() - start < ms) await nextTurn();
    signal?.throwIfAborted();
  };
  return { now, sleep };
}
