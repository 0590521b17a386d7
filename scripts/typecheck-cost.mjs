#!/usr/bin/env node
// Type-check cost of a consumer of this package beside a consumer of @octokit/rest doing the same
// job, measured with `tsc --extendedDiagnostics` (lines of .d.ts loaded, memory, check time).
// Used by `npm run bench`; run alone with `node scripts/typecheck-cost.mjs [--json]`.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const dir = path.join(root, "test", ".tmp", "typecheck-cost");
const TSC = path.join(root, "node_modules", "typescript", "bin", "tsc");

const consumers = {
  ours: `import { iterateUserPackages, listUserPackages } from "gh-user-packages";
export async function run(token: string) {
  const { data } = await listUserPackages({ package_type: "container" }, { token });
  for await (const p of iterateUserPackages({ package_type: "npm" }, { token })) console.log(p.name);
  return data?.length;
}
`,
  octokit: `import { Octokit } from "@octokit/rest";
export async function run(token: string) {
  const octokit = new Octokit({ auth: token });
  const { data } = await octokit.rest.packages.listPackagesForAuthenticatedUser({ package_type: "container" });
  for (const p of await octokit.paginate(octokit.rest.packages.listPackagesForAuthenticatedUser, { package_type: "npm" })) console.log(p.name);
  return data.length;
}
`,
};

/**
 * @typedef {object} Cost
 * @property {number} definitionLines
 * @property {number} libraryLines
 * @property {number} memoryMB
 * @property {number} checkSeconds
 * @property {number} totalSeconds
 */

/**
 * Type-checks one consumer; its figures from --extendedDiagnostics.
 * @param {string} name
 * @param {string} code
 * @returns {Cost}
 */
function costOf(name, code) {
  const sub = path.join(dir, name);
  mkdirSync(sub, { recursive: true });
  writeFileSync(path.join(sub, "consumer.ts"), code);
  writeFileSync(
    path.join(sub, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: { module: "nodenext", moduleResolution: "nodenext", target: "es2022", lib: ["es2022", "dom"], types: [], strict: true, noEmit: true, skipLibCheck: false },
      files: ["consumer.ts"],
    }),
  );
  const r = spawnSync(process.execPath, [TSC, "-p", sub, "--extendedDiagnostics"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`tsc failed for the ${name} consumer:\n${r.stdout}${r.stderr}`);
  const num = (/** @type {string} */ label) => Number(new RegExp(`^${label}:\\s+([\\d.]+)`, "m").exec(r.stdout)?.[1]);
  return {
    definitionLines: num("Lines of Definitions"),
    libraryLines: num("Lines of Library"),
    memoryMB: Math.round(num("Memory used") / 1024),
    checkSeconds: num("Check time"),
    totalSeconds: num("Total time"),
  };
}

/** The cost of each consumer. */
export function measure() {
  return { ours: costOf("ours", consumers.ours), octokit: costOf("octokit", consumers.octokit) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const m = measure();
  if (process.argv.includes("--json")) console.log(JSON.stringify(m, null, 2));
  else console.table(m);
}
