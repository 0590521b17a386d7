import { defineConfig } from "tsup";

// Two entries: the client (no Node built-ins, fit for browsers) and the testing kit (node:http).
export default defineConfig({
  entry: { index: "src/index.ts", testing: "src/testing.ts" },
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  target: "es2022",
  platform: "neutral",
  external: ["openapi-fetch", /^node:/],
  splitting: false,
  sourcemap: false,
  treeshake: true,
});
