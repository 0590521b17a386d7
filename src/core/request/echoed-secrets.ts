// A server, a proxy or an injected fetch may echo a credential back: in an error body, a header,
// or the message of what a fetch threw. The door knows every credential of a call, so an error the
// request path hands over is masked by that knowledge before anyone sees it.
import { messageOf, PackagesClientError } from "../errors.js";
import { maskSecrets } from "../door/secrets.js";

/** `headers` with every value masked. */
function maskedHeaders(headers: object, secrets: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, typeof value === "string" ? maskSecrets(value, secrets) : value]));
}

/**
 * The cause, or a plain Error of its masked message when that message holds a credential. Read as
 * the message was: any realm's error, and a getter that throws reads as no message.
 */
function maskedCause(cause: unknown, secrets: readonly string[]): unknown {
  const message = typeof cause === "string" ? cause : messageOf(cause);
  if (message === undefined) return cause;
  const masked = maskSecrets(message, secrets);
  return masked === message ? cause : new Error(masked);
}

/**
 * `err`, when it is one of this library's errors, with its message, stack, string fields (GitHub's
 * message, the raw body, URLs), header values and cause showing none of `secrets`. Any other value
 * is returned as it is.
 */
export function withoutEchoedSecrets<T>(err: T, secrets: readonly string[]): T {
  if (!secrets.length || !(err instanceof PackagesClientError)) return err;
  // The library's own error: its fields are plain own properties set by its constructor.
  const fields = err as unknown as Record<string, unknown>;
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === "string") fields[name] = maskSecrets(value, secrets);
    else if (name === "headers" && value !== null && typeof value === "object") fields[name] = maskedHeaders(value, secrets);
  }
  err.message = maskSecrets(err.message, secrets);
  if (typeof err.stack === "string") err.stack = maskSecrets(err.stack, secrets);
  if ("cause" in err) fields.cause = maskedCause(err.cause, secrets);
  return err;
}
