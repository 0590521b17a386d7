import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startMockGitHub, type MockGitHub } from "../src/testing.js";

// Runs the README's quick start, as written, against the mock, through the built package
// (test/.tmp sits inside this package, so `import "gh-user-packages"` resolves to dist/).
const root = fileURLToPath(new URL("..", import.meta.url));
const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
let mock: MockGitHub;
beforeAll(async () => {
  mock = await startMockGitHub({ token: "readme-token" });
});
afterAll(() => mock.close());

function quickStart(): string {
  const section = readme.split("\n## Quick start\n")[1];
  const code = section ? /```ts\n([\s\S]*?)```/.exec(section)?.[1] : undefined;
  if (!code) throw new Error("README has no ```ts block under '## Quick start'");
  return code;
}

describe("README", () => {
  it("quick start is short and runs against the mock, printing one page and then every container package", async () => {
    const code = quickStart();
    expect(code.trim().split("\n").length).toBeLessThanOrEqual(10);
    expect(existsSync(`${root}/dist/index.js`), "run `npm run build` first").toBe(true);
    mkdirSync(`${root}/test/.tmp`, { recursive: true });
    const file = `${root}/test/.tmp/quick-start.mjs`;
    writeFileSync(file, code);
    // Asynchronously: the mock answers from this process, so a blocking spawn would deadlock.
    const run = await promisify(execFile)(process.execPath, [file], {
      encoding: "utf8",
      timeout: 15_000,
      env: { ...process.env, GITHUB_TOKEN: mock.token, GITHUB_API_URL: mock.url },
    });
    expect(run.stderr).toBe("");
    const containers = mock.packages.filter((p) => p.package_type === "container");
    const expected = [
      `first page: ${containers.slice(0, 5).map((p) => p.name).join(", ")}`,
      ...containers.map((p) => `${p.name} ${p.visibility} ${p.repository?.full_name ?? "-"}`),
    ];
    expect(run.stdout.trim().split("\n")).toEqual(expected);
    expect(mock.requests.at(-1)?.auth).toBe("valid");
  });

  it("shows the install line and the two set-up commands", () => {
    expect(readme).toContain("npm install gh-user-packages");
    expect(readme).toContain("npm install && npm start");
    expect(readme).toContain("npm test ");
  });

  it("type-checks every TypeScript sample, verbatim, under strict and exactOptionalPropertyTypes", async () => {
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    const dir = `${root}/test/.tmp/readme-samples`;
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const files = blocks.map((code, i) => {
      writeFileSync(`${dir}/sample-${i + 1}.ts`, code);
      return `sample-${i + 1}.ts`;
    });
    const compilerOptions = {
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      module: "nodenext",
      moduleResolution: "nodenext",
      target: "es2022",
      lib: ["es2022", "dom"],
      types: ["node"],
      noEmit: true,
      skipLibCheck: true,
      // Each sample is a module of its own (they all import something).
      moduleDetection: "force",
    };
    writeFileSync(`${dir}/tsconfig.json`, JSON.stringify({ compilerOptions, files }));
    const tsc = fileURLToPath(new URL("../node_modules/typescript/bin/tsc", import.meta.url));
    const result = await promisify(execFile)(process.execPath, [tsc, "-p", dir], { encoding: "utf8" }).catch((e: unknown) => e as { stdout: string });
    expect(result.stdout).toBe("");
  });
});
