import { defineConfig } from "vitest/config";

/**
 * Files whose tests start processes (tsc, npm, the generator, the built CLI, Chromium). Each such
 * process wants a core of its own, so these files run one at a time after the rest, and their
 * timeouts are sized for a machine four times slower than a quiet two-core one: on a busy CI
 * machine a child's start-up time is what grows, not the work the test checks.
 */
const STARTS_PROCESSES = [
  "test/browser.test.ts",
  "test/cli.test.ts",
  "test/consumers.test.ts",
  "test/file-cache.test.ts",
  "test/generate.test.ts",
  "test/hostile.test.ts",
  "test/mock-safety.test.ts",
  "test/readme.test.ts",
  "test/spec-compare.test.ts",
  "test/spec-contract.test.ts",
  "test/spec-sync.test.ts",
];

export default defineConfig({
  test: {
    // The JSON report lets .ci/run print a plain "N passed, N failed" closing line.
    reporters: ["default", "json"],
    outputFile: { json: "test/.tmp/vitest-results.json" },
    projects: [
      {
        extends: true,
        test: {
          name: "in-process",
          include: ["test/**/*.test.ts"],
          exclude: STARTS_PROCESSES,
          testTimeout: 20_000,
          hookTimeout: 20_000,
          // Most of these files wait on sockets, not the CPU: three workers on two cores keep both busy.
          maxWorkers: 3,
          // A worker keeps its loaded modules from one file to the next (a third of this project's
          // time was spent loading them again). Safe here: no file mocks a module or replaces a
          // global it does not restore, and each test builds its own client, server and clock.
          isolate: false,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "processes",
          include: STARTS_PROCESSES,
          fileParallelism: false,
          isolate: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
