// @ts-check
// Mutation testing of the core (npm run test:mutation): StrykerJS 9 with the vitest runner (10.x
// needs Node 22). Scores per module are kept in docs/mutation.md.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  plugins: ["@stryker-mutator/vitest-runner"],
  vitest: { configFile: "vitest.mutation.config.ts", related: false },
  mutate: [
    "src/cache.ts",
    "src/headers.ts",
    "src/link.ts",
    "src/options.ts",
    "src/page-plan.ts",
    "src/page-runner.ts",
    "src/pagination.ts",
    "src/params.ts",
    "src/rate-limit.ts",
    "src/refusal.ts",
    "src/request.ts",
    "src/result.ts",
    "src/retry.ts",
    "src/secrets.ts",
  ],
  coverageAnalysis: "perTest",
  concurrency: 2,
  timeoutMS: 20_000,
  thresholds: { high: 85, low: 70, break: 60 },
  reporters: ["clear-text", "progress", "json"],
  jsonReporter: { fileName: "test/.tmp/mutation.json" },
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
