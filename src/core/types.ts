// Public types, all derived from the generated OpenAPI types so that a spec change flows through
// without a hand edit here.
import type { components, operations } from "../../generated/user-packages.js";
import type { GitHubApiError } from "./errors.js";
import type { RateLimitState } from "./request/rate-limit.js";

type Operation = operations["packages/list-packages-for-authenticated-user"];

/** A package as GitHub returns it from `GET /user/packages`. */
export type Package = components["schemas"]["package"];

/** The registry ecosystems GitHub accepts in `package_type`. */
export type PackageType = Operation["parameters"]["query"]["package_type"];

/** The values accepted by the `visibility` filter (`internal` included). */
export type PackageVisibility = NonNullable<Operation["parameters"]["query"]["visibility"]>;

/**
 * `T` with `undefined` accepted wherever a property is optional, as a value read from
 * `process.env` or passed through from other options gives it.
 */
export type AllowUndefined<T> = { [K in keyof T]: Partial<Pick<T, K>> extends Pick<T, K> ? T[K] | undefined : T[K] };

/** The query as sent: only parameters that have a value. */
export type Query = Operation["parameters"]["query"];

/**
 * Whose packages to list: the authenticated user's (neither), an organization's (`org`), or
 * another user's (`username`). Never both. Each takes `string | undefined`, as `process.env.ORG`
 * gives it (undefined means not given; `""` is refused at run time).
 */
export type Namespace = { org?: string | undefined; username?: undefined } | { username?: string | undefined; org?: undefined };

/** Where a request goes, once checked: the namespace's path and its owner's login. */
export type Owner = { org: string } | { username: string } | undefined;

/**
 * The parameters of a listing call: the query parameters (`package_type` is required) and the
 * namespace (`org` or `username`; neither for the authenticated user's packages).
 */
export type ListUserPackagesParams = AllowUndefined<Query> & Namespace;

/** The JSON error body GitHub sends with a failed request. */
export type GitHubErrorBody = components["schemas"]["basic-error"];

/**
 * The error side of a {@link ListUserPackagesResult}: the very {@link GitHubApiError} a listing
 * throws for the same answer (a {@link RateLimitError} for a rate limit), so `if (error) throw
 * error` works.
 */
export type ListUserPackagesError = GitHubApiError;

/**
 * The result of one page request, the same union openapi-fetch returns: either `data` (the
 * packages) or `error` (typed), and always the `response`.
 */
export type ListUserPackagesResult =
  | {
      data: Package[];
      error?: never;
      response: Response;
      /** The rate-limit figures of this response, or `null` when it sent none. */
      rateLimit: RateLimitState | null;
      /** True when GitHub answered 304 and the page came from the `cache`. */
      cached: boolean;
    }
  | {
      data?: never;
      error: ListUserPackagesError;
      response: Response;
      rateLimit: RateLimitState | null;
      cached: false;
    };

/** A `Deprecation` or `Sunset` header seen on a response, passed to `onWarning` once per client. */
export interface GitHubWarning {
  kind: "deprecation" | "sunset";
  /** A sentence describing the warning. */
  message: string;
  /** The raw `Deprecation` header, if sent. */
  deprecation: string | null;
  /** The raw `Sunset` header, if sent. */
  sunset: string | null;
  /** The request URL that drew the warning. */
  url: string;
}

/** Per-call options. */
export interface RequestOptions {
  /** Aborts the request; the call then rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Extra headers for this call only. */
  headers?: Record<string, string> | undefined;
}

/**
 * What to list: the filters of `GET /user/packages` (pages are chosen by the listing).
 * `package_type` may name several types, or all of them (`PACKAGE_TYPES`): the listing then hands
 * over the packages of each type in the order given.
 */
export type ListAllUserPackagesParams = Pick<AllowUndefined<Query>, "visibility"> & {
  package_type: PackageType | readonly PackageType[];
} & Namespace;

/** Options of the listing functions. */
export interface PaginationOptions extends RequestOptions {
  /** Page requests in flight at once, 1 to 10. Default 8. */
  concurrency?: number | undefined;
  /** Stop after this many packages; no page beyond them is requested. */
  maxItems?: number | undefined;
  /** Packages per page, 1 to 100. Default 100 (the fewest requests). */
  per_page?: number | undefined;
  /**
   * A consistent snapshot: once a type's pages were read, each is asked again with
   * `If-None-Match` (one more request per page, answered 304 and free of rate limit when nothing
   * changed). A changed page has the type read again, 3 times at most; `changed: false` then
   * means every page was found unchanged. Each type's pages are handed over once checked.
   */
  verify?: boolean | undefined;
}
