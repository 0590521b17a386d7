import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile, spawn } from "node:child_process";
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runCli, type CliStream } from "../src/cli/main.js";
import { VERSION, type Package } from "../src/index.js";
import { makePackages, startMockGitHub, type MockGitHub } from "../src/testing.js";
import { quickWaits, until } from "./fake-clock.js";
import { freePort } from "./free-port.js";

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

/** The built CLI in a process of its own, as users run it: for the bin, signals, pipes and exit codes. */
function spawned(args: string[], env: Record<string, string> = { GITHUB_TOKEN: TOKEN }) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? "", ...env }, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      outputs.push(stdout, stderr);
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const containers = () => mock.packages.filter((p) => p.package_type === "container");

/** The CLI in-process through its IO seam, piped: no process to start for what needs none. */
async function run(args: string[], env: Record<string, string> = { GITHUB_TOKEN: TOKEN }) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli({ argv: args, env, stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } });
  outputs.push(out.join(""), err.join(""));
  return { code, stdout: out.join(""), stderr: err.join("") };
}

describe("gh-user-packages list", () => {
  it("prints the table piped as gh does: tab-separated, no header, exact values; nothing on stderr", async () => {
    const r = await spawned(["list", "--type", "container", "--base-url", mock.url]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines.length).toBe(30); // one page of GitHub's default 30, no header
    // One type listed: no TYPE column (every row would say the same).
    const first = containers()[0]!;
    expect(lines[0]).toBe([first.id, first.name, first.visibility, first.version_count, first.repository?.full_name ?? "", first.updated_at].join("\t"));
    expect(r.stdout).not.toContain("\x1b["); // not a terminal: no colour
  });

  it("prints JSON, NDJSON and CSV", async () => {
    const json = await run(["list", "--type", "container", "--all", "--format", "json", "--base-url", mock.url]);
    expect(JSON.parse(json.stdout)).toEqual(containers());
    const nd = await run(["list", "--type", "container", "--all", "--format", "ndjson", "--base-url", mock.url]);
    expect(nd.stdout.trimEnd().split("\n").map((l) => (JSON.parse(l) as Package).id)).toEqual(containers().map((p) => p.id));
    const csv = await run(["list", "--type", "container", "--all", "--format", "csv", "--base-url", mock.url]);
    const rows = csv.stdout.split("\r\n").filter(Boolean);
    expect(rows[0]).toBe("id,name,package_type,visibility,version_count,repository,html_url,created_at,updated_at");
    expect(rows.length).toBe(1 + containers().length);
    expect(csv.stdout).toContain('"odd,""name"""');
    const first = containers()[0]!;
    expect(rows[1]).toBe(
      [first.id, first.name, "container", first.visibility, first.version_count, first.repository?.full_name ?? "", first.html_url, first.created_at, first.updated_at].join(","),
    );
    const unlinked = containers().find((p) => !p.repository)!;
    expect(rows.find((r) => r.startsWith(`${unlinked.id},`))).toContain(`,${unlinked.version_count},,https://`); // no repository: empty
  });

  it("--columns picks table and csv columns; --no-header drops the csv header", async () => {
    const csv = await run(["list", "--type", "container", "--format", "csv", "--columns", "name,html_url", "--no-header", "--base-url", mock.url]);
    const rows = csv.stdout.split("\r\n").filter(Boolean);
    expect(rows).toHaveLength(30);
    expect(rows[0]).toBe(`${containers()[0]!.name},${containers()[0]!.html_url}`);
    const table = await run(["list", "--type", "container", "--columns", "visibility,name", "--base-url", mock.url]);
    expect(table.stdout.split("\n")[0]).toBe(`${containers()[0]!.visibility}\t${containers()[0]!.name}`);
    const bad = await run(["list", "--type", "container", "--columns", "nmae", "--base-url", mock.url]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--columns must be one of .* \(got "nmae"\) \(did you mean name\?\)/);
  });

  it("lists several types, or all of them, with one header", async () => {
    const csv = await run(["list", "--type", "npm,container", "--all", "--format", "csv", "--columns", "id,package_type", "--base-url", mock.url]);
    const rows = csv.stdout.split("\r\n").filter(Boolean);
    expect(rows.filter((r) => r === "id,package_type")).toHaveLength(1);
    const types = rows.slice(1).map((r) => r.split(",")[1]);
    expect(types).toEqual([...Array<string>(15).fill("npm"), ...Array<string>(30).fill("container")]);
    const all = await run(["list", "--type", "all", "--all", "--format", "ndjson", "--base-url", mock.url]);
    expect(all.stdout.trimEnd().split("\n")).toHaveLength(45);
    const table = await run(["list", "--type", "all", "--base-url", mock.url]);
    expect(table.stdout.split("\n")[0]?.split("\t")[2]).toBe("npm"); // several types: TYPE is shown
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
    expect(r.stderr).toMatch(/at most 10,000 results per type and filter; more npm packages exist/);
  });

  it("exits 1 with GitHub's message, the request id and the same hint with and without --all", async () => {
    for (const all of [[], ["--all"]]) {
      const r = await run(["list", "--type", "npm", ...all, "--base-url", mock.url], { GITHUB_TOKEN: "ghp_wrong" });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^gh-user-packages: GitHub API 401: Bad credentials \(request F00D:[0-9A-F]+\)\. The token is invalid or expired/);
    }
  });

  // Headers may be made at each request: a reset an hour from when the table was built would be
  // less than that by however long the tests before this one took.
  it.each<[string, { status: number; headers?: Record<string, string> | (() => Record<string, string>); body: unknown }, RegExp, RegExp]>([
    ["a missing scope", { status: 403, body: { message: "Resource not accessible by personal access token" } }, /read:packages scope/, /rate limit/],
    ["an app or Actions token", { status: 403, body: { message: "Resource not accessible by integration" } }, /An app or Actions token cannot list a user's packages: use a personal access token with the read:packages scope/, /rate limit/],
    [
      "a primary rate limit",
      { status: 403, headers: () => ({ "X-RateLimit-Limit": "5000", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": String(Math.floor(Date.now() / 1000) + 3600) }), body: { message: "API rate limit exceeded for user ID 1." } },
      /rate limit stopped the listing; it resets at \d\d:\d\d(\s?[AP]M)? \(in (59|60) min\)/,
      /read:packages/,
    ],
    ["a secondary rate limit", { status: 429, headers: { "Retry-After": "7200" }, body: { message: "You have exceeded a secondary rate limit." } }, /rate limit stopped the listing; it resets at .* \(in 120 min\)/, /read:packages/],
  ])("hints at the cause of %s, the same with and without --all", async (_label, answer, hint, notHint) => {
    const { headers } = answer;
    const hostile = await startMockGitHub({ token: TOKEN, onRequest: () => ({ ...answer, headers: typeof headers === "function" ? headers() : (headers ?? {}) }) });
    try {
      for (const all of [[], ["--all"]]) {
        const r = await run(["list", "--type", "npm", ...all, "--base-url", hostile.url]);
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(hint);
        expect(r.stderr).not.toMatch(notHint);
      }
    } finally {
      await hostile.close();
    }
  });

  it("reads GITHUB_API_URL, and --base-url wins over it", async () => {
    const r = await run(["list", "--type", "npm", "--format", "json"], { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: mock.url });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveLength(15);
    const flag = await run(["list", "--type", "npm", "--format", "json", "--base-url", mock.url], { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: "http://127.0.0.1:9" });
    expect(flag.code).toBe(0);
  });

  it("exits 1 on a network error", async () => {
    const port = await freePort();
    let stderr = "";
    const clock = quickWaits(); // the retries' waits pass at once
    const argv = ["list", "--type", "npm", "--base-url", `http://127.0.0.1:${port}`];
    const code = await runCli({ argv, env: { GITHUB_TOKEN: TOKEN }, stdout: { write: () => true }, stderr: { write: (t: string) => (stderr += t) }, clock });
    expect(code).toBe(1);
    expect(stderr).toMatch(/Network error on GET .*ECONNREFUSED/);
    expect(clock.sleeps).toHaveLength(3);
  });

  it.each([
    [["list", "--type", "npm", "--bogus"], /unknown option --bogus/],
    [["list", "--type", "npm", "--visiblity", "public"], /unknown option --visiblity \(did you mean --visibility\?\)/],
    [["list", "--type", "containers"], /\(got "containers"\) \(did you mean container\?\)/],
    [["list", "--type", "npm,npm"], /--type names a value twice/],
    [["lsit"], /unknown command "lsit" .*\(did you mean list\?\)/],
    [["list", "--type", "pypi"], /--type must be one of npm, maven, rubygems, docker, nuget, container \(got "pypi"\)/],
    [["list", "--type", "npm", "--format", "xml"], /--format must be one of table, json, ndjson, csv/],
    [["list", "--type", "npm", "--per-page", "500"], /--per-page must be an integer from 1 to 100 \(got "500"\)/],
    [["list", "--type", "npm", "--page", "200", "--per-page", "100"], /--page: 200 is not allowed; with per_page 100/],
    [["list"], /--type is required/],
    [["list", "--type", "npm", "--token", "x"], /unknown option --token \(the token is read from GH_TOKEN, GITHUB_TOKEN or gh.s login/],
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
    expect(r.stderr).toMatch(/GH_TOKEN \(or GITHUB_TOKEN\).*read:packages.*\n.*github\.com\/settings\/tokens\/new\?scopes=read:packages/);
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

  it("| head -1 on the piped table returns after the first pages, as the other formats do (request counts)", async () => {
    // 100 pages of 50, slowly served: a table held back to the end would ask for all 100.
    const slow = await startMockGitHub({ token: TOKEN, packages: makePackages(5000, { package_type: "npm" }), latencyMs: 20 });
    try {
      const requestsUntilClosed = async (format: string) => {
        const before = slow.requests.length;
        const child = spawn(process.execPath, [CLI, "list", "--type", "npm", "--all", "--per-page", "50", "--format", format, "--base-url", slow.url], {
          env: { PATH: process.env.PATH ?? "", GITHUB_TOKEN: TOKEN },
          stdio: ["ignore", "pipe", "pipe"],
        });
        let first = "";
        child.stdout.once("data", (d: Buffer) => {
          first = d.toString().split("\n")[0] ?? "";
          child.stdout.destroy(); // what `head -1` does once it has its line
        });
        const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
        return { code, first, requests: slow.requests.length - before };
      };
      const table = await requestsUntilClosed("table");
      const ndjson = await requestsUntilClosed("ndjson");
      console.log(`requests before | head -1 closed: table ${table.requests}, ndjson ${ndjson.requests} (of 100 pages)`);
      expect(table.code).toBe(0);
      expect(table.first.split("\t").slice(0, 2)).toEqual([String(slow.packages[0]!.id), slow.packages[0]!.name]);
      // Both stop within a few rounds of the concurrency budget (8), far from the 100 pages.
      expect(table.requests).toBeLessThan(40);
      expect(ndjson.requests).toBeLessThan(40);
    } finally {
      await slow.close();
    }
  });

  it("reads GH_TOKEN too", async () => {
    const r = await run(["list", "--type", "npm", "--format", "json", "--base-url", mock.url], { GH_TOKEN: TOKEN });
    expect(r.code).toBe(0);
    expect(mock.requests.at(-1)?.auth).toBe("valid");
  });

  it("a usage error exits the process with 2", async () => {
    const r = await run(["list", "--type", "pypi"]);
    expect([r.code, r.stdout]).toEqual([2, ""]);
    expect(r.stderr).toMatch(/--type must be one of/);
  });

  it("--help, help <command>, <command> --help and --version print to stdout and exit 0", async () => {
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/gh-user-packages list --type <types>/);
    for (const args of [["list", "--help"], ["help", "list"], ["list", "--type", "npm", "-h"]]) {
      const r = await run(args);
      expect([args, r.code, r.stderr]).toEqual([args, 0, ""]);
      expect(r.stdout).toMatch(/^Usage: gh-user-packages list/);
    }
    for (const args of [["mock", "--help"], ["help", "mock"]]) {
      const r = await run(args);
      expect([args, r.code]).toEqual([args, 0]);
      expect(r.stdout).toMatch(/^Usage: gh-user-packages mock/);
      expect(r.stdout).toMatch(/--faults <rate>/);
    }
    expect((await run(["--version"])).stdout).toBe(`${VERSION}\n`);
  });

  it("with no command, prints the help on stderr and exits 2", async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/Usage:/);
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

  it("says on a terminal when one page of several is shown", async () => {
    const err = stream(true);
    expect(await cli(["list", "--type", "npm", "--base-url", big.url], stream(false), err)).toBe(0);
    expect(err.text()).toBe("npm: page 1 of 335 (30 packages shown); --all lists them all\n");
    const piped = stream(false);
    expect(await cli(["list", "--type", "npm", "--base-url", big.url], stream(false), piped)).toBe(0);
    expect(piped.text()).toBe("");
  });

  it("shows retries and rate-limit waits on the progress line", async () => {
    let calls = 0;
    const slow = await startMockGitHub({
      token: TOKEN,
      onRequest: () => (calls++ === 0 ? { status: 429, headers: { "Retry-After": "1" }, body: { message: "You have exceeded a secondary rate limit." } } : undefined),
    });
    try {
      const err = stream(true);
      expect(await cli(["list", "--type", "npm", "--all", "--format", "json", "--base-url", slow.url], stream(false), err)).toBe(0);
      expect(err.text()).toMatch(/waiting 1 s for the rate limit \(resets \d\d:\d\d/);
    } finally {
      await slow.close();
    }
  });

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
});

describe("gh-user-packages mock", () => {
  /** Starts `mock` with `script` from `cwd`; its banner, and a way to stop it. */
  async function startMock(script: string, cwd: string) {
    const child = spawn(process.execPath, [script, "mock", "--packages", "12"], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    const banner = await new Promise<string>((resolve) => {
      let text = "";
      child.stdout.on("data", (d: Buffer) => {
        text += d.toString();
        if (text.includes("Ctrl+C")) resolve(text);
      });
    });
    const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    return { banner, stop: () => (child.kill("SIGINT"), exit) };
  }

  /** Runs the command the banner suggests, as printed, with a shell in `cwd`. */
  const runHint = (banner: string, cwd: string) =>
    new Promise<{ code: number; stdout: string }>((resolve) => {
      const hint = /^ {2}(GITHUB_TOKEN=.*)$/m.exec(banner)?.[1] ?? "false";
      execFile("sh", ["-c", hint], { cwd, env: { PATH: process.env.PATH ?? "" } }, (err, stdout) => resolve({ code: err ? 1 : 0, stdout }));
    });

  it("starts a mock GitHub, prints its URL and token, serves the CLI, and stops on Ctrl+C", async () => {
    const mockGitHub = await startMock(CLI, process.cwd());
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(mockGitHub.banner)![1]!;
    const token = /token \(not a real one\): (\S+)/.exec(mockGitHub.banner)![1]!;
    const r = await run(["list", "--type", "npm", "--format", "json", "--base-url", url], { GITHUB_TOKEN: token });
    expect(JSON.parse(r.stdout)).toHaveLength(2);
    // The command it prints works as printed, here in a checkout...
    const hint = await runHint(mockGitHub.banner, process.cwd());
    expect(mockGitHub.banner).toMatch(/GITHUB_TOKEN=\S+ GITHUB_API_URL=http:\/\/127\.0\.0\.1:\d+ node \S*cli\.js list --type container/);
    expect([hint.code, hint.stdout.trimEnd().split("\n")]).toEqual([0, expect.arrayContaining([expect.stringMatching(/\tpackage-\d+\t/)])]);
    expect(await mockGitHub.stop()).toBe(0);
  });

  it("installed as a package, it suggests npx gh-user-packages, which works", async () => {
    // A project with this package installed, as npm links it (node_modules/.bin).
    const project = fileURLToPath(new URL("./.tmp/npx-project/", import.meta.url));
    rmSync(project, { recursive: true, force: true });
    mkdirSync(`${project}node_modules/.bin`, { recursive: true });
    writeFileSync(`${project}package.json`, JSON.stringify({ name: "a-project", version: "1.0.0", private: true, dependencies: { "gh-user-packages": "*" } }));
    symlinkSync(fileURLToPath(new URL("..", import.meta.url)), `${project}node_modules/gh-user-packages`);
    symlinkSync("../gh-user-packages/dist/cli.js", `${project}node_modules/.bin/gh-user-packages`);
    const mockGitHub = await startMock("node_modules/.bin/gh-user-packages", project);
    try {
      expect(mockGitHub.banner).toMatch(/GITHUB_TOKEN=\S+ GITHUB_API_URL=http\S+ npx gh-user-packages list --type container/);
      const hint = await runHint(mockGitHub.banner, project);
      expect(hint.code).toBe(0);
      expect(hint.stdout.split("\n").filter(Boolean)).toHaveLength(2); // 12 packages of six types: 2 containers
    } finally {
      await mockGitHub.stop();
      rmSync(project, { recursive: true, force: true }); // no link back to this package left behind
    }
  });
});

describe("Ctrl+C and SIGTERM during a listing", () => {
  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)("%s cancels the requests in flight, keeps what was written, and exits %i", async (signalName, exitCode) => {
    // Pages 1 and 2 answer at once; page 3 never does.
    const stuck = await startMockGitHub({
      token: TOKEN,
      packages: makePackages(500, { package_type: "npm" }),
      onRequest: (r) => (r.query.page === "3" ? new Promise(() => undefined) : undefined),
    });
    try {
      const child = spawn(process.execPath, [CLI, "list", "--type", "npm", "--all", "--concurrency", "1", "--format", "ndjson", "--base-url", stuck.url], {
        env: { PATH: process.env.PATH ?? "", GITHUB_TOKEN: TOKEN },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
      await until(() => stuck.requests.length === 3 && stdout.split("\n").length > 200, "pages 1 and 2 written, page 3 asked for");
      child.kill(signalName);
      expect(await exited).toBe(exitCode);
      expect(stderr).toMatch(new RegExp(`interrupted \\(${signalName}\\); the 200 packages listed so far were written\n$`));
      expect(stdout.trimEnd().split("\n")).toHaveLength(200); // streamed page by page: nothing lost
      await until(() => stuck.inFlight() === 0, "the stuck request to be cancelled");
      expect(stuck.requests).toHaveLength(3); // none after the signal
      outputs.push(stdout, stderr);
    } finally {
      await stuck.close();
    }
  });
});

describe("gh-user-packages mock, for trying things", () => {
  it("takes --token, --port, --latency, --faults and --seed", async () => {
    const port = await freePort();
    const start = async (seed: string, at: number) => {
      const child = spawn(process.execPath, [CLI, "mock", "--packages", "60", "--token", "fixed-token", "--port", String(at), "--latency", "30", "--faults", "1", "--seed", seed], {
        stdio: ["ignore", "pipe", "pipe"],
      });
      let banner = "";
      child.stdout.on("data", (d: Buffer) => (banner += d.toString()));
      const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      await until(() => banner.includes("Ctrl+C"), "the banner");
      return { banner, exit, stop: () => child.kill("SIGTERM") };
    };
    // Every request fails, and the same seed deals the same faults.
    const statuses = async (url: string) => {
      const out: string[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await fetch(`${url}/user/packages?package_type=npm`, { headers: { Authorization: "Bearer fixed-token" } }).catch(() => undefined);
        out.push(res ? `${res.status} ${(await res.text()).slice(0, 12)}` : "reset");
      }
      return out;
    };
    const first = await start("7", port);
    const url = `http://127.0.0.1:${port}`;
    expect(first.banner).toContain(`listening on ${url} with 60 packages, 30 ms of latency, 100 % faults (seed 7)`);
    expect(first.banner).toContain("Its token (not a real one): fixed-token");
    const dealt = await statuses(url);
    expect(dealt.some((s) => !s.startsWith("200 [{"))).toBe(true);
    first.stop();
    expect(await first.exit).toBe(0);
    const again = await start("7", port);
    expect(await statuses(url)).toEqual(dealt);
    again.stop();
    expect(await again.exit).toBe(0);
  });

  it("refuses a bad --faults rate", async () => {
    const r = await run(["mock", "--faults", "2"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--faults must be a number from 0 to 1/);
  });
});
