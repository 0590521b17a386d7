// @ts-check
// Mutation testing of the core (npm run test:mutation): StrykerJS 9 with the vitest runner (10.x
// needs Node 22). Scores per module are kept in docs/mutation.md.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  plugins: ["@stryker-mutator/vitest-runner"],
  vitest: { configFile: "vitest.mutation.config.ts", related: false },
  mutate: [
    "src/core/policies/cache.ts",
    "src/core/door/headers.ts",
    "src/core/listing/link.ts",
    "src/core/door/options.ts",
    "src/core/listing/page-plan.ts",
    "src/core/listing/page-runner.ts",
    "src/core/listing/pagination.ts",
    "src/core/door/params.ts",
    "src/core/request/rate-limit.ts",
    "src/core/door/refusal.ts",
    "src/core/request/request.ts",
    "src/core/request/result.ts",
    "src/core/policies/retry.ts",
    "src/core/door/secrets.ts",
    "src/core/door/signal.ts",
    "src/core/request/echoed-secrets.ts",
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
