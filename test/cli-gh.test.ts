// The CLI for gh users: -L across pages, --json fields, gh's token sources (a stand-in `gh` first on
// PATH), GH_HOST and the enterprise variables, a 401 that names the source and a 403 that names
// `gh auth refresh`, tables that keep ID and NAME whole, dates in gh's words, the mock's banner.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../src/cli/main.js";
import { fuzzyAgo } from "../src/cli/ago.js";
import { fitColumns } from "../src/cli/table.js";
import { apiRoot, targetOf } from "../src/cli/target.js";
import { findToken } from "../src/cli/token.js";
import { ghToken, tokenIn } from "../src/cli/gh-login.js";
import type { Package } from "../src/index.js";
import { makePackages, startMockGitHub, type MockGitHub } from "../src/testing.js";
import { FakeClock, until } from "./fake-clock.js";
import { recorder } from "./fake-terminal.js";
import { runCli as runPiped } from "./run-cli.js";
import { withMock } from "./with-mock.js";

const TOKEN = "ghp_cliGhSuiteToken0123456789abcdefXYZ";
let mock: MockGitHub;
let bin: string;

beforeAll(async () => {
  mock = await startMockGitHub({ token: TOKEN, packages: makePackages(95, { package_type: "container" }) });
  bin = mkdtempSync(join(tmpdir(), "gh-stand-in-"));
});
afterAll(async () => {
  await mock.close();
  rmSync(bin, { recursive: true, force: true });
});

/** A stand-in `gh` in a directory of its own: records its arguments, then runs `body` (sh). */
function standIn(name: string, body: string): { path: string; calls: () => string[] } {
  const dir = join(bin, name);
  const log = join(dir, "calls.log");
  rmSync(dir, { recursive: true, force: true });
  writeFileSync(join(bin, `${name}.keep`), "");
  mkdirSync(dir);
  writeFileSync(join(dir, "gh"), `#!/bin/sh\necho "$@" >> '${log}'\n${body}\n`);
  chmodSync(join(dir, "gh"), 0o755);
  return { path: `${dir}:/usr/bin:/bin`, calls: () => (existsSync(log) ? readFileSync(log, "utf8").trimEnd().split("\n") : []) };
}

const ids = (ndjson: string) => ndjson.trimEnd().split("\n").filter(Boolean).map((l) => (JSON.parse(l) as Package).id);

describe("1: -L n lists up to n packages across pages, with or without --all", () => {
  it.each([[[]], [["--all"]]])("-L 40 %j gives 40 packages, piped", async (all) => {
    const r = await runPiped(["list", "--type", "container", "-L", "40", ...all, "--format", "ndjson", "--base-url", mock.url], { GH_TOKEN: TOKEN });
    expect(r.code).toBe(0);
    expect(ids(r.stdout)).toEqual(mock.packages.slice(0, 40).map((p) => p.id));
  });

  it("-L past the listing gives every package; no -L gives one page of 30; --per-page 10 -L 25 reads three pages", async () => {
    const every = await runPiped(["list", "--type", "container", "-L", "500", "--format", "ndjson", "--base-url", mock.url], { GH_TOKEN: TOKEN });
    expect(ids(every.stdout)).toHaveLength(95);
    const one = await runPiped(["list", "--type", "container", "--format", "ndjson", "--base-url", mock.url], { GH_TOKEN: TOKEN });
    expect(ids(one.stdout)).toHaveLength(30);
    mock.requests.length = 0;
    const small = await runPiped(["list", "--type", "container", "--per-page", "10", "-L", "25", "--format", "ndjson", "--base-url", mock.url], { GH_TOKEN: TOKEN });
    expect(ids(small.stdout)).toEqual(mock.packages.slice(0, 25).map((p) => p.id));
    expect(mock.requests.map((r) => r.query.page)).toEqual(["1", "2", "3"]);
  });
});

