// The body cap: a response body is counted as it is read (after decompression, so a gzip bomb
// stops early too) and reading stops once it passes the limit. Nothing is buffered here. The body
// is read only from its stream, chunk by chunk, into a Response of this realm: never through the
// value's own text() or json(), which a Response subclass or a Response-like could make read anything.
import { ResponseTooLargeError } from "./errors.js";

/** Default `maxBodyBytes`: far above GitHub's largest page (100 packages, well under 1 MiB). */
export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

// Statuses whose responses can have no body (the Response constructor refuses one for them).
const NULL_BODY = [101, 204, 205, 304];

/** What a response is made of, read once from whatever a fetch resolved to. */
export interface ResponseParts {
  status: number;
  statusText: string;
  headers: Headers;
  /** The body stream; `null` for none (an empty body). */
  body: ReadableStream<Uint8Array> | null;
  url: string;
}

// Where the byte length a typed array really has is read: its own getter, which a subclass could
// override to hide what it holds, is not asked.
const TYPED_ARRAY = Object.getPrototypeOf(Uint8Array.prototype) as object;

/**
 * A Response of this realm whose body errors with {@link ResponseTooLargeError} once more than
 * `max` bytes have been read. A `Content-Length` already above the limit fails before reading anything.
 */
export function limitBody(parts: ResponseParts, max: number, url: string): Response {
  const { body, status, statusText, headers } = parts;
  if (body && Number(headers.get("content-length")) > max) {
    discard(body);
    throw new ResponseTooLargeError(url, max);
  }
  const none = !body || NULL_BODY.includes(status);
  if (none && body) discard(body);
  // Every body is counted, whatever its Content-Length says: an app's fetch, or a compressed
  // body, can hand over far more than the header announces.
  const limited = new Response(none ? null : counted(body, max, url), { status, statusText, headers });
  // The copy keeps the URL the answer came from, as the original had it.
  Object.defineProperty(limited, "url", { value: parts.url });
  return limited;
}

/** `body`, read through its reader and counted; past `max` bytes it errors and lets go of the source. */
function counted(body: ReadableStream<Uint8Array>, max: number, url: string): ReadableStream<Uint8Array> {
  // A locked or read body throws here ("ReadableStream is locked"): a NetworkError saying so.
  const reader = body.getReader();
  let seen = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = (await reader.read()) as Partial<ReadableStreamReadResult<Uint8Array>>;
      if (done) {
        controller.close();
        return;
      }
      try {
        seen += Reflect.get(TYPED_ARRAY, "byteLength", value) as number; // the intrinsic getter: a number, or it throws
      } catch {
        throw new TypeError("fetch resolved to a Response whose body gave something that is not bytes");
      }
      if (seen <= max) {
        controller.enqueue(value);
        return;
      }
      controller.error(new ResponseTooLargeError(url, max));
      discard(reader);
    },
    cancel: (reason) => discard(reader, reason),
  });
}

/** Lets go of a body (or its reader) that will not be read; a cancel that fails (or throws) is of no concern. */
function discard(source: { cancel(reason?: unknown): Promise<void> }, reason?: unknown): void {
  try {
    source.cancel(reason).catch(() => undefined);
  } catch {
    // a locked or broken stream: nothing more to let go of
  }
}

/** The body-cap error behind `err`, if that is what ended a read; any value, read without trusting it. */
export function tooLarge(err: unknown): ResponseTooLargeError | undefined {
  try {
    if (err instanceof ResponseTooLargeError) return err;
    const cause = (err as { cause?: unknown } | null)?.cause;
    return cause instanceof ResponseTooLargeError ? cause : undefined;
  } catch {
    return undefined; // a getter or a Proxy trap that throws: not the cap's error
  }
}
