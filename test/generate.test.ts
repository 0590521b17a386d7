import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { generate as generateIn } from "../scripts/generate.mjs";
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

// The drift check runs in a scratch copy of the pipeline, so that the edits below never touch the
// real openapi/ and generated/.
const root = fileURLToPath(new URL("..", import.meta.url));
let dir: string;

// Each run lints (Redocly, as a process) and compiles (openapi-typescript, in this process, loaded once).
async function generate(...args: ("--check")[]) {
  const r = await generateIn({ root: dir, check: args.includes("--check") });
  return { code: r.code, out: [...r.log, r.error ?? ""].join("\n") };
}

// The command itself, as `npm run generate:check` starts it: its output and its exit code.
function generateProcess(...args: string[]) {
  const r = spawnSync(process.execPath, ["scripts/generate.mjs", ...args], { cwd: dir, encoding: "utf8" });
  return { code: r.status, out: r.stdout + r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "ghup-generate-"));
  for (const item of ["openapi", "generated", "scripts", "redocly.yaml", "package.json"]) {
    cpSync(path.join(root, item), path.join(dir, item), { recursive: true });
  }
  symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run generate / generate:check", () => {
  const spec = () => path.join(dir, "openapi/user-packages.yaml");
  const types = () => path.join(dir, "generated/user-packages.ts");
  const rules = () => path.join(dir, "generated/query-rules.ts");

  // That the committed files pass is `npm test`'s first step (`npm run generate:check`).

  it("fails after a hand edit of generated/, naming the file", async () => {
    const before = readFileSync(types(), "utf8");
    appendFileSync(types(), "export type HandEdit = 1;\n");
    const r = generateProcess("--check");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✘ drift: generated\/user-packages\.ts is stale/);
    expect(r.out).toContain("Run `npm run generate`");
    writeFileSync(types(), before);

    const rulesBefore = readFileSync(rules(), "utf8");
    writeFileSync(rules(), rulesBefore.replace('"maximum": 100', '"maximum": 500'));
    const r2 = await generate("--check");
    expect(r2.code).toBe(1);
    expect(r2.out).toMatch(/generated\/query-rules\.ts is stale/);
    writeFileSync(rules(), rulesBefore);
    expect((await generate("--check")).code).toBe(0);
  });

  it("fails after a spec edit that was not regenerated, and passes once regenerated", async () => {
    const before = readFileSync(spec(), "utf8");
    // The three listings share their query: the edit goes to all three.
    writeFileSync(spec(), before.replaceAll("          - nuget\n", "          - nuget\n          - pypi\n"));
    const r = await generate("--check");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/user-packages\.ts and generated\/query-rules\.ts and generated\/package-schema\.ts are stale/);
    expect((await generate()).code).toBe(0);
    expect(readFileSync(types(), "utf8")).toContain('"pypi"');
    expect(readFileSync(rules(), "utf8")).toContain('"pypi"');
    expect((await generate("--check")).code).toBe(0);
  });

  it("refuses listings whose queries differ, naming the operation", async () => {
    const before = readFileSync(spec(), "utf8");
    const orgPerPage = "          default: 30\n          minimum: 1\n          maximum: 100\n";
    expect(before).toContain(orgPerPage); // the organization listing declares per_page inline
    writeFileSync(spec(), before.replace(orgPerPage, "          default: 30\n          minimum: 1\n          maximum: 50\n"));
    const r = await generate();
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/the query parameters of GET \/orgs\/\{org\}\/packages differ from those of GET \/user\/packages/);
    writeFileSync(spec(), before);
  });

  it("stops at a lint problem before generating", async () => {
    const before = readFileSync(spec(), "utf8");
    writeFileSync(spec(), before.replace("      summary: List packages for the authenticated user's namespace\n", ""));
    const r = await generate();
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/operation-summary/);
    expect(r.out).toContain("has lint problems");
    writeFileSync(spec(), before);
  });

  it("says a tool could not be started, and how to get it, rather than calling it a lint problem", async () => {
    const bare = mkdtempSync(path.join(tmpdir(), "ghup-generate-bare-"));
    try {
      const r = await generateIn({ root: bare, check: true });
      expect(r.code).toBe(1);
      expect(r.error).toMatch(/^generate: could not run redocly: .*Did you run `npm ci`\?$/s);
      expect(r.error).not.toContain("lint problems");
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});
