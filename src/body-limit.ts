// The body cap: a response body is counted as it is read (after decompression, so a gzip bomb
// stops early too) and reading stops once it passes the limit. Nothing is buffered here.
import { ResponseTooLargeError } from "./errors.js";

/** Default `maxBodyBytes`: far above GitHub's largest page (100 packages, well under 1 MiB). */
export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

// Statuses whose responses can have no body (the Response constructor refuses one for them).
const NULL_BODY = [101, 204, 205, 304];

/**
 * The response with a body that errors with {@link ResponseTooLargeError} once more than `max`
 * bytes have been read. A `Content-Length` already above the limit fails before reading anything.
 */
export function limitBody(response: Response, max: number, url: string): Response {
  const { body, status, statusText, headers } = response;
  if (!body || NULL_BODY.includes(status)) return response;
  if (Number(headers.get("content-length")) > max) {
    discard(body);
    throw new ResponseTooLargeError(url, max);
  }
  // Every body is counted, whatever its Content-Length says: an app's fetch, or a compressed
  // body, can hand over far more than the header announces.
  let seen = 0;
  const counted = body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > max) controller.error(new ResponseTooLargeError(url, max));
        else controller.enqueue(chunk);
      },
    }),
  );
  const limited = new Response(counted, { status, statusText, headers });
  // The copy keeps the URL the answer came from, as the original had it.
  Object.defineProperty(limited, "url", { value: response.url });
  return limited;
}

/** Lets go of a body that will not be read; a cancel that fails (or throws) is of no concern. */
function discard(body: ReadableStream<Uint8Array>): void {
  try {
    body.cancel().catch(() => undefined);
  } catch {
    // a locked or broken stream: nothing more to let go of
  }
}

/** The body-cap error behind `err`, if that is what ended a read. */
export function tooLarge(err: unknown): ResponseTooLargeError | undefined {
  if (err instanceof ResponseTooLargeError) return err;
  const cause = (err as { cause?: unknown } | null)?.cause;
  return cause instanceof ResponseTooLargeError ? cause : undefined;
}
