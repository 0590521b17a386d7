// The CLI's part of "secrets known, not guessed": an empty --base-url is refused, a usage error is
// one line whatever argv holds, bidirectional and invisible characters are escaped on a terminal,
// and no refusal writes any 8-character piece of a credential the CLI was given.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/main.js";
import { holdsSecret, PIECE } from "../src/core/door/secrets.js";
import type { Package } from "../src/index.js";
import { makePackages, startMockGitHub, type MockGitHub } from "../src/testing.js";
import { quickWaits } from "./fake-clock.js";
import { recorder } from "./fake-terminal.js";
import { freePort } from "./free-port.js";
import { runCli as runPiped } from "./run-cli.js";
import { withMock } from "./with-mock.js";

// A classic token's two shapes: ghp_ with 36 characters, and the older 40 hex digits.
const GHP = "ghp_Zq3xV9kLm2Np7Rt4Ws8Yb6Cd1Ef5Gh0Jk2Lm";
const HEX = "3f9c2a7be41d08f6c5a9e2b7d4c1f0a8e6b3d9c2";
let mock: MockGitHub;

beforeAll(async () => {
  mock = await startMockGitHub({ token: "the-mock-token-1234", packages: makePackages(3, { package_type: "npm" }) });
});
afterAll(() => mock.close());

describe("an empty --base-url is a usage error, not api.github.com", () => {
  it.each([[["--base-url", ""]], [["--base-url="]]])("%j exits 2 before any request, even with GITHUB_API_URL set", async (flag) => {
    const before = mock.requests.length;
    const r = await runPiped(["list", "--type", "npm", ...flag], { GH_TOKEN: "the-mock-token-1234", GITHUB_API_URL: mock.url });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gh-user-packages: --base-url is empty/);
    expect(mock.requests.length).toBe(before);
  });

  it("an empty GITHUB_API_URL is unset: the default applies (here refused for want of a token, not sent)", async () => {
    const r = await runPiped(["list", "--type", "npm"], { GITHUB_API_URL: "" });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no token for github\.com/);
  });
});

describe("a usage error's message is one line: argv cannot forge another", () => {
  const forged = "table\ngh-user-packages: listed 42 packages; all good\r\x1b[2K";
  it.each([
    [["list", "--type", "npm", "--format", forged]],
    [["list", "--type", `npm\n${forged}`]],
    [[`li\nst`]],
    [["help", `li\u202est`]],
    [["list", "--type", "npm", "--json", `name,\n${forged}`]],
  ])("%j", async (argv) => {
    const r = await runPiped(argv, { GH_TOKEN: "the-mock-token-1234" });
    expect(r.code).toBe(2);
    const lines = r.stderr.split("\n");
    // The message, the pointer to the help, and the end of the last line.
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^gh-user-packages: /);
    expect(lines[1]).toBe('Run "gh-user-packages help" for the options.');
    expect(r.stderr).not.toMatch(/[\r\x1b]/);
  });
});

describe("on a terminal, bidirectional and invisible characters are escaped in every format", () => {
  const hidden = ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\ufeff"];
  const names = hidden.map((c, i) => `invoice${c}fdp.exe-${i}`);
  const packages = (): Package[] => makePackages(names.length, { package_type: "npm" }).map((p, i) => ({ ...p, name: names[i] ?? p.name }));
  const any = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

  it("table, json, ndjson and csv: none reaches the terminal; json still parses to the exact names", async () => {
    await withMock({ token: GHP, packages: packages() }, async (server) => {
      for (const format of ["table", "json", "ndjson", "csv"]) {
        const out = recorder(true, 300);
        const err = recorder(true, 300);
        const code = await runCli({ argv: ["list", "--type", "npm", "--format", format, "--base-url", server.url], env: { GH_TOKEN: GHP }, stdout: out, stderr: err });
        expect([format, code, any.test(out.text()), any.test(err.text())]).toEqual([format, 0, false, false]);
        expect(out.text()).toContain("invoice\\u202efdp.exe-9");
        if (format === "json") expect((JSON.parse(out.text()) as Package[]).map((p) => p.name)).toEqual(names);
        if (format === "ndjson") expect(out.text().trimEnd().split("\n").map((l) => (JSON.parse(l) as Package).name)).toEqual(names);
      }
    });
  });

  it("piped, the data is exact", async () => {
    await withMock({ token: GHP, packages: packages() }, async (server) => {
      const r = await runPiped(["list", "--type", "npm", "--format", "ndjson", "--base-url", server.url], { GH_TOKEN: GHP });
      expect(r.stdout.trimEnd().split("\n").map((l) => (JSON.parse(l) as Package).name)).toEqual(names);
    });
  });

  it("a message from GitHub on a terminal's stderr too", async () => {
    await withMock({ token: GHP, onRequest: () => ({ status: 404, body: { message: "Not \u202eFound\u200b" } }) }, async (server) => {
      const err = recorder(true, 80);
      expect(await runCli({ argv: ["list", "--type", "npm", "--base-url", server.url], env: { GH_TOKEN: GHP }, stdout: recorder(true), stderr: err })).toBe(1);
      expect(err.text()).toContain("Not \\u202eFound\\u200b");
      expect(any.test(err.text())).toBe(false);
    });
  });
});

