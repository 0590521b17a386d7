// Entry point `gh-user-packages/testing`: the mock GitHub and typed fixtures, for apps' tests.
// Kept apart from the main entry so that browser bundles never pull in node:http.
export { startMockGitHub } from "./mock/server.js";
export { FAULT_KINDS } from "./mock/faults.js";
export type { FaultKind, FaultOptions, MockGitHub, MockGitHubOptions, MockRequest, MockResponse } from "./mock/types.js";
export { makeOrganization, makePackage, makePackages, makeRepository, makeUser } from "./mock/fixtures.js";
export type { PackageOverrides } from "./mock/fixtures.js";
export { defaultPackages, makeRealisticPackages } from "./mock/realistic.js";