describe("2: --json fields, as gh's", () => {
  it("prints the fields named, in that order, as a JSON array", async () => {
    const r = await runPiped(["list", "--type", "container", "-L", "3", "--json", "visibility,name,owner", "--base-url", mock.url], { GH_TOKEN: TOKEN });
    expect(r.code).toBe(0);
    const want = mock.packages.slice(0, 3).map((p) => ({ visibility: p.visibility, name: p.name, owner: p.owner }));
    expect(JSON.parse(r.stdout)).toEqual(want);
    expect(Object.keys((JSON.parse(r.stdout) as object[])[0] ?? {})).toEqual(["visibility", "name", "owner"]);
  });

  it.each([[["--json"]], [["--json="]], [["--json", "--all"]]])("%j without fields exits 1 and lists the fields on stderr", async (flag) => {
    const r = await runPiped(["list", "--type", "container", ...flag, "--base-url", mock.url], { GH_TOKEN: TOKEN });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.split("\n")[0]).toBe("Specify one or more comma-separated fields for `--json`:");
    for (const field of Object.keys(mock.packages[0] ?? {})) expect(r.stderr).toContain(`\n  ${field}\n`);
  });

  it("--format json stays; --json with another format or --columns, or an unknown field, is a usage error", async () => {
    const same = await runPiped(["list", "--type", "container", "-L", "2", "--format", "json", "--json", "id", "--base-url", mock.url], { GH_TOKEN: TOKEN });
    expect(JSON.parse(same.stdout)).toEqual(mock.packages.slice(0, 2).map((p) => ({ id: p.id })));
    for (const [extra, message] of [
      [["--format", "csv"], /--json cannot be combined with --format csv/],
      [["--columns", "id"], /--json names the fields itself/],
    ] as const) {
      const r = await runPiped(["list", "--type", "container", "--json", "id", ...extra], { GH_TOKEN: TOKEN });
      expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(message)]);
    }
    const typo = await runPiped(["list", "--type", "container", "--json", "nmae"], { GH_TOKEN: TOKEN });
    expect([typo.code, typo.stderr]).toEqual([2, expect.stringMatching(/unknown field "nmae" \(did you mean name\?\)/)]);
  });
});

