// One attempt: a single request, bounded by the attempt's timeout and the caller's signal, body
// included. A network failure or a timeout comes back as a value (an error, not thrown) for the retry decision; the
// caller's abort, a body over the cap and a failing clock are thrown.
import { deadline, whenAborted, type Clock } from "./clock.js";
import { tooLarge } from "./body-limit.js";
import { ClockError, NetworkError, ResponseTooLargeError, TimeoutError } from "./errors.js";
import type { Send, Sent } from "./transport.js";
import type { Owner, Query } from "./types.js";


/** What an attempt needs besides the query. */
export interface AttemptContext {
  send: Send;
  clock: Clock;
  timeoutMs: number;
  maxBodyBytes: number;
}

/** Makes one attempt at `query`; `url` names it in errors, `headers` are added to the request. */
export async function attempt(
  ctx: AttemptContext,
  target: { query: Query; owner: Owner; url: string },
  signal: AbortSignal | undefined,
  headers?: Record<string, string>,
): Promise<Sent | NetworkError | TimeoutError> {
  const { query, owner, url } = target;
  const timer = deadline(ctx.clock, ctx.timeoutMs, () => new TimeoutError("GET", url, ctx.timeoutMs, query.page));
  const bounded = signal ? AbortSignal.any([signal, timer.signal]) : timer.signal;
  const abort = whenAborted(bounded);
  try {
    // Raced with the signal: a fetch that ignores its signal cannot outlive the deadline.
    return await Promise.race([ctx.send(query, owner, bounded, headers), abort.aborted]);
  } catch (err) {
    if (signal?.aborted) throw signal.reason;
    if (tooLarge(err)) throw new ResponseTooLargeError(url, ctx.maxBodyBytes, query.page);
    const reason: unknown = timer.signal.reason;
    if (reason instanceof ClockError) throw reason; // the same clock would fail a retry too
    return reason instanceof TimeoutError ? reason : new NetworkError("GET", url, err, query.page);
  } finally {
    abort.release();
    timer.stop();
  }
}
