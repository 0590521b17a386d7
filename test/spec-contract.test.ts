import { describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Package } from "../src/index.js";
import { run } from "../scripts/spec-contract.mjs";
import { makePackage, makePackages, startMockGitHub } from "../src/testing.js";

// Runs the contract check offline, in this process, against the mock serving the packages given.
// One test starts it as a process, as `npm run spec:contract` does, for its exit code.
const SCRIPT = fileURLToPath(new URL("../scripts/spec-contract.mjs", import.meta.url));
const TOKEN = "contract-token";

async function contract(packages: Package[], extra: string[] = ["--types", "npm"]) {
  const mock = await startMockGitHub({ token: TOKEN, packages, orgs: { acme: packages }, users: { octocat: packages } });
  try {
    const lines: string[] = [];
    const io = { out: (line: string) => lines.push(line), err: (line: string) => lines.push(line) };
    const code = await run(["--base-url", mock.url, ...extra], { GITHUB_TOKEN: TOKEN }, io);
    return { code, out: lines.join("\n") };
  } finally {
    await mock.close();
  }
}

const drifted = (index: number, change: (p: Record<string, unknown>) => void): Package => {
  const p = makePackage(index, { package_type: "npm" }) as unknown as Record<string, unknown>;
  change(p);
  return p as unknown as Package;
};

describe("npm run spec:contract", () => {
  it("passes on the mock's own packages, every type, headers included", async () => {
    const r = await contract(makePackages(60, (i) => ({ package_type: (["npm", "maven", "rubygems", "docker", "nuget", "container"] as const)[i % 6] })), []);
    expect(r.out).toMatch(/✔ 60 packages of 6 types and their headers match/);
    expect(r.code).toBe(0);
  });

  it("checks an organization's and another user's listings too", async () => {
    const packages = makePackages(12, { package_type: "npm", visibility: "public" });
    const org = await contract(packages, ["--types", "npm", "--org", "acme"]);
    expect(org.out).toMatch(/✔ 12 packages of 1 type and their headers match/);
    const user = await contract([...packages.slice(0, 11), { ...packages[11]!, visibility: "secret" as "public" }], ["--types", "npm", "--user", "octocat"]);
    expect(user.code).toBe(0); // another user's listing shows public packages only: the odd one is not listed
    const odd = await contract([{ ...packages[0]!, visibility: "secret" as "public" }], ["--types", "npm", "--org", "acme"]);
    expect(odd.code).toBe(1);
    expect(odd.out).toMatch(/visibility: must be equal to one of the allowed values/);
    expect((await contract(packages, ["--org", "acme", "--user", "octocat"])).code).toBe(2);
  });

  it("accepts an extra property", async () => {
    const r = await contract([drifted(0, (p) => (p.brand_new_field = { any: "thing" }))]);
    expect(r.code).toBe(0);
  });

  it("reports an unknown enum value with its path and package id", async () => {
    const r = await contract([makePackage(0, { package_type: "npm" }), drifted(1, (p) => (p.visibility = "internal"))]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('npm package 2 (items/1) /visibility: must be equal to one of the allowed values ["private","public"] (got "internal")');
  });

  it("reports a missing required field", async () => {
    const r = await contract([drifted(4, (p) => delete p.version_count)]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("npm package 5 (items/0) (the package itself): must have required property 'version_count'");
  });

  it("reports a null where the spec does not allow one, deep inside", async () => {
    const r = await contract([
      drifted(0, (p) => {
        p.html_url = null;
        (p.repository as Record<string, unknown>).full_name = null;
      }),
    ]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("npm package 1 (items/0) /html_url: must be string (got null)");
    expect(r.out).toContain("npm package 1 (items/0) /repository/full_name: must be string (got null)");
    expect(r.out).toMatch(/✘ 2 mismatches/);
  });

  it("exits 2 without a token, as a process, saying which variable to set", async () => {
    const r = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(process.execPath, [SCRIPT], { env: { PATH: process.env.PATH ?? "" } }, (err, _stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code) : 0, stderr })),
    );
    expect(r).toEqual({ code: 2, stderr: expect.stringContaining("set GITHUB_TOKEN (or GH_TOKEN)") as string });
  });

  it("exits 2 when the API cannot be reached, naming the request", async () => {
    const r = await contract(makePackages(1, { package_type: "npm" }), ["--types", "npm", "--base-url", "http://127.0.0.1:1"]);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/^spec:contract: GET \/user\/packages\?package_type=npm: /);
  });
});