describe("token grep: no refusal writes an 8-character piece of a credential", () => {
  /** Every refusal the CLI makes, with `token` where a user or a server might put it. */
  const refusals = (token: string, urls: { ok: string; closed: string; scopeless: string }) => {
    const env = { GH_TOKEN: token };
    return [
      ["unknown option", ["list", "--type", "npm", `--${token}`], env],
      ["--format value", ["list", "--type", "npm", "--format", token], env],
      ["--format holding part of the token", ["list", "--type", "npm", "--format", `x${token.slice(5, 5 + PIECE)}x`], env],
      ["--type value", ["list", "--type", token], env],
      ["--columns value", ["list", "--type", "npm", "--columns", `name,${token}`], env],
      ["--json field", ["list", "--type", "npm", "--json", token], env],
      ["--per-page value", ["list", "--type", "npm", "--per-page", token], env],
      ["unknown command", [token], env],
      ["help topic", ["help", token], env],
      ["positional", ["list", "--type", "npm", token], env],
      ["--token flag", ["list", "--type", "npm", "--token", token], {}],
      ["query of --base-url", ["list", "--type", "npm", "--base-url", `https://ghe.example.com/api/v3?access_token=${token}`], env],
      ["unparseable --base-url", ["list", "--type", "npm", "--base-url", `https://ghe example.com/api/v3?access_token=${token}`], env],
      ["userinfo of --base-url", ["list", "--type", "npm", "--base-url", `https://x-access-token:${token}@ghe.example.com/api/v3`], env],
      ["query of GITHUB_API_URL", ["list", "--type", "npm"], { ...env, GITHUB_API_URL: `https://ghe.example.com/api/v3?token=${token}` }],
      ["userinfo of GITHUB_API_URL", ["list", "--type", "npm"], { GH_ENTERPRISE_TOKEN: token, GITHUB_API_URL: `https://${token}@ghe.example.com/api/v3` }],
      ["plain http to another host", ["list", "--type", "npm", "--base-url", "http://ghe.example.com/api/v3"], { GH_ENTERPRISE_TOKEN: token }],
      ["--org equal to the token", ["list", "--type", "npm", "--org", token, "--base-url", urls.ok], env],
      ["--user equal to the token", ["list", "--type", "npm", "--user", token, "--base-url", urls.ok], env],
      ["--page past the window", ["list", "--type", "npm", "--page", "200", "--per-page", "100", "--base-url", urls.ok], env],
      ["401", ["list", "--type", "npm", "--all", "--base-url", urls.ok], env],
      ["403 for a scope", ["list", "--type", "npm", "--base-url", urls.scopeless], env],
      ["network error", ["list", "--type", "npm", "--base-url", urls.closed], env],
      ["enterprise token variables", ["list", "--type", "npm", "--base-url", urls.ok], { GH_ENTERPRISE_TOKEN: token, GITHUB_ENTERPRISE_TOKEN: token, GITHUB_TOKEN: token }],
    ] as const;
  };

  it.each([
    ["a ghp_ token", GHP],
    ["a 40-hex token", HEX],
  ])("with %s", async (_, token) => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    // The server echoes the token in its answer: the guard must hide it there too.
    await withMock({ token, scopes: ["repo"], onRequest: () => ({ status: 403, body: { message: `You need read:packages; you sent ${token}, or ${token.slice(6, 30)}` } }) }, async (scopeless) => {
      const seen: string[] = [];
      for (const [what, argv, env] of refusals(token, { ok: mock.url, closed, scopeless: scopeless.url })) {
        const out = recorder(false);
        const err = recorder(false);
        const code = await runCli({ argv: [...argv], env: { ...env }, stdout: out, stderr: err, clock: quickWaits() });
        seen.push(what);
        expect([what, code === 0]).toEqual([what, false]);
        expect([what, err.text().length > 0]).toEqual([what, true]);
        for (const text of [out.text(), err.text(), ...out.writes, ...err.writes]) {
          expect([what, holdsSecret(text, [token]), text]).toEqual([what, false, text]);
        }
      }
      expect(seen).toHaveLength(24);
    });
  });

  it("the check itself finds a piece: one of PIECE characters, anywhere", () => {
    expect(holdsSecret(`x${HEX.slice(10, 10 + PIECE)}y`, [HEX])).toBe(true);
    expect(holdsSecret(`x${HEX.slice(10, 10 + PIECE - 1)}y`, [HEX])).toBe(false);
  });
});
