import { defineConfig } from "vitest/config";

// The tests StrykerJS runs against each mutant of the core: those that import src/ directly and
// start no built CLI, browser or child process (a mutant lives in src/, never in dist/). The
// property tests run fewer cases here; `npm test` runs them in full. MUTATION=1 leaves out
// one-door.test.ts's 5,000-deep JSON cases: they depend on the stack depth, which instrumented code changes.
export default defineConfig({
  test: {
    include: [
      "test/cache.test.ts",
      "test/cli-secrets.test.ts",
      "test/client-options.test.ts",
      "test/clock-range.test.ts",
      "test/credentials.property.test.ts",
      "test/echoed-secrets.test.ts",
      "test/hostile-fetch.test.ts",
      "test/inputs.property.test.ts",
      "test/kit-happy-dom.test.ts",
      "test/kit-jsdom.test.ts",
      "test/link.test.ts",
      "test/list-user-packages.test.ts",
      "test/listing-model.property.test.ts",
      "test/listing-order.test.ts",
      "test/mock-redaction.test.ts",
      "test/multi-type.test.ts",
      "test/namespaces.test.ts",
      "test/one-door.test.ts",
      "test/pagination-plan.test.ts",
      "test/pagination.test.ts",
      "test/params.property.test.ts",
      "test/params.test.ts",
      "test/rate-limit.test.ts",
      "test/request.test.ts",
      "test/refusal.test.ts",
      "test/result.test.ts",
      "test/retry-policy.test.ts",
      "test/retry.test.ts",
      "test/rules.test.ts",
      "test/secrets-known.test.ts",
      "test/secrets.test.ts",
      "test/signal.test.ts",
      "test/suggestions.test.ts",
    ],
    env: { FC_RUNS: "10", MUTATION: "1" },
    testTimeout: 20_000,
  },
});
