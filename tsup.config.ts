import { readFile, writeFile } from "node:fs/promises";
import { defineConfig } from "tsup";

// tsup's rollup pass (treeshake) appends a second `sourceMappingURL` comment to each library file; only one is kept.
// Turning treeshake off is no way out: the CommonJS build then misses openapi-fetch's default export.
async function oneSourceMapComment(): Promise<void> {
  for (const name of ["index.js", "index.cjs", "testing.js", "testing.cjs", "msw.js", "msw.cjs", "file-cache.js", "file-cache.cjs"]) {
    const file = `dist/${name}`;
    const lines = (await readFile(file, "utf8")).trimEnd().split("\n");
    const comment = `//# sourceMappingURL=${name}.map`;
    let n = lines.length;
    while (n > 1 && lines[n - 1] === comment && lines[n - 2] === comment) n--;
    if (n < lines.length) await writeFile(file, `${lines.slice(0, n).join("\n")}\n`);
  }
}

// The library entries (the client, fit for browsers with no Node built-ins, the testing kit
// with node:http, the MSW handlers, for Node and browsers, with msw left to the app, and the
// on-disk cache store, Node only), in ESM
// and CommonJS; and the CLI, ESM only. `npm run build` empties dist/ first.
export default defineConfig([
  {
    entry: { index: "src/index.ts", testing: "src/testing.ts", msw: "src/msw.ts", "file-cache": "src/file-cache.ts" },
    format: ["esm", "cjs"],
    dts: true,
    clean: false,
    target: "es2022",
    platform: "neutral",
    external: ["openapi-fetch", "msw", /^msw\//, /^node:/],
    splitting: false,
    sourcemap: true,
    treeshake: true,
    onSuccess: oneSourceMapComment,
  },
  {
    entry: { cli: "src/bin.ts" },
    format: ["esm"],
    dts: false,
    clean: false,
    target: "node20",
    platform: "node",
    external: ["openapi-fetch"],
    banner: { js: "#!/usr/bin/env node" },
    splitting: false,
    sourcemap: true,
  },
]);
