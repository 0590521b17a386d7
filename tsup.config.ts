import { defineConfig } from "tsup";

// The library entries (the client, fit for browsers with no Node built-ins, the testing kit
// with node:http, and the MSW handlers, for Node and browsers, with msw left to the app), in ESM
// and CommonJS; and the CLI, ESM only. `npm run build` empties dist/ first.
export default defineConfig([
  {
    entry: { index: "src/index.ts", testing: "src/testing.ts", msw: "src/msw.ts" },
    format: ["esm", "cjs"],
    dts: true,
    clean: false,
    target: "es2022",
    platform: "neutral",
    external: ["openapi-fetch", "msw", /^msw\//, /^node:/],
    splitting: false,
    sourcemap: true,
    treeshake: true,
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
