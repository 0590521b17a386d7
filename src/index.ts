// Entry point `gh-user-packages`. Named exports, one by one; types apart.
export {
  createPackagesClient,
  DEFAULT_API_VERSION,
  DEFAULT_BASE_URL,
  iterateUserPackagePages,
  iterateUserPackages,
  listAllUserPackages,
  listUserPackages,
} from "./client.js";
export {
  GitHubApiError,
  InvalidParametersError,
  NetworkError,
  PackagesClientError,
  UnsafeLinkError,
} from "./errors.js";
export { parseLinkHeader } from "./link.js";
export { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from "./pagination.js";
export { RESULT_WINDOW } from "./params.js";
export { VERSION } from "./version.js";

export type { PackagesClient } from "./client.js";
export type { ParameterIssue } from "./errors.js";
export type {
  ListAllUserPackagesParams,
  ListAllUserPackagesResult,
  PackagePage,
  PaginationOptions,
} from "./pagination.js";
export type {
  ClientOptions,
  GitHubErrorBody,
  ListUserPackagesError,
  ListUserPackagesParams,
  ListUserPackagesResult,
  Package,
  PackageType,
  PackageVisibility,
  RequestOptions,
} from "./types.js";
export type { components, paths } from "../generated/user-packages.js";
