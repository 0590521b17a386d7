// Error classes. Each has a fixed `name` so that it survives minification and can be told apart
// across realms (`err.name === "InvalidParametersError"`), not only with `instanceof`.

/** Base class of every error this library throws. */
export class PackagesClientError extends Error {
  override name: string = "PackagesClientError";
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
  override name = "InvalidParametersError";
  /** Every rule broken, in the order the parameters were checked. */
  readonly issues: ParameterIssue[];

  constructor(issues: ParameterIssue[]) {
    super(
      issues
        .map((i) => `Invalid parameter "${i.parameter}": ${describeValue(i.value)} ${i.rule}.`)
        .join(" "),
    );
    this.issues = issues;
  }
}

/**
 * Thrown when the request could not be made at all: the connection was refused or reset, the
 * host did not resolve, or `fetch` itself failed. The original failure is in `cause`.
 */
export class NetworkError extends PackagesClientError {
  override name = "NetworkError";
  /** Request method. */
  readonly method: string;
  /** Request URL (it never holds the token). */
  readonly url: string;

  constructor(method: string, url: string, cause: unknown) {
    const reason = cause instanceof Error ? causeMessage(cause) : String(cause);
    super(`Network error on ${method} ${url}: ${reason}`, { cause });
    this.method = method;
    this.url = url;
  }
}

function causeMessage(err: Error): string {
  // undici reports "fetch failed" and keeps the useful part (ECONNREFUSED, ...) in its cause.
  const inner = (err as { cause?: unknown }).cause;
  if (inner instanceof Error && inner.message && inner.message !== err.message) {
    return `${err.message} (${inner.message})`;
  }
  return err.message;
}

function describeValue(value: unknown): string {
  if (value === undefined) return "it is missing;";
  let shown: string;
  try {
    shown = typeof value === "string" ? JSON.stringify(value) : String(value);
  } catch {
    shown = Object.prototype.toString.call(value);
  }
  if (shown.length > 60) shown = `${shown.slice(0, 57)}...`;
  return `${shown} is not allowed;`;
}
