// A caller's AbortSignal, from any realm. `instanceof AbortSignal` refuses a signal of another
// realm (jsdom's window, happy-dom's, an iframe's), and this realm's AbortSignal.any does not
// follow one: Node's takes it and never aborts, happy-dom's aborts without its reason. So the door
// takes anything shaped like a signal, and the client follows a foreign one with one of its own.

/**
 * Whether `value` is shaped like an AbortSignal of any realm: an object whose `aborted` is a
 * boolean, with the methods the client calls on it. Its getters may throw: the door reads it
 * inside `reading`.
 */
export function isSignal(value: unknown): value is AbortSignal {
  if (value === null || typeof value !== "object") return false;
  const { aborted, addEventListener, removeEventListener, throwIfAborted } = value as Record<string, unknown>;
  return typeof aborted === "boolean" && [addEventListener, removeEventListener, throwIfAborted].every((f) => typeof f === "function");
}

/**
 * Whether `signal` is one of this realm's: its prototype is this realm's AbortSignal's, and that
 * prototype's own `aborted` getter reads it as a boolean (it throws, or finds nothing, for any
 * other object). Looked up at call time, as the global fetch is.
 */
function isOwn(signal: AbortSignal): boolean {
  try {
    // The prototype's getter, called on the signal itself: its own `aborted` is not asked.
    return Object.getPrototypeOf(signal) === AbortSignal.prototype && typeof Reflect.get(AbortSignal.prototype, "aborted", signal) === "boolean";
  } catch {
    return false; // a Proxy trap that throws, or the getter refusing a signal it does not know
  }
}

/** A signal the client can hand to this realm's AbortSignal.any and fetch, and `release`, which lets go of the caller's. */
interface Followed {
  signal: AbortSignal;
  release: () => void;
}

const NOTHING = () => undefined;

/**
 * `signal` itself when it is of this realm; else a local one that aborts with its reason when it
 * does (at once if it has). `release` removes the listener once the work is over: a caller's
 * signal may outlive many calls (an app-wide controller), and would otherwise keep each alive.
 */
export function followed(signal: AbortSignal): Followed {
  if (isOwn(signal)) return { signal, release: NOTHING };
  const local = new AbortController();
  const abort = () => local.abort(signal.reason);
  if (signal.aborted) {
    abort();
    return { signal: local.signal, release: NOTHING };
  }
  signal.addEventListener("abort", abort, { once: true });
  return { signal: local.signal, release: () => signal.removeEventListener("abort", abort) };
}
