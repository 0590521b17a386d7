// The body cap: a response body is counted as it is read (after decompression, so a gzip bomb
// stops early too) and reading stops once it passes the limit. The body is read only from its
// stream, chunk by chunk, into text: never through the value's own text() or json(), which a
// Response subclass or a Response-like could make read anything. What the client then holds is a
// Response of this realm with the answer's status and headers.
import { ResponseTooLargeError } from "../errors.js";

// Statuses whose responses can have no body (the Response constructor refuses one for them).
const NULL_BODY = [101, 204, 205, 304];

/** What a response is made of, read once from whatever a fetch resolved to. */
export interface ResponseParts {
  /** A Response of this realm with the answer's status, reason phrase, headers and URL, and no body. */
  response: Response;
  /** The body stream; `null` for none (an empty body). */
  body: ReadableStream<Uint8Array> | null;
}

// Where a chunk is told to be bytes, and its byte length read: the intrinsic getters, which a
// subclass could not override to hide what it holds. Both answer for any realm's typed arrays.
const TYPED_ARRAY = Object.getPrototypeOf(Uint8Array.prototype) as object;

/**
 * Reads the whole body through its reader, counting bytes as they come, and fails with
 * {@link ResponseTooLargeError} once more than `max` have been read. A `Content-Length` already
 * above the limit fails before reading anything. The text is decoded as `Response.text()` does
 * (UTF-8, a leading BOM dropped).
 */
export async function readBody(parts: ResponseParts, max: number, url: string): Promise<string> {
  const { response, body } = parts;
  if (body && Number(response.headers.get("content-length")) > max) {
    discard(body);
    throw new ResponseTooLargeError(url, max);
  }
  const none = !body || NULL_BODY.includes(response.status);
  if (none && body) discard(body);
  // Every body is counted, whatever its Content-Length says: an app's fetch, or a compressed
  // body, can hand over far more than the header announces.
  return none ? "" : counted(body, max, url);
}

/** `body` as text, read through its reader and counted; past `max` bytes it fails and lets go of the source. */
async function counted(body: ReadableStream<Uint8Array>, max: number, url: string): Promise<string> {
  // A locked or read body throws here ("ReadableStream is locked"): a NetworkError saying so.
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let seen = 0;
  for (;;) {
    const { done, value } = (await reader.read()) as Partial<ReadableStreamReadResult<Uint8Array>>;
    if (done) break;
    seen += bytesIn(value);
    if (seen > max) {
      discard(reader);
      throw new ResponseTooLargeError(url, max);
    }
    chunks.push(value as Uint8Array); // bytesIn found it a Uint8Array
  }
  // Decoded at once, not chunk by chunk: a streaming decode is several times slower.
  return new TextDecoder().decode(chunks.length === 1 ? chunks[0] : joined(chunks, seen));
}

/** `chunks`, `length` bytes in all, as one array. */
function joined(chunks: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += Reflect.get(TYPED_ARRAY, "byteLength", chunk) as number; // counted above by the same getter
  }
  return out;
}

/** The bytes a chunk holds, by the intrinsic getters; anything but a Uint8Array is refused. */
function bytesIn(chunk: unknown): number {
  try {
    if (Reflect.get(TYPED_ARRAY, Symbol.toStringTag, chunk) === "Uint8Array") return Reflect.get(TYPED_ARRAY, "byteLength", chunk) as number; // a number, checked just above to be a Uint8Array's
  } catch {
    // not a typed array: refused below
  }
  throw new TypeError("fetch resolved to a Response whose body gave something that is not bytes");
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
