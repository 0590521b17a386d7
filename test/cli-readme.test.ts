// The README's CLI section: every `npx gh-user-packages list` command it shows runs, as written,
// against the mock (in-process); the workflow is valid YAML that passes a classic token as GH_TOKEN.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { runCli } from "../src/cli/main.js";
import { makePackages, startMockGitHub, type MockGitHub } from "../src/testing.js";
import { recorder } from "./fake-terminal.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const section = readme.split("\n## The CLI\n")[1]?.split("\n## ")[0] ?? "";
let mock: MockGitHub;

beforeAll(async () => {
  mock = await startMockGitHub({ token: "readme-cli-token", packages: makePackages(120, (i) => ({ package_type: i % 2 ? "container" : "npm" })) });
});
afterAll(() => mock.close());

/** A command line of the README: its environment assignments and the CLI's arguments. */
function commandOf(line: string): { env: Record<string, string>; argv: string[] } {
  const words = line.replace(/\s+#.*$/, "").replace(/\s*[|>].*$/, "").trim().split(/\s+/);
  const env: Record<string, string> = {};
  while (/^[A-Z_]+=/.test(words[0] ?? "")) {
    const [name = "", value = ""] = (words.shift() ?? "").split("=");
    env[name] = value;
  }
  const start = words.indexOf("gh-user-packages");
  return { env, argv: words.slice(start + 1) };
}

/** Runs a README command against the mock: the GHES address stands for it. */
async function runAgainstMock(line: string) {
  const { env, argv } = commandOf(line.replaceAll("https://ghe.example.com/api/v3", mock.url));
  const stdout = recorder(false);
  const stderr = recorder(false);
  const code = await runCli({ argv, env: { GITHUB_API_URL: mock.url, ...env, GH_TOKEN: mock.token }, stdout, stderr });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

describe("README: the CLI", () => {
  const lines = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => (m[1] ?? "").split("\n")).filter((l) => /gh-user-packages list /.test(l));

  it("shows the CLI through npx after a local install", () => {
    expect(lines.length).toBeGreaterThanOrEqual(6);
    for (const line of lines) expect(line).toMatch(/(^|\s)npx gh-user-packages list /);
  });

  it("every list command it shows runs against the mock and lists packages", async () => {
    for (const line of lines) {
      const r = await runAgainstMock(line);
      expect([line, r.code, r.stderr]).toEqual([line, 0, ""]);
      expect(r.stdout.length).toBeGreaterThan(0);
    }
  });

  it("says how to make a token: a classic one with read:packages, and what GitHub's docs say of other kinds", () => {
    expect(section).toContain("https://github.com/settings/tokens/new?scopes=read:packages");
    expect(section).toMatch(/personal access token \(classic\)/);
    expect(section).toMatch(/fine-grained/);
    expect(section).toMatch(/GitHub App/);
    expect(section).toMatch(/GH_TOKEN` first, then `GITHUB_TOKEN`/);
  });

  it("has a GitHub Actions workflow that passes a stored classic token as GH_TOKEN, and whose command runs", async () => {
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
    const workflow = parse(yaml) as { jobs: Record<string, { steps: { run?: string; env?: Record<string, string> }[] }> };
    const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
    const step = steps.find((s) => s.run?.includes("gh-user-packages list"));
    expect(step?.env?.GH_TOKEN).toMatch(/^\$\{\{ secrets\.(?!GITHUB_TOKEN)[A-Z_]+ \}\}$/);
    const r = await runAgainstMock(step?.run?.replace("npx --yes", "npx") ?? "");
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(r.stdout.split("\r\n")[0]).toBe("id,name,package_type,visibility,version_count,repository,html_url,created_at,updated_at");
  });

  it("shows the CLI against GitHub Enterprise Server through GITHUB_API_URL", () => {
    expect(lines.some((l) => /^GITHUB_API_URL=https:\/\/\S+\/api\/v3 npx gh-user-packages list/.test(l))).toBe(true);
  });
});
