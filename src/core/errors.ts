import type { RateLimitState } from "./request/rate-limit.js";
import { hideIn } from "./door/refusal.js";

// Error classes. Each has a fixed `name` (its static `brand`), which survives minification. An app
// can hold two copies of this library (the ESM and the CommonJS build, say): `instanceof` then
// compares the brands of the classes along the value's prototype chain, so an error from one copy
// is an instance of the other's classes too. Fields are declared for the types and set with one Object.assign.

type Branded = { brand?: unknown } | null;

/** Base class of every error this library throws. */
export class PackagesClientError extends Error {
  static readonly brand: string = "PackagesClientError";

  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = (new.target as { brand: string }).brand;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    // The value's prototypes, never its own properties: data such as parsed JSON cannot pass for an error.
    let proto: unknown = value !== null && typeof value === "object" ? Object.getPrototypeOf(value) : null;
    for (; proto !== null && typeof proto === "object"; proto = Object.getPrototypeOf(proto)) {
      const owner = Object.getOwnPropertyDescriptor(proto, "constructor")?.value as Branded | undefined;
      if (owner?.brand === this.brand) return true;
    }
    return false;
  }
}

/** One broken rule in the parameters of a call. */
export interface ParameterIssue {
  /** The parameter's name, as in the API (`per_page`, `package_type`, ...). */
  parameter: string;
  /** The value that was given. */
  value: unknown;
  /** The rule it breaks, in words. */
  rule: string;
}

/**
 * Thrown (as a rejection) before any request is sent when the parameters break a rule of the
 * endpoint.
 *
 * @example
 * try {
 *   await listUserPackages({ package_type: "npm", per_page: 500 }, { token });
 * } catch (err) {
 *   if (err instanceof InvalidParametersError) console.error(err.issues[0].parameter); // "per_page"
 * }
 */
export class InvalidParametersError extends PackagesClientError {
  static override readonly brand: string = "InvalidParametersError";
  /** Every rule broken, in the order the parameters were checked. */
  declare readonly issues: ParameterIssue[];

  constructor(issues: ParameterIssue[]) {
    // A value that cannot be written out is kept as "(unreadable)", so that no form of the error throws.
    const readable = hideIn(issues, []);
    super(readable.map((i) => `Invalid parameter "${i.parameter}": ${describeValue(i.value)} ${sentence(i.rule)}`).join(" "));
    // A value that looks like a credential is kept out of `issues` too, not only the message.
    const kept = readable.map((i) => (typeof i.value === "string" && SECRET_VALUE.test(i.value) ? { ...i, value: "(hidden)" } : i));
    Object.assign(this, { issues: kept });
  }
}

/** `text` ending once: a full stop unless it already ends with one, or with `?` or `!`. */
export const sentence = (text: string): string => (/[.?!]$/.test(text) ? text : `${text}.`);

// What the door writes in place of a value it will not show: written as it is, not quoted.
const STAND_IN = /^\((?:hidden|unreadable|not shown|a string of \d+ characters?)\)$/;

/** A refused value as error messages show it: `"pypi" is not allowed;`, `it is missing;`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "it is missing;";
  if (typeof value === "string" && SECRET_VALUE.test(value)) return "(a token, not shown) is not allowed;";
  if (typeof value === "string" && STAND_IN.test(value)) return `${value} is not allowed;`;
  let shown: string;
  try {
    // Any value at all: shown as String() renders it.
    // eslint-disable-next-line @typescript-eslint/no-base-to-string
    shown = typeof value === "string" ? JSON.stringify(value) : String(value);
  } catch {
    shown = "(a value that cannot be shown)";
  }
  return `${shown.length > 60 ? `${shown.slice(0, 57)}...` : shown} is not allowed;`;
}

/**
 * Thrown when the request could not be made at all: the connection was refused or reset, the
 * host did not resolve, or `fetch` itself failed. The original failure is in `cause`.
 */
export class NetworkError extends PackagesClientError {
  static override readonly brand: string = "NetworkError";
  /** Request method. */
  declare readonly method: string;
  /** Request URL (it never holds the token). */
  declare readonly url: string;
  /** The page requested, when the request named one. */
  declare readonly page: number | undefined;

