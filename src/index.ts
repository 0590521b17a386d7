// Entry point `gh-user-packages`. Named exports, one by one; types apart.
export {
  createPackagesClient,
  iterateUserPackagePages,
  iterateUserPackages,
  listAllUserPackages,
  listUserPackages,
} from "./client.js";
export { DEFAULT_API_VERSION, DEFAULT_BASE_URL, DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT_MS, MAX_CONCURRENCY } from "./options.js";
export { DEFAULT_MAX_BODY_BYTES } from "./body-limit.js";
export { systemClock } from "./clock.js";
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
} from "./errors.js";
export { MemoryCache } from "./memory-cache.js";
export { DEFAULT_RETRY } from "./retry.js";
export { parseLinkHeader } from "./link.js";
export { PACKAGE_TYPES, RESULT_WINDOW } from "./params.js";
export { VERSION } from "./version.js";

export type { PackagesClient } from "./client.js";
export type { ParameterIssue } from "./errors.js";
export type { CacheEntry, CacheStore } from "./cache.js";
export type { Clock } from "./clock.js";
export type { RateLimitState } from "./rate-limit.js";
export type { RetryEvent, RetryOptions } from "./retry.js";
export type { ListAllUserPackagesResult, PackagePage } from "./pagination.js";
export type { ClientOptions } from "./options.js";
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
} from "./types.js";
export type { components, paths } from "../generated/user-packages.js";