describe("3: token sources in gh's order, gh's login last, bounded, its output never shown", () => {
  it("without GH_TOKEN or GITHUB_TOKEN, the token of `gh auth token --hostname HOST` lists, and is never printed", async () => {
    const gh = standIn("ok", `echo '${TOKEN}'\necho "debug: ${TOKEN}" >&2`);
    const r = await runPiped(["list", "--type", "container", "-L", "2", "--format", "json", "--columns", "id", "--base-url", mock.url], { PATH: gh.path });
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(JSON.parse(r.stdout)).toHaveLength(2);
    expect(gh.calls()).toEqual(["auth token --hostname 127.0.0.1"]);
  });

  it("GH_TOKEN, then GITHUB_TOKEN, come first: gh is not run", async () => {
    const gh = standIn("unused", `echo 'wrong-token-from-gh'`);
    for (const env of [{ GH_TOKEN: TOKEN }, { GITHUB_TOKEN: TOKEN }]) {
      const r = await runPiped(["list", "--type", "container", "-L", "1", "--base-url", mock.url], { ...env, PATH: gh.path });
      expect(r.code).toBe(0);
    }
    expect(gh.calls()).toEqual([]);
  });

  it("a 401 with gh's token says it came from gh's login; what gh printed is never shown", async () => {
    const stale = "gho_staleTokenFromGhLogin0123456789";
    const gh = standIn("stale", `echo '${stale}'`);
    const r = await runPiped(["list", "--type", "container", "--base-url", mock.url], { PATH: gh.path });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/GitHub API 401: .* The token was read from gh's login \(gh auth token --hostname 127\.0\.0\.1\)\.\n$/);
    expect(r.stderr).not.toContain(stale.slice(4, 12));
  });

  it("a gh that fails, prints no token, or prints more than one line gives no token; no gh on PATH either", async () => {
    for (const [name, body] of [
      ["fails", "echo 'no oauth token found for 127.0.0.1' >&2\nexit 1"],
      ["empty", "exit 0"],
      ["noisy", `echo '${TOKEN}'\necho 'and more'`],
    ] as const) {
      const gh = standIn(name, body);
      const r = await runPiped(["list", "--type", "container", "--base-url", mock.url], { PATH: gh.path });
      expect([name, r.code, r.stderr]).toEqual([name, 2, expect.stringMatching(/^gh-user-packages: no token for 127\.0\.0\.1\. Set GH_TOKEN \(or GITHUB_TOKEN\)/)]);
      expect(r.stderr).not.toContain(TOKEN.slice(4, 12));
    }
    const none = await runPiped(["list", "--type", "container", "--base-url", mock.url], { PATH: join(bin, "nowhere") });
    expect(none.code).toBe(2);
  });

  it("a gh that hangs is stopped at the timeout, its children too, and the CLI goes on without it", async () => {
    const gh = standIn("hangs", `sleep 30 &\nwait`);
    const err = recorder(false);
    const code = await runCli({ argv: ["list", "--type", "container", "--base-url", mock.url], env: { PATH: gh.path }, stdout: recorder(false), stderr: err, ghTimeoutMs: 300 });
    expect(code).toBe(2);
    expect(err.text()).toMatch(/no token for 127\.0\.0\.1/);
    expect(gh.calls()).toEqual(["auth token --hostname 127.0.0.1"]);
  });

  it("the timeout runs on the injected clock, and the caller's signal stops gh at once", async () => {
    const gh = standIn("hangs-too", "sleep 30");
    const clock = new FakeClock();
    const pending = ghToken("github.com", { env: { PATH: gh.path }, clock, timeoutMs: 5_000 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await clock.advance(5_000);
    expect(await pending).toBeUndefined();
    const stop = new AbortController();
    const stopped = ghToken("github.com", { env: { PATH: gh.path }, signal: stop.signal, timeoutMs: 60_000 });
    stop.abort(new Error("stop"));
    await expect(stopped).rejects.toThrow("stop");
  });

  it("a root the client refuses is said first: gh is not run for it", async () => {
    const gh = standIn("bad-root", `echo '${TOKEN}'`);
    const r = await runPiped(["list", "--type", "npm", "--base-url", "https://x-access-token:sekret-value-42@ghe.example.com/api/v3"], { PATH: gh.path });
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/^gh-user-packages: --base-url: /)]);
    expect(gh.calls()).toEqual([]);
  });

  it("reads one token on one line, nothing else", () => {
    expect(tokenIn(`${TOKEN}\n`)).toBe(TOKEN);
    expect(tokenIn(`${TOKEN}\nmore`)).toBeUndefined();
    expect(tokenIn("")).toBeUndefined();
    expect(tokenIn("a b")).toBeUndefined();
  });
});

