// spec:sync on a stand-in for the @octokit/openapi package, built here: offline, and quick.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const SCRIPT = fileURLToPath(new URL("../scripts/spec-sync.mjs", import.meta.url));
const COMPARE = fileURLToPath(new URL("../scripts/spec-compare.mjs", import.meta.url));
type Json = Record<string, any>;
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8")) as Json;
let dir: string;

/** A package folder and tarball like @octokit/openapi's, with the descriptions given. */
async function fakePackage(name: string, descriptions: Record<string, Json>): Promise<string> {
  const root = path.join(dir, name);
  mkdirSync(path.join(root, "package", "generated"), { recursive: true });
  writeFileSync(path.join(root, "package", "package.json"), JSON.stringify({ name: "@octokit/openapi", version: "99.0.0" }));
  for (const [file, doc] of Object.entries(descriptions)) writeFileSync(path.join(root, "package", "generated", file), JSON.stringify(doc));
  await promisify(execFile)("tar", ["-czf", path.join(root, "openapi.tgz"), "-C", root, "package"]);
  return path.join(root, "openapi.tgz");
}

/** api.github.com's three listings: the two extracts in one document. */
function apiListings(): Json {
  const user = fixture("upstream-user-packages.json");
  const ns = fixture("upstream-namespace-packages.json");
  const components: Json = {};
  for (const doc of [ns, user]) for (const [kind, entries] of Object.entries(doc.components as Json)) components[kind] = { ...components[kind], ...(entries as Json) };
  return { info: { title: "api.github.com" }, paths: { ...user.paths, ...ns.paths }, components };
}

const run = (file: string, args: string[]) =>
  new Promise<{ code: number; out: string }>((resolve) => {
    execFile(process.execPath, [file, ...args], (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code) : 0, out: stdout + stderr }));
  });

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "ghup-sync-test-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run spec:sync", () => {
  it("takes api.github.com, GHEC and the newest GHES, and reports each", async () => {
    const api = apiListings();
    const old = { ...api, paths: { "/user/packages": api.paths["/user/packages"] } };
    const tarball = await fakePackage("ok", { "api.github.com.json": api, "ghec.json": fixture("upstream-ghec-listings.json"), "ghes-3.9.json": old, "ghes-3.19.json": fixture("upstream-ghes-3.19-listings.json") });
    const r = await run(SCRIPT, [tarball]);
    expect(r.out).toContain("@octokit/openapi 99.0.0: comparing the fragment with upstream-api.github.com-listings.json, upstream-ghec-listings.json, upstream-ghes-3.19-listings.json");
    expect(r.out).toMatch(/api\.github\.com: ✔ no drift/);
    expect(r.out).toMatch(/GHEC: ✔ no drift; 3 optional fields differ in this edition \(informational\)/);
    expect(r.out).toMatch(/GHES 3\.19: ✔ no drift; 15 optional fields differ/);
    expect(r.code).toBe(0);
  });

  it("fails with the report when the fragment drifts from an edition", async () => {
    const api = apiListings();
    api.components.parameters["per-page"].schema.maximum = 50;
    const tarball = await fakePackage("drift", { "api.github.com.json": api, "ghec.json": fixture("upstream-ghec-listings.json") });
    const r = await run(SCRIPT, [tarball]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/api\.github\.com: ✘ 2 differences/);
    expect(r.out).toContain("GET /users/{username}/packages parameter per_page: maximum differs: fragment 100, upstream 50");
  });
});

describe("npm run spec:compare across editions", () => {
  it("prints GHEC's and GHES's optional-field differences as informational, exit 0; --strict exits 1", async () => {
    const files = ["upstream-ghec-listings.json", "upstream-ghes-3.19-listings.json"].map((f) => fileURLToPath(new URL(`./fixtures/${f}`, import.meta.url)));
    const r = await run(COMPARE, files);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/GHEC \(.*\): ✔ no drift\n {2}3 optional fields differ in this edition \(informational\):/);
    expect(r.out).toContain("secret_scanning_validity_checks: property is in this edition but not in the fragment");
    expect(r.out).toContain("secret_scanning_delegated_bypass: property is in the fragment but not in this edition");
    expect((await run(COMPARE, ["--strict", ...files])).code).toBe(1);
  });
});