  constructor(method: string, url: string, cause: unknown, page?: number) {
    super(`Network error on ${method} ${url}: ${sentence(reasonOf(cause))}`, { cause });
    Object.assign(this, { method, url, page });
  }
}

/** A field of an object of any realm, read once; `undefined` for anything that is not an object. A getter may throw. */
function fieldOf(value: unknown, name: "message" | "cause"): unknown {
  return value !== null && typeof value === "object" ? (value as Record<string, unknown>)[name] : undefined; // any object: read by name
}

/** The message of an error of any realm, if it has a string one; never throws. */
export function messageOf(value: unknown): string | undefined {
  try {
    const message = fieldOf(value, "message");
    return typeof message === "string" ? message : undefined;
  } catch {
    return undefined; // a getter or a Proxy trap that throws: no message to show
  }
}

/**
 * What a network failure says, from any value at all: a getter, a trap or a `toString` that throws,
 * or an object with no prototype, gives a fixed text instead of a TypeError of its own.
 */
function reasonOf(cause: unknown): string {
  try {
    // An error of any realm: an object whose message is a string (`instanceof Error` refuses one of
    // another realm, such as jsdom's DOMException).
    const message = fieldOf(cause, "message");
    if (typeof message !== "string") return String(cause);
    // undici reports "fetch failed" and keeps the useful part (ECONNREFUSED, ...) in its cause.
    const inner = fieldOf(fieldOf(cause, "cause"), "message");
    const more = typeof inner === "string" ? inner : "";
    return message + (more && more !== message ? ` (${more})` : "");
  } catch {
    return "a failure that could not be read";
  }
}

/** `T` with the fields that may be `undefined` or `null` made optional. */
type Loose<T> = { [K in keyof T as undefined extends T[K] ? never : null extends T[K] ? never : K]: T[K] } & { [K in keyof T]?: T[K] };

/** What a {@link GitHubApiError} (or, with `E`, a subclass) is made from: its fields but the hint. */
type GitHubApiErrorInit<E extends GitHubApiError = GitHubApiError> = Loose<Omit<E, keyof PackagesClientError | "hint">>;

/**
 * GitHub answered with an error, or with a body that is not a list of packages: the `error` of a
 * page's result, and what a listing throws (so `if (error) throw error` works). `status` is the
 * HTTP status; GitHub's own body fields are `apiMessage`, `documentationUrl`, `apiStatus` (its
 * string `"404"`) and `apiUrl`. It keeps what is needed to report the problem; never the token.
 *
 * @example
 * // GitHub API 403 on GET /user/packages?package_type=npm&page=1&per_page=100: Resource not
 * // accessible by personal access token (request F00D:1234). Listing packages needs ...
 */
export class GitHubApiError extends PackagesClientError {
  static override readonly brand: string = "GitHubApiError";
  /** HTTP status of the response. */
  declare readonly status: number;
  /** GitHub's own message, or a description of what was wrong with the response. */
  declare readonly apiMessage: string;
  /** GitHub's `documentation_url`, when sent. */
  declare readonly documentationUrl: string | undefined;
  /** GitHub's `status` body field (the status as a string, such as `"404"`), when sent. */
  declare readonly apiStatus: string | undefined;
  /** GitHub's `url` body field, when sent. */
  declare readonly apiUrl: string | undefined;
  /** GitHub's `x-github-request-id`, to quote when reporting a problem; `null` when absent. */
  declare readonly requestId: string | null;
  /** The response headers, lower-cased. */
  declare readonly headers: Record<string, string>;
  /** The response body as text (re-serialized when the server sent JSON). */
  declare readonly rawBody: string;
  declare readonly method: string;
  /** The request URL (without credentials: the token travels in a header). */
  declare readonly url: string;
  /** The page requested, when the request named one. */
  declare readonly page: number | undefined;
  /** The rate-limit figures of the response, when it sent them. */
  declare readonly rateLimit: RateLimitState | null;
  /** What to do about it, when this library knows (one or two sentences), or "". */
  declare readonly hint: string;

