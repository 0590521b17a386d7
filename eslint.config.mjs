// Lint for everything that ships or runs: src/, scripts/, test/ and the configs, with
// typescript-eslint's strict type-checked rules (they see types, so they catch floating promises,
// conditions that can never be false and needless casts, which a syntax-only linter cannot).
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

export default defineConfig(
  { ignores: ["dist/", "generated/", "test/.tmp/", "node_modules/", ".stryker-tmp/"] },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // TypeScript checks names itself (scripts included, through checkJs).
      "no-undef": "off",
      // Numbers and booleans read naturally in messages; objects and undefined do not.
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true, allowBoolean: true }],
      // `() => resolve()` and `(c) => c.close()` are the idiom for callbacks whose result is unused.
      "@typescript-eslint/no-confusing-void-expression": ["error", { ignoreArrowShorthand: true }],
    },
  },
  {
    // A function does one thing and fits on a screen.
    files: ["src/**/*.ts", "scripts/**/*.mjs"],
    rules: { "max-lines-per-function": ["error", { max: 60, skipBlankLines: true, skipComments: true, IIFEs: true }] },
  },
  {
    // These walk OpenAPI documents of any shape: their values are `any` by nature.
    files: ["scripts/lib/*.mjs", "scripts/generate.mjs", "scripts/spec-*.mjs", "test/spec*.test.ts", "test/mock-realism.test.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
  {
    // Tests state what they expect of a value they just checked (`!` there is an assertion);
    // vitest's asymmetric matchers (expect.any, expect.stringMatching) are typed `any`; stub stores
    // are async without awaiting; terminal tests match escape sequences.
    files: ["test/**/*.ts"],
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/require-await": "off",
      "no-control-regex": "off",
    },
  },
);
