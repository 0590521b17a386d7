import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startMockGitHub, type MockGitHub } from "../src/testing.js";

// Runs the README's quick start, as written, against the mock, through the built package
// (test/.tmp sits inside this package, so `import "gh-user-packages"` resolves to dist/), and
// type-checks the samples of the README and of docs/api.md.
const root = fileURLToPath(new URL("..", import.meta.url));
const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const apiDoc = readFileSync(new URL("../docs/api.md", import.meta.url), "utf8");
const tsBlocks = (markdown: string) => [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");
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

  it("is at most 300 lines long", () => {
    expect(readme.trimEnd().split("\n").length).toBeLessThanOrEqual(300);
  });

  it("shows the install line and the two set-up commands", () => {
    expect(readme).toContain("npm install gh-user-packages");
    expect(readme).toContain("npm install && npm start");
    expect(readme).toContain("npm test ");
  });

  it("type-checks every TypeScript sample of it and of docs/api.md, verbatim, under strict and exactOptionalPropertyTypes", async () => {
    expect(tsBlocks(readme).length).toBeGreaterThanOrEqual(5);
    expect(tsBlocks(apiDoc).length).toBeGreaterThanOrEqual(3);
    const blocks = [...tsBlocks(readme), ...tsBlocks(apiDoc)];
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

/** The relative link targets of a Markdown file (anchors and queries cut off), as paths from the package root. */
function relativeLinks(markdown: string, from: string): string[] {
  const targets = [...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? "");
  const dir = from.includes("/") ? from.slice(0, from.lastIndexOf("/") + 1) : "";
  return targets
    .filter((t) => !/^[a-z][a-z+.-]*:/i.test(t) && !t.startsWith("#"))
    .map((t) => new URL(t.replace(/[#?].*$/, ""), `file:///${dir}`).pathname.slice(1));
}

describe("README and docs/api.md links, from the package's page", () => {
  it("every relative link points at a file the package ships (npm pack lists it)", async () => {
    const { stdout } = await promisify(execFile)("npm", ["pack", "--dry-run", "--json"], { cwd: root, encoding: "utf8" });
    const shipped = new Set((JSON.parse(stdout) as { files: { path: string }[] }[])[0]?.files.map((f) => f.path));
    const links = [...relativeLinks(readme, "README.md"), ...relativeLinks(apiDoc, "docs/api.md")];
    expect(links).toContain("docs/api.md");
    expect(links.filter((l) => !shipped.has(l))).toEqual([]);
  }, 60_000);
});
