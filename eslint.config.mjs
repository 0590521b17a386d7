// Lint for everything that ships or runs: src/, scripts/, test/ and the configs, with
// typescript-eslint's strict type-checked rules (they see types, so they catch floating promises,
// conditions that can never be false and needless casts, which a syntax-only linter cannot).
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

export default defineConfig(
  { ignores: ["dist/", "generated/", "test/.tmp/", "node_modules/"] },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Numbers and booleans read naturally in messages; objects and undefined do not.
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true, allowBoolean: true }],
    },
  },
  {
    // A function does one thing and fits on a screen.
    files: ["src/**/*.ts", "scripts/**/*.mjs"],
    rules: { "max-lines-per-function": ["error", { max: 60, skipBlankLines: true, skipComments: true, IIFEs: true }] },
  },
  {
    // Tests state what they expect of a value they just checked; `!` there is an assertion.
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/no-non-null-assertion": "off" },
  },
);
