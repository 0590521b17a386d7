// Entry point `gh-user-packages`. Named exports, one by one; types apart.
export { createPackagesClient, listUserPackages, DEFAULT_API_VERSION, DEFAULT_BASE_URL } from "./client.js";
export { InvalidParametersError, NetworkError, PackagesClientError } from "./errors.js";
export { VERSION } from "./version.js";

export type { PackagesClient } from "./client.js";
export type { ParameterIssue } from "./errors.js";
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
