// The CLI on the listing's new ground: `--verify`, a field of the wrong type in the table and the
// CSV, a single page whose Link cannot be read, and a mock that serves no more than it can hold.
import { describe, expect, it } from "vitest";
import { makePackages, type MockGitHub, type MockGitHubOptions } from "../src/testing.js";
import { MAX_MOCK_PACKAGES } from "../src/cli/mock.js";
import type { Package } from "../src/index.js";
import { runCli } from "./run-cli.js";
import { withMock as withMockGitHub } from "./with-mock.js";

const TOKEN = "listing-cli-token";
const env = (mock: MockGitHub) => ({ GH_TOKEN: TOKEN, GITHUB_API_URL: mock.url });
const withMock = <T>(options: MockGitHubOptions, fn: (mock: MockGitHub) => Promise<T>) => withMockGitHub({ token: TOKEN, ...options }, fn);

describe("list --verify", () => {
  it("lists every page, then asks each again with If-None-Match (and the one after a full final page); exit 0", async () => {
    await withMock({ packages: makePackages(30, { package_type: "npm" }) }, async (mock) => {
      const { code, stdout, stderr } = await runCli(["list", "--type", "npm", "--all", "--verify", "--per-page", "10", "--format", "ndjson"], env(mock));
      expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
      expect(stdout.split("\n").filter(Boolean).map((line) => (JSON.parse(line) as Package).id)).toEqual(mock.packages.map((p) => p.id));
      expect(mock.requests.map((r) => [r.query.page, r.status])).toEqual([["1", 200], ["2", 200], ["3", 200], ["1", 304], ["2", 304], ["3", 304], ["4", 200]]);
    });
  });

  it("is refused without --all, before any request", async () => {
    await withMock({}, async (mock) => {
      const { code, stderr } = await runCli(["list", "--type", "npm", "--verify"], env(mock));
      expect(code).toBe(2);
      expect(stderr).toMatch(/--verify only applies with --all/);
      expect(mock.requests.length).toBe(0);
    });
  });
});

describe("a field of the wrong type", () => {
  // repository.full_name as a number, an object and null: GitHub's spec holds none of them.
  const odd = makePackages(3, { package_type: "npm" }).map((p, i) => ({ ...p, repository: { ...p.repository, full_name: [42, { a: 1 }, null][i] } }));
  const answering = { onRequest: () => ({ status: 200, body: odd }) };

  it.each(["table", "csv"])("prints as the other fields do in the %s: as written, or empty; exit 0", async (format) => {
    await withMock(answering, async (mock) => {
      const { code, stdout } = await runCli(["list", "--type", "npm", "--format", format, "--columns", "id,repository"], env(mock));
      expect(code).toBe(0);
      const lines = stdout.split(/\r?\n/).filter(Boolean);
      const cells = (format === "csv" ? lines.slice(1) : lines).map((line) => line.split(format === "csv" ? "," : "\t"));
      expect(cells).toEqual([["1", "42"], ["2", ""], ["3", ""]]);
    });
  });
});

describe("a single page whose Link cannot be read", () => {
  it("is written, with a notice on stderr; exit 0", async () => {
    const packages = makePackages(2, { package_type: "npm" });
    await withMock({ onRequest: () => ({ status: 200, headers: { Link: '<not a url>; rel="last"' }, body: packages }) }, async (mock) => {
      const { code, stdout, stderr } = await runCli(["list", "--type", "npm", "--format", "ndjson"], env(mock));
      expect(code).toBe(0);
      expect(stdout.split("\n").filter(Boolean).length).toBe(2);
      expect(stderr).toBe("gh-user-packages: notice: npm: GitHub's Link header names a last page that is not a URL with a page number\n");
    });
  });
});

describe("mock --packages", () => {
  it("refuses more than it can serve, and its help names the maximum", async () => {
    const refused = await runCli(["mock", "--packages", String(MAX_MOCK_PACKAGES + 1)], {});
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(new RegExp(`--packages must be .*${MAX_MOCK_PACKAGES}`));
    const help = await runCli(["help", "mock"], {});
    expect(help.stdout).toContain(`at most ${MAX_MOCK_PACKAGES.toLocaleString("en-US")}`);
  });
});