describe("4: GH_HOST, GH_ENTERPRISE_TOKEN and GITHUB_ENTERPRISE_TOKEN", () => {
  it("GH_HOST (not github.com) means https://HOST/api/v3; --base-url and GITHUB_API_URL still win", () => {
    expect(apiRoot(undefined, { GH_HOST: "ghe.example.com" })).toBe("https://ghe.example.com/api/v3");
    expect(apiRoot(undefined, { GH_HOST: "github.com" })).toBeUndefined();
    expect(apiRoot(undefined, { GH_HOST: "octo.ghe.com" })).toBe("https://api.octo.ghe.com");
    expect(apiRoot(undefined, { GH_HOST: "ghe.example.com", GITHUB_API_URL: "https://other.example/api/v3" })).toBe("https://other.example/api/v3");
    expect(apiRoot("https://flag.example/api/v3", { GH_HOST: "ghe.example.com", GITHUB_API_URL: "https://other.example/api/v3" })).toBe("https://flag.example/api/v3");
    expect(() => apiRoot(undefined, { GH_HOST: "user:secret@ghe.example.com" })).toThrow(/GH_HOST must be a host name/);
    expect(() => apiRoot(undefined, { GH_HOST: "user:secret@ghe.example.com" })).not.toThrow(/secret/);
  });

  it("an enterprise host reads GH_ENTERPRISE_TOKEN, then GITHUB_ENTERPRISE_TOKEN, then gh's login for that host; never GH_TOKEN", async () => {
    const ghe = targetOf("https://ghe.example.com/api/v3");
    expect(ghe).toEqual({ baseUrl: "https://ghe.example.com/api/v3", host: "ghe.example.com", enterprise: true });
    const io = (env: Record<string, string>) => ({ argv: [], env, stdout: recorder(false), stderr: recorder(false) });
    expect(await findToken(io({ GH_ENTERPRISE_TOKEN: "ent-one", GITHUB_ENTERPRISE_TOKEN: "ent-two", GH_TOKEN: "dotcom" }), ghe)).toMatchObject({ token: "ent-one", from: "GH_ENTERPRISE_TOKEN" });
    expect(await findToken(io({ GITHUB_ENTERPRISE_TOKEN: "ent-two", GH_TOKEN: "dotcom" }), ghe)).toMatchObject({ token: "ent-two", from: "GITHUB_ENTERPRISE_TOKEN" });
    const gh = standIn("enterprise", "echo 'ent-from-gh-login'");
    expect(await findToken(io({ GH_TOKEN: "dotcom", PATH: gh.path }), ghe)).toMatchObject({ token: "ent-from-gh-login", gh: true });
    expect(gh.calls()).toEqual(["auth token --hostname ghe.example.com"]);
    await expect(findToken(io({ GH_TOKEN: "dotcom" }), ghe)).rejects.toThrow(/no token for ghe\.example\.com\. Set GH_ENTERPRISE_TOKEN \(or GITHUB_ENTERPRISE_TOKEN\).*GH_TOKEN and GITHUB_TOKEN are for github\.com/);
  });

  it("github.com, GHE.com and a loopback stand-in read GH_TOKEN", () => {
    expect(targetOf(undefined)).toMatchObject({ host: "github.com", enterprise: false });
    expect(targetOf("https://api.github.com")).toMatchObject({ host: "github.com", enterprise: false });
    expect(targetOf("https://api.octo.ghe.com")).toMatchObject({ host: "octo.ghe.com", enterprise: false });
    expect(targetOf(mock.url)).toMatchObject({ host: "127.0.0.1", enterprise: false });
  });

  it("with GH_HOST and no token, the CLI asks gh for that host and says which variables it read", async () => {
    const gh = standIn("ghe-none", "exit 1");
    const r = await runPiped(["list", "--type", "npm"], { GH_HOST: "ghe.example.com", GH_TOKEN: TOKEN, PATH: gh.path });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no token for ghe\.example\.com\. Set GH_ENTERPRISE_TOKEN/);
    expect(gh.calls()).toEqual(["auth token --hostname ghe.example.com"]);
  });
});

