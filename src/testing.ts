// Entry point `gh-user-packages/testing`: the mock GitHub and typed fixtures, for apps' tests.
// Kept apart from the main entry so that browser bundles never pull in node:http.
export { FAULT_KINDS, startMockGitHub } from "./mock-github.js";
export type { FaultKind, FaultOptions, MockGitHub, MockGitHubOptions, MockRequest, MockResponse } from "./mock-github.js";
export { defaultPackages, makePackage, makePackages, makeRepository, makeUser } from "./fixtures.js";
export type { PackageOverrides } from "./fixtures.js";
