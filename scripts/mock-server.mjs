#!/usr/bin/env node
// Runs the built mock GitHub in a process of its own (for the benchmark: a real server does not
// share the client's CPU). Prints one JSON line {"url": ..., "token": ...} once it listens.
//   node scripts/mock-server.mjs [--packages N] [--type container | --type all] [--latency MS] [--token T] [--port P]
// With --type all, the packages are spread evenly over the six types.
import { parseArgs } from "node:util";
import { PACKAGE_TYPES } from "gh-user-packages";
import { makePackages, startMockGitHub } from "gh-user-packages/testing";

const { values } = parseArgs({
  options: {
    packages: { type: "string", default: "10000" },
    type: { type: "string", default: "container" },
    latency: { type: "string", default: "0" },
    token: { type: "string", default: "bench-token" },
    port: { type: "string", default: "0" },
    // "full": half the packages link a repository, as on GitHub (about 3.5 kB a package);
    // "light": no repository objects (about 1.4 kB a package).
    fixtures: { type: "string", default: "full" },
  },
});
const types = /** @type {readonly string[]} */ (PACKAGE_TYPES);
if (values.type !== "all" && !types.includes(values.type)) throw new Error(`--type must be all or one of ${types.join(", ")}`);
const typeOf = (/** @type {number} */ i) =>
  /** @type {import("gh-user-packages").PackageType} */ (values.type === "all" ? PACKAGE_TYPES[i % PACKAGE_TYPES.length] : values.type);
const mock = await startMockGitHub({
  packages: makePackages(Number(values.packages), (i) =>
    values.fixtures === "light" ? { package_type: typeOf(i), repository: null } : { package_type: typeOf(i) },
  ),
  latencyMs: Number(values.latency),
  token: values.token,
  port: Number(values.port),
  serializeOnce: true,
});
console.log(JSON.stringify({ url: mock.url, token: mock.token }));
const stop = () => void mock.close().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
process.stdin.on("end", stop); // ends with its parent
process.stdin.resume();
