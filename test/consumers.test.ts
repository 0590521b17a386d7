import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectEvery } from "./expect-every.js";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

// The package as apps get it: `npm pack`, installed into a scratch project, then imported from ESM
// and CommonJS and type-checked under two module resolutions. Node is the one running the tests
// (`npm run test:node-matrix` runs this file under Node 20, 22 and 24).
const run = promisify(execFile);
const root = fileURLToPath(new URL("..", import.meta.url));
const TSC = path.join(root, "node_modules", "typescript", "bin", "tsc");
let dir: string;
// What `npm pack` put in the tarball, as its --json report lists it.
let packed: string[];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "ghup-consumer-"));
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", dir], { cwd: root });
  packed = (JSON.parse(stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
  const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"))!;
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true }));
  await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--no-package-lock", `./${tarball}`], { cwd: dir });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const node = (file: string) => run(process.execPath, [file], { cwd: dir });
const write = (file: string, text: string) => {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), text);
};

describe("the packed package", () => {
  it("ships only dist/, package.json, README, changelog, docs/*.md and licence files", () => {
    const files = packed;
    expectEvery(files, (f) => f.startsWith("dist/") || /^(package\.json|README\.md|CHANGELOG\.md|LICENSE|docs\/[\w-]+\.md)$/.test(f));
    expect(files).toContain("dist/cli.js");
    expect(files).toContain("LICENSE");
    expect(files).toEqual(expect.arrayContaining(["dist/index.js.map", "dist/index.cjs.map", "dist/cli.js.map"]));
  });

  it("works from ESM, the testing entry included", async () => {
    write(
      "esm.mjs",
      `import { listUserPackages, InvalidParametersError } from "gh-user-packages";
import { startMockGitHub, makePackages } from "gh-user-packages/testing";
const mock = await startMockGitHub({ token: "t", packages: makePackages(3, { package_type: "npm" }) });
const { data } = await listUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: "t" });
const refused = await listUserPackages({ package_type: "pypi" }).catch((e) => e instanceof InvalidParametersError);
await mock.close();
console.log(JSON.stringify({ ids: data.map((p) => p.id), refused }));
`,
    );
    expect(JSON.parse((await node("esm.mjs")).stdout)).toEqual({ ids: [1, 2, 3], refused: true });
  });

  it("works from CommonJS, the testing entry included", async () => {
    write(
      "cjs.cjs",
      `const { listAllUserPackages, VERSION } = require("gh-user-packages");
const { startMockGitHub, makePackages } = require("gh-user-packages/testing");
(async () => {
  const mock = await startMockGitHub({ packages: makePackages(250, { package_type: "maven" }) });
  const { packages, truncated } = await listAllUserPackages({ package_type: "maven" }, { baseUrl: mock.url });
  await mock.close();
  console.log(JSON.stringify({ count: packages.length, truncated, version: typeof VERSION }));
})();
`,
    );
    expect(JSON.parse((await node("cjs.cjs")).stdout)).toEqual({ count: 250, truncated: false, version: "string" });
  });

  // Strict without exactOptionalPropertyTypes: an optional value as process.env gives it.
  const consumer = `import { listUserPackages, type Package } from "gh-user-packages";
declare const process: { env: Record<string, string | undefined> };
import { makePackages } from "gh-user-packages/testing";
const fixtures: Package[] = makePackages(2);
export async function names(token: string): Promise<string[]> {
  const { data, error } = await listUserPackages({ package_type: "container", visibility: "private", org: process.env.ORG }, { token, baseUrl: process.env.GITHUB_API_URL });
  if (error) throw new Error(error.message);
  return [...data, ...fixtures].map((p) => p.repository?.full_name ?? p.name);
}
`;
  const wrong = `import { listUserPackages } from "gh-user-packages";
void listUserPackages({ package_type: "pypi" });
void listUserPackages({ package_type: "npm", org: "acme", username: "octocat" });
`;

  // One program per resolution holds both files (a tsc start-up each is most of the time): the
  // right consumer must have no error at all, the wrong one exactly the refusals below.
  it.each([
    ["nodenext", { module: "nodenext", moduleResolution: "nodenext" }],
    ["bundler", { module: "esnext", moduleResolution: "bundler" }],
  ])("type-checks a TypeScript consumer under moduleResolution %s, and rejects a wrong call", async (name, options) => {
    const tsconfig = JSON.stringify({
      compilerOptions: { ...options, target: "es2022", strict: true, noEmit: true, skipLibCheck: false, lib: ["es2022", "dom"], types: [] },
      files: ["ok.ts", "wrong.ts"],
    });
    write(`${name}/ok.ts`, consumer);
    write(`${name}/wrong.ts`, wrong);
    write(`${name}/tsconfig.json`, tsconfig);
    write(`${name}/package.json`, JSON.stringify({ type: "module" }));
    const failed = await run(process.execPath, [TSC, "-p", "."], { cwd: path.join(dir, name) }).then(
      () => "",
      (e: unknown) => (e as { stdout: string }).stdout,
    );
    const errors = failed.split("\n").filter((line) => /error TS\d+/.test(line));
    expect(errors.filter((line) => !line.startsWith("wrong.ts("))).toEqual([]);
    expect(failed).toMatch(/wrong\.ts\(2,\d+\): error TS2322: Type '"pypi"' is not assignable/);
    expect(failed).toMatch(/wrong\.ts\(3,\d+\): error TS2345:/); // org and username stay exclusive
  });
});
