import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile, spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { runCli, type CliStream } from "../src/cli/main.js";
import { VERSION, type Package } from "../src/index.js";
import { makePackages, startMockGitHub, type MockGitHub } from "../src/testing.js";

// The built CLI (npm test builds before running vitest), spawned as users run it.
const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const TOKEN = "ghp_cliSuiteSecretToken42";
const outputs: string[] = [];
let mock: MockGitHub;
let big: MockGitHub;

beforeAll(async () => {
  mock = await startMockGitHub({ token: TOKEN, packages: makePackages(45, (i) => ({ package_type: i % 3 ? "container" : "npm", name: i === 4 ? 'odd,"name"' : `pkg-${i + 1}` })) });
  big = await startMockGitHub({ token: TOKEN, packages: makePackages(10_050, { package_type: "npm" }), serializeOnce: true });
});
afterAll(async () => {
  await mock.close();
  await big.close();
  // Whatever happened, no output of any run showed the token.
  expect(outputs.filter((o) => o.includes(TOKEN))).toEqual([]);
});

function run(args: string[], env: Record<string, string> = { GITHUB_TOKEN: TOKEN }) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? "", ...env }, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      outputs.push(stdout, stderr);
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const containers = () => mock.packages.filter((p) => p.package_type === "container");

describe("gh-user-packages list", () => {
  it("prints a table by default, nothing on stderr", async () => {
    const r = await run(["list", "--type", "container", "--base-url", mock.url]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ID\s+NAME\s+TYPE\s+VISIBILITY\s+VERSIONS\s+REPOSITORY\s+UPDATED$/);
    expect(lines.length).toBe(1 + 30); // one page of GitHub's default 30
    expect(lines[1]).toMatch(new RegExp(`^${containers()[0]!.id}\\s+${containers()[0]!.name}\\s+container`));
    expect(r.stdout).not.toContain("\x1b["); // not a terminal: no colour
  });

  it("prints JSON, NDJSON and CSV", async () => {
    const json = await run(["list", "--type", "container", "--all", "--format", "json", "--base-url", mock.url]);
    expect(JSON.parse(json.stdout)).toEqual(containers());
    const nd = await run(["list", "--type", "container", "--all", "--format", "ndjson", "--base-url", mock.url]);
    expect(nd.stdout.trimEnd().split("\n").map((l) => (JSON.parse(l) as Package).id)).toEqual(containers().map((p) => p.id));
    const csv = await run(["list", "--type", "container", "--all", "--format", "csv", "--base-url", mock.url]);
    const rows = csv.stdout.split("\r\n").filter(Boolean);
    expect(rows[0]).toBe("id,name,type,visibility,versions,repository,updated");
    expect(rows.length).toBe(1 + containers().length);
    expect(csv.stdout).toContain('"odd,""name"""');
  });

  it("--per-page, --page and --limit shape a single page", async () => {
    const r = await run(["list", "--type", "container", "--per-page", "5", "--page", "2", "--limit", "3", "--format", "ndjson", "--base-url", mock.url]);
    expect(r.stdout.trimEnd().split("\n").map((l) => (JSON.parse(l) as Package).id)).toEqual(containers().slice(5, 8).map((p) => p.id));
    expect(mock.requests.at(-1)?.query).toEqual({ package_type: "container", page: "2", per_page: "5" });
  });

  it("--all stops at the 10,000 window and warns about truncation", async () => {
    const r = await run(["list", "--type", "npm", "--all", "--format", "ndjson", "--base-url", big.url]);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split("\n").length).toBe(10_000);
    expect(r.stderr).toMatch(/at most 10,000 results .* more packages exist/s);
  });

  it("exits 1 with GitHub's message and the request id on an API error", async () => {
    const r = await run(["list", "--type", "npm", "--base-url", mock.url], { GITHUB_TOKEN: "ghp_wrong" });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^gh-user-packages: GitHub API 401: Bad credentials \(request F00D:[0-9A-F]+\)\n$/);
    const all = await run(["list", "--type", "npm", "--all", "--base-url", mock.url], { GITHUB_TOKEN: "ghp_wrong" });
    expect(all.code).toBe(1);
    expect(all.stderr).toMatch(/GitHub API 401 on GET .*Bad credentials \(request F00D:/);
  });

  it("exits 1 on a network error", async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const r = await run(["list", "--type", "npm", "--base-url", `http://127.0.0.1:${port}`], { GITHUB_TOKEN: TOKEN });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Network error on GET .*ECONNREFUSED/);
  }, 30_000);

  it.each([
    [["list", "--type", "npm", "--bogus"], /unknown option --bogus/],
    [["list", "--type", "pypi"], /--type must be one of npm, maven, rubygems, docker, nuget, container \(got "pypi"\)/],
    [["list", "--type", "npm", "--format", "xml"], /--format must be one of table, json, ndjson, csv/],
    [["list", "--type", "npm", "--per-page", "500"], /--per-page must be an integer from 1 to 100 \(got "500"\)/],
    [["list", "--type", "npm", "--page", "200", "--per-page", "100"], /--page: 200 is not allowed; with per_page 100/],
    [["list"], /--type is required/],
    [["list", "--type", "npm", "--token", "x"], /unknown option --token \(the token is read from GITHUB_TOKEN or GH_TOKEN/],
    [["frobnicate"], /unknown command "frobnicate"/],
  ])("exits 2 on a usage error: %j", async (args, message) => {
    const r = await run([...args, "--base-url", mock.url]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
  });

  it("exits 2 without a token and says how to make one", async () => {
    const r = await run(["list", "--type", "npm", "--base-url", mock.url], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/GITHUB_TOKEN \(or GH_TOKEN\).*read:packages.*\n.*github\.com\/settings\/tokens\/new\?scopes=read:packages/);
  });

  it("ends quietly when the reader closes the pipe early (| head)", async () => {
    const child = spawn(process.execPath, [CLI, "list", "--type", "npm", "--all", "--format", "ndjson", "--base-url", big.url], {
      env: { PATH: process.env.PATH ?? "", GITHUB_TOKEN: TOKEN },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
    expect(stderr).not.toMatch(/Error:|\n\s+at /);
    expect(code).toBe(0);
  });

  it("reads GH_TOKEN too", async () => {
    const r = await run(["list", "--type", "npm", "--format", "json", "--base-url", mock.url], { GH_TOKEN: TOKEN });
    expect(r.code).toBe(0);
    expect(mock.requests.at(-1)?.auth).toBe("valid");
  });

  it("--help and --version", async () => {
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/gh-user-packages list --type <type>/);
    expect((await run(["--version"])).stdout).toBe(`${VERSION}\n`);
  });
});

describe("terminal behaviour (injected streams)", () => {
  const stream = (isTTY: boolean, columns?: number) => {
    const chunks: string[] = [];
    const s: CliStream & { text: () => string } = { isTTY, columns, write: (t: string) => chunks.push(t), text: () => chunks.join("") };
    return s;
  };
  const cli = (argv: string[], stdout: CliStream, stderr: CliStream, env: Record<string, string> = {}) =>
    runCli({ argv, env: { GITHUB_TOKEN: TOKEN, ...env }, stdout, stderr });

  it("shows progress on a terminal only", async () => {
    const ttyErr = stream(true);
    expect(await cli(["list", "--type", "npm", "--all", "--per-page", "100", "--format", "json", "--base-url", big.url], stream(false), ttyErr)).toBe(0);
    expect(ttyErr.text()).toMatch(/\r\x1b\[Kpages 1\/100, 100 packages/);
    expect(ttyErr.text()).toMatch(/pages 100\/100, 10000 packages\r\x1b\[K/);
    const pipeErr = stream(false);
    expect(await cli(["list", "--type", "container", "--all", "--format", "json", "--base-url", mock.url], stream(false), pipeErr)).toBe(0);
    expect(pipeErr.text()).toBe("");
    outputs.push(ttyErr.text(), pipeErr.text());
  });

  it("fits the table to the terminal width, bold header unless NO_COLOR", async () => {
    const out = stream(true, 50);
    await cli(["list", "--type", "container", "--base-url", mock.url], out, stream(false));
    const lines = out.text().trimEnd().split("\n");
    expect(lines[0]).toMatch(/^\x1b\[1mID/);
    expect(lines.map((l) => l.replace(/\x1b\[\d+m/g, "").length).every((n) => n <= 50)).toBe(true);
    expect(out.text()).toContain("…");
    expect(lines[0]).not.toContain("UPDATED"); // dropped to make room
    expect(lines[0]).toContain("NAME");
    const plain = stream(true, 200);
    await cli(["list", "--type", "container", "--base-url", mock.url], plain, stream(false), { NO_COLOR: "1" });
    expect(plain.text()).not.toContain("\x1b[");
    outputs.push(out.text(), plain.text());
  });
});

describe("gh-user-packages mock", () => {
  it("starts a mock GitHub, prints its URL and token, serves the CLI, and stops on Ctrl+C", async () => {
    const child = spawn(process.execPath, [CLI, "mock", "--packages", "12"], { stdio: ["ignore", "pipe", "pipe"] });
    const banner = await new Promise<string>((resolve) => {
      let text = "";
      child.stdout.on("data", (d: Buffer) => {
        text += d.toString();
        if (text.includes("Ctrl+C")) resolve(text);
      });
    });
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(banner)![1]!;
    const token = /token \(not a real one\): (\S+)/.exec(banner)![1]!;
    const r = await run(["list", "--type", "npm", "--format", "json", "--base-url", url], { GITHUB_TOKEN: token });
    expect(JSON.parse(r.stdout)).toHaveLength(2);
    const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.kill("SIGINT");
    expect(await exit).toBe(0);
  });
});