  constructor(init: GitHubApiErrorInit, hint = "") {
    const { status, apiMessage, requestId } = init;
    const where = new URL(init.url);
    // GitHub's own full stop gives way to the request id, so that the sentence ends once.
    const said = requestId ? `${apiMessage.replace(/\.$/, "")} (request ${requestId})` : apiMessage;
    const head = sentence(`GitHub API ${status} on ${init.method} ${where.pathname}${where.search}: ${said}`);
    super(hint ? `${head} ${hint}` : head);
    Object.assign(this, init, { rateLimit: init.rateLimit ?? null, hint });
  }
}

/**
 * GitHub's rate limit stopped the request and the wait it asks for is longer than the policy's
 * `maxWaitMs` (or retries are off). `resetAt` says when to try again.
 */
export class RateLimitError extends GitHubApiError {
  static override readonly brand: string = "RateLimitError";
  /** `primary` (the hourly quota is used up) or `secondary` (too many requests too fast). */
  declare readonly kind: "primary" | "secondary";
  /** The wait GitHub asked for, in milliseconds from its answer, when it gave a usable one. */
  declare readonly waitMs: number | undefined;
  /** When GitHub will accept requests again, when it said so. */
  declare readonly resetAt: Date | undefined;

  constructor(init: GitHubApiErrorInit<RateLimitError>) {
    super(init, `The ${init.kind} rate limit stopped the request${init.resetAt ? `; it resets at ${init.resetAt.toISOString()}` : ""}.`);
  }
}

/** One attempt took longer than `timeoutMs` (body included). */
export class TimeoutError extends PackagesClientError {
  static override readonly brand: string = "TimeoutError";
  declare readonly method: string;
  declare readonly url: string;
  declare readonly timeoutMs: number;
  /** The page requested, when the request named one. */
  declare readonly page: number | undefined;

  constructor(method: string, url: string, timeoutMs: number, page?: number) {
    super(`Timed out after ${timeoutMs} ms on ${method} ${url}.`);
    Object.assign(this, { method, url, timeoutMs, page });
  }
}

/**
 * The `clock` option failed: its `now()` threw or gave something that is not a time, or its
 * `sleep()` threw or rejected while nobody had stopped it. Not retried: the same clock would fail
 * again. The clock's own error is in `cause`.
 */
export class ClockError extends PackagesClientError {
  static override readonly brand: string = "ClockError";

  constructor(what: string, cause?: unknown) {
    const message = messageOf(cause);
    super(sentence(`The clock failed (${what})${message === undefined ? "" : `: ${message}`}`), { cause });
  }
}

/**
 * Thrown when a `Link` header or a redirect points at another origin than the API's. The listing
 * stops there: the token is only ever sent to `baseUrl`'s origin.
 */
export class UnsafeLinkError extends PackagesClientError {
  static override readonly brand: string = "UnsafeLinkError";
  /** The link that was refused. */
  declare readonly link: string;

  constructor(link: string, expectedOrigin: string, reason?: string) {
    const origin = URL.canParse(link) ? new URL(link).origin : JSON.stringify(link.slice(0, 80));
    super(
      sentence(reason ?? `Refusing to follow a Link to ${origin}: it is not the API's origin ${expectedOrigin}, and the token is only sent there.`),
    );
    Object.assign(this, { link });
  }
}

/**
 * The response body grew past `maxBodyBytes` (counted as read, after decompression). Not retried:
 * the same request would bring the same body.
 */
export class ResponseTooLargeError extends PackagesClientError {
  static override readonly brand: string = "ResponseTooLargeError";
  declare readonly method: string;
  declare readonly url: string;
  /** The limit that was passed, in bytes. */
  declare readonly maxBodyBytes: number;
  /** The page requested, when the request named one. */
  declare readonly page: number | undefined;

  constructor(url: string, maxBodyBytes: number, page?: number) {
    super(`The response to GET ${url} is larger than maxBodyBytes (${maxBodyBytes} bytes); reading stopped there.`);
    Object.assign(this, { method: "GET", url, maxBodyBytes, page });
  }
}

// Values that look like GitHub tokens: GitHub's token prefixes, anywhere, and a credential as an
// Authorization header holds it.
export const SECRET_VALUE = /gh[pousr]_|github_pat_|^(bearer|token|basic) /i;