describe("5: a 403 for a missing scope says gh auth refresh -s read:packages", () => {
  it("for gh's token, as the fix; for a variable's, as the way for gh's login", async () => {
    await withMock({ token: TOKEN, scopes: ["repo"] }, async (server) => {
      const gh = standIn("scopeless", `echo '${TOKEN}'`);
      const fromGh = await runPiped(["list", "--type", "npm", "--base-url", server.url], { PATH: gh.path });
      expect(fromGh.code).toBe(1);
      expect(fromGh.stderr).toMatch(/GitHub API 403: .*read:packages.* The token is gh's login: add the scope with gh auth refresh --hostname 127\.0\.0\.1 -s read:packages\.\n$/);
      const fromVariable = await runPiped(["list", "--type", "npm", "--all", "--base-url", server.url], { GH_TOKEN: TOKEN });
      expect(fromVariable.stderr).toMatch(/\(A token from gh's login gets the scope with gh auth refresh --hostname 127\.0\.0\.1 -s read:packages\.\)\n$/);
    });
  });

  it("other 403s do not", async () => {
    await withMock({ token: TOKEN, onRequest: () => ({ status: 403, body: { message: "Resource not accessible by integration" } }) }, async (server) => {
      const r = await runPiped(["list", "--type", "npm", "--base-url", server.url], { GH_TOKEN: TOKEN });
      expect(r.stderr).not.toContain("gh auth refresh");
    });
  });
});

describe("6: tables keep ID and NAME whole; a width of 0 or none means 80", () => {
  const long = makePackages(4, { package_type: "npm" }).map((p, i) => ({ ...p, name: `a-package-with-a-long-shared-prefix-${i}` }));

  it("at 60 columns, names that differ at the end are all whole; columns that do not fit are left out, in one note", async () => {
    await withMock({ token: TOKEN, packages: long }, async (server) => {
      const out = recorder(true, 60);
      const err = recorder(true, 60);
      expect(await runCli({ argv: ["list", "--type", "npm", "--base-url", server.url], env: { GH_TOKEN: TOKEN, NO_COLOR: "1" }, stdout: out, stderr: err })).toBe(0);
      const rows = out.text().trimEnd().split("\n").slice(1);
      expect(rows.map((r) => r.split(/\s+/).slice(0, 2))).toEqual(long.map((p) => [String(p.id), p.name]));
      expect(Math.max(...out.text().split("\n").map((l) => l.length))).toBeLessThanOrEqual(60);
      expect(err.text().match(/left out/g)).toHaveLength(1);
      expect(out.text()).not.toContain("…");
    });
  });

  it.each([0, undefined])("a terminal that reports %s columns gets 80", async (columns) => {
    const out = recorder(true, columns);
    expect(await runCli({ argv: ["list", "--type", "container", "--base-url", mock.url], env: { GH_TOKEN: TOKEN, NO_COLOR: "1" }, stdout: out, stderr: recorder(true, columns) })).toBe(0);
    const lines = out.text().trimEnd().split("\n");
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(80);
    expect(lines[0]).toMatch(/^ID\s+NAME\s+VISIBILITY/);
    expect(lines[1]?.split(/\s+/)[1]).toBe(mock.packages[0]?.name);
  });

  it("fitColumns: fixed columns keep their width; others share the room under one cap, and go from the right when even their floors do not fit", () => {
    expect(fitColumns([3, 10, 8, 8], [2, 4, 6, 6], [true, true, false, false], 100)).toEqual({ kept: [0, 1, 2, 3], widths: [3, 10, 8, 8] });
    expect(fitColumns([3, 10, 20, 8], [2, 4, 6, 6], [true, true, false, false], 35)).toEqual({ kept: [0, 1, 2, 3], widths: [3, 10, 8, 8] });
    expect(fitColumns([3, 10, 20, 8], [2, 4, 6, 6], [true, true, false, false], 25)).toEqual({ kept: [0, 1, 2], widths: [3, 10, 8] });
    expect(fitColumns([3, 40, 20], [2, 4, 6], [true, true, false], 20)).toEqual({ kept: [0, 1], widths: [3, 40] });
  });
});

describe("7: dates on a terminal in gh's words; piped, csv and json keep ISO 8601", () => {
  it("fuzzyAgo says it as gh does", () => {
    const now = Date.UTC(2026, 5, 15, 12);
    const ago = (ms: number) => fuzzyAgo(new Date(now - ms).toISOString(), now);
    expect(ago(30_000)).toBe("less than a minute ago");
    expect(ago(60_000)).toBe("about 1 minute ago");
    expect(ago(5 * 3_600_000)).toBe("about 5 hours ago");
    expect(ago(2 * 86_400_000)).toBe("about 2 days ago");
    expect(ago(95 * 86_400_000)).toBe("about 3 months ago");
    expect(ago(800 * 86_400_000)).toBe("about 2 years ago");
    expect(fuzzyAgo("not a date", now)).toBe("not a date");
  });

  it("the terminal table says 'about 2 days ago'; piped, the same run prints the exact time", async () => {
    const clock = new FakeClock(); // time stands still: no wait of the client ends
    const updated = new Date(clock.now() - 2 * 86_400_000 - 60_000).toISOString();
    await withMock({ token: TOKEN, packages: makePackages(1, { package_type: "npm", updated_at: updated }) }, async (server) => {
      const out = recorder(true, 200);
      await runCli({ argv: ["list", "--type", "npm", "--base-url", server.url], env: { GH_TOKEN: TOKEN, NO_COLOR: "1" }, stdout: out, stderr: recorder(true, 200), clock });
      expect(out.text()).toMatch(/\sabout 2 days ago\n$/);
      const piped = await runPiped(["list", "--type", "npm", "--base-url", server.url], { GH_TOKEN: TOKEN });
      expect(piped.stdout).toMatch(new RegExp(`\\t${updated}\\n$`));
      const json = recorder(true, 200);
      await runCli({ argv: ["list", "--type", "npm", "--json", "updated_at", "--base-url", server.url], env: { GH_TOKEN: TOKEN }, stdout: json, stderr: recorder(true), clock });
      expect(JSON.parse(json.text())).toEqual([{ updated_at: updated }]);
    });
  });
});

describe("8: the mock's banner shows the variables the README's quick start reads", () => {
  it("every process.env name of the quick start is in the banner, and the command it prints lists", async () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const quickStart = readme.split("\n## Quick start\n")[1]?.split("\n## ")[0] ?? "";
    const names = [...new Set([...quickStart.matchAll(/process\.env\.([A-Z_]+)/g)].map((m) => m[1] ?? ""))];
    expect(names).toEqual(["GITHUB_TOKEN", "GITHUB_API_URL"]);
    let stop: () => void = () => undefined;
    const out = recorder(false);
    const running = runCli({ argv: ["mock", "--packages", "12"], env: {}, stdout: out, stderr: recorder(false), untilStopped: new Promise<void>((resolve) => (stop = resolve)) });
    for (let i = 0; i < 200 && !out.text().includes("Ctrl+C"); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    const line = /^ {2}(.*)$/m.exec(out.text())?.[1] ?? "";
    for (const name of names) expect(line).toMatch(new RegExp(`(^|\\s)${name}=\\S+`));
    const env = Object.fromEntries([...line.matchAll(/([A-Z_]+)=(\S+)/g)].map((m) => [m[1] ?? "", m[2] ?? ""]));
    const argv = line.split(/\s+/).slice(line.split(/\s+/).indexOf("list"));
    const r = await runPiped(argv, env);
    expect([r.code, r.stderr, r.stdout.trimEnd().split("\n")]).toEqual([0, "", expect.arrayContaining([expect.stringMatching(/\tpackage-\d+\t/)])]);
    stop();
    expect(await running).toBe(0);
  });
});

describe("1: -L asks for pages no larger than it needs, as gh does", () => {
  it.each([
    [["-L", "7"], "7"],
    [["-L", "7", "--all"], "7"],
    [["-L", "150"], "100"],
    [["-L", "7", "--per-page", "5"], "5"],
  ])("%j asks per_page %s", async (flags, perPage) => {
    // A mock of its own: with --all the client may ask for a page ahead, and that request may come late.
    await withMock({ token: TOKEN, packages: makePackages(95, { package_type: "container" }) }, async (server) => {
      const r = await runPiped(["list", "--type", "container", ...flags, "--format", "ndjson", "--base-url", server.url], { GH_TOKEN: TOKEN });
      expect(ids(r.stdout)).toHaveLength(Math.min(95, Number(flags[1])));
      await until(() => server.inFlight() === 0, "this listing's requests to end");
      expect(new Set(server.requests.map((q) => q.query.per_page))).toEqual(new Set([perPage]));
    });
  });
});
