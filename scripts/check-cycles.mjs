#!/usr/bin/env node
// npm run check:cycles: no import cycle among this repository's own files (src, scripts, test).
// madge follows only relative imports here; a package import (yaml, @octokit/rest, this package's
// own name) is outside the graph by design. madge reports those it could not resolve as
// "skipped"; this script says so in words, and fails only if a file of ours could not be followed.
import madge from "madge";

const ROOTS = ["src", "scripts", "test"];

/**
 * A bare specifier names a package; a path names one of our files.
 * @param {string} specifier
 */
function isPackage(specifier) {
  return !specifier.startsWith(".") && !specifier.startsWith("/");
}

const result = await madge(ROOTS, { fileExtensions: ["ts", "mjs"], tsConfig: "tsconfig.json" });
const cycles = result.circular();
const unresolved = result.warnings().skipped.filter((s) => !isPackage(s));
const files = Object.keys(result.obj()).length;
for (const cycle of cycles) console.error(`cycle: ${cycle.join(" -> ")}`);
for (const file of unresolved) console.error(`not found: ${file}`);
if (cycles.length || unresolved.length) process.exit(1);
console.log(`✔ no import cycle among ${files} files (package imports are outside the graph)`);
