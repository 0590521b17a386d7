// Entry point `gh-user-packages`. Named exports, one by one; types apart.
export {
  createPackagesClient,
  iterateUserPackagePages,
  iterateUserPackages,
  listAllUserPackages,
  listUserPackages,
} from "./core/client.js";
export {
  DEFAULT_API_VERSION,
  DEFAULT_BASE_URL,
  DEFAULT_CONCURRENCY,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_TIMEOUT_MS,
  MAX_CONCURRENCY,
} from "./core/door/options.js";
export { systemClock } from "./core/request/clock.js";
export {
  ClockError,
  GitHubApiError,
  InvalidParametersError,
  NetworkError,
  PackagesClientError,
  RateLimitError,
  ResponseTooLargeError,
  TimeoutError,
  UnsafeLinkError,
} from "./core/errors.js";
export { MemoryCache } from "./core/policies/memory-cache.js";
export { DEFAULT_RETRY } from "./core/policies/retry.js";
export { parseLinkHeader } from "./core/listing/link.js";
export { PACKAGE_TYPES, RESULT_WINDOW } from "./core/door/params.js";
export { VERSION } from "./core/door/version.js";

export type { PackagesClient } from "./core/client.js";
export type { ParameterIssue } from "./core/errors.js";
export type { CacheEntry, CacheStore } from "./core/policies/cache.js";
export type { Clock } from "./core/request/clock.js";
export type { RateLimitState } from "./core/request/rate-limit.js";
export type { RetryEvent, RetryOptions } from "./core/policies/retry.js";
export type { ListAllUserPackagesResult, PackagePage } from "./core/listing/pagination.js";
export type { ClientOptions } from "./core/door/options.js";
export type {
  GitHubErrorBody,
  GitHubWarning,
  ListAllUserPackagesParams,
  ListUserPackagesError,
  ListUserPackagesParams,
  Namespace,
  ListUserPackagesResult,
  Package,
  PackageType,
  PackageVisibility,
  PaginationOptions,
  RequestOptions,
} from "./core/types.js";
export type { components, paths } from "../generated/user-packages.js";
