// The CLI driven in-process through its IO seam (isTTY and columns set), one describe per case
// of the issue "a CLI with gh's habits": a clean screen, pipes that stream, safe output.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:net";
import { Interrupted, runCli } from "../src/cli/main.js";
import type { Clock, Package } from "../src/index.js";
import { makePackages, startMockGitHub, type MockGitHub } from "../src/testing.js";
import { quickWaits, until } from "./fake-clock.js";
import { FakeTerminal, recorder, type Recorder } from "./fake-terminal.js";
import { withMock } from "./with-mock.js";
import { freePort } from "./free-port.js";

const TOKEN = "ghp_cliTerminalSuiteToken77";
const outputs: string[] = [];
let mock: MockGitHub;

beforeAll(async () => {
  mock = await startMockGitHub({ token: TOKEN, packages: makePackages(250, { package_type: "container" }) });
});
afterAll(async () => {
  await mock.close();
  // Whatever happened, no output of any run showed the token.
  expect(outputs.filter((o) => o.includes(TOKEN) || o.includes(TOKEN.slice(4)))).toEqual([]);
});

interface Run {
  argv: string[];
  stdout: Recorder;
  stderr: Recorder;
  env?: Record<string, string>;
  signal?: AbortSignal;
  clock?: Clock;
}

async function cli({ argv, stdout, stderr, env = { GH_TOKEN: TOKEN }, signal, clock }: Run): Promise<number> {
  const code = await runCli({ argv, env, stdout, stderr, signal, clock });
  outputs.push(stdout.text(), stderr.text());
  return code;
}

const piped = () => recorder(false);
const tty = (columns = 80) => recorder(true, columns);

describe("1: progress text is never glued onto data or messages on a shared terminal", () => {
  it("clears the progress line before each stdout line and draws it again below", async () => {
    const term = new FakeTerminal(10_000); // wide: a package's JSON is one line
    const argv = ["list", "--type", "container", "--all", "--per-page", "100", "--format", "ndjson", "--base-url", mock.url];
    expect(await cli({ argv, stdout: term.stdout, stderr: term.stderr })).toBe(0);
    // Progress was shown, and removed at the end...
    expect(term.stderr.text()).toMatch(/pages 2\/3, 200 packages/);
    const screen = term.screen();
    expect(screen.at(-1)).toBe("");
    // ...and every line on the screen is one package's JSON, nothing glued before or after it.
    const lines = screen.slice(0, -1);
    expect(lines).toHaveLength(250);
    expect(lines.map((l) => (JSON.parse(l) as Package).id)).toEqual(mock.packages.map((p) => p.id));
  });

  it("keeps --format json whole on a shared terminal: progress is drawn only at the start of a line", async () => {
    const term = new FakeTerminal(10_000);
    const argv = ["list", "--type", "container", "--all", "--per-page", "100", "--format", "json", "--base-url", mock.url];
    expect(await cli({ argv, stdout: term.stdout, stderr: term.stderr })).toBe(0);
    expect(term.stderr.text()).toMatch(/pages 1\/3, 100 packages/);
    expect(JSON.parse(term.screen().join("\n"))).toEqual(mock.packages);
  });

  it("clears a retry notice of a single page before the data", async () => {
    let calls = 0;
    const once = () => (calls++ === 0 ? { status: 429, headers: { "Retry-After": "1" }, body: { message: "You have exceeded a secondary rate limit." } } : undefined);
    await withMock({ token: TOKEN, packages: makePackages(3, { package_type: "npm" }), onRequest: once }, async (server) => {
      const term = new FakeTerminal(10_000);
      expect(await cli({ argv: ["list", "--type", "npm", "--format", "ndjson", "--base-url", server.url], stdout: term.stdout, stderr: term.stderr })).toBe(0);
      expect(term.stderr.text()).toMatch(/waiting 1 s for the rate limit/);
      expect(term.screen()).toEqual([...server.packages.map((p) => JSON.stringify(p)), ""]);
    });
  });

  it("starts an error line at the start of the line, after a retry notice on the progress line", async () => {
    let calls = 0;
    const answer = () =>
      calls++ === 0
        ? { status: 429, headers: { "Retry-After": "1" }, body: { message: "You have exceeded a secondary rate limit." } }
        : { status: 404, body: { message: "Not Found" } };
    await withMock({ token: TOKEN, onRequest: answer }, async (hostile) => {
      const term = new FakeTerminal(100);
      expect(await cli({ argv: ["list", "--type", "npm", "--all", "--base-url", hostile.url], stdout: term.stdout, stderr: term.stderr })).toBe(1);
      expect(term.stderr.text()).toMatch(/waiting 1 s for the rate limit/);
      expect(term.screen()).toEqual([expect.stringMatching(/^gh-user-packages: GitHub API 404: Not Found/), ""]);
    });
  });
});

describe("1: a network failure after retries", () => {
  it("is written on a line of its own, after the retry notices it follows", async () => {
    const port = await freePort();
    const term = new FakeTerminal(200);
    const clock = quickWaits(); // the retries' waits pass at once
    expect(await cli({ argv: ["list", "--type", "npm", "--all", "--base-url", `http://127.0.0.1:${port}`], stdout: term.stdout, stderr: term.stderr, clock })).toBe(1);
    expect(term.stderr.text()).toMatch(/waiting \d+ s to retry after a network error \(attempt 2\)/);
    expect(term.screen()).toEqual([expect.stringMatching(/^gh-user-packages: Network error on GET .*ECONNREFUSED/), ""]);
  }, 20_000);
});

describe("2: an interruption says what was really written", () => {
  /** Runs `argv` against a listing whose page 2 never answers, and interrupts it after page 1. */
  async function interrupted(argv: string[], stdout: Recorder, name: "SIGINT" | "SIGTERM") {
    return withMock(
      { token: TOKEN, packages: makePackages(500, { package_type: "npm" }), onRequest: (r) => (r.query.page === "2" ? new Promise(() => undefined) : undefined) },
      async (stuck) => {
        const stderr = tty();
        const stop = new AbortController();
        const done = cli({ argv: [...argv, "--all", "--concurrency", "1", "--type", "npm", "--base-url", stuck.url], stdout, stderr, signal: stop.signal });
        await until(() => stderr.text().includes("pages 1/5"), "page 1 handed over");
        stop.abort(new Interrupted(name));
        return { code: await done, stderr: stderr.text() };
      },
    );
  }

  it("on a terminal the table is not printed yet, and the message says so", async () => {
    const out = tty();
    const r = await interrupted(["list"], out, "SIGINT");
    expect(r.code).toBe(130);
    expect(out.text()).toBe("");
    expect(r.stderr).toMatch(/interrupted \(SIGINT\); nothing was written \(on a terminal the table is printed when the listing is complete; 100 packages had been listed\)\n$/);
    expect(r.stderr).not.toMatch(/has been written/);
  });

  it("piped, the rows written are the rows the message counts", async () => {
    const out = piped();
    const r = await interrupted(["list"], out, "SIGTERM");
    expect(r.code).toBe(143);
    expect(out.text().split("\n").filter(Boolean)).toHaveLength(100);
    expect(r.stderr).toMatch(/interrupted \(SIGTERM\); the 100 packages listed so far were written\n$/);
  });

  it("an interrupted --format json stays recognisably incomplete: no closing bracket, and the message says it", async () => {
    const out = piped();
    const r = await interrupted(["list", "--format", "json"], out, "SIGINT");
    expect(r.code).toBe(130);
    expect(out.text().startsWith("[\n")).toBe(true);
    expect(() => JSON.parse(out.text()) as unknown).toThrow(SyntaxError);
    // Whole packages, only the end is missing: the 99 the message counts (the 100th waits for its comma).
    expect(out.text().endsWith("},\n")).toBe(true);
    expect(JSON.parse(`${out.text().slice(0, -2)}\n]`)).toEqual(expect.objectContaining({ length: 99 }));
    expect(r.stderr).toMatch(/interrupted \(SIGINT\); the first 99 packages listed were written, as JSON without its closing "\]"\n$/);
  });
});

describe("3: a narrow terminal keeps ID and NAME whole and leaves other columns out, saying so", () => {
  it("at 20 columns, --columns name,html_url shows the whole name and says the URL was left out", async () => {
    const out = tty(20);
    const err = tty(20);
    expect(await cli({ argv: ["list", "--type", "container", "--columns", "name,html_url", "--base-url", mock.url], stdout: out, stderr: err })).toBe(0);
    const lines = out.text().replace(/\x1b\[\d+m/g, "").trimEnd().split("\n");
    expect(lines[0]).toBe("NAME");
    expect(lines.slice(1)).toEqual(mock.packages.slice(0, 30).map((p) => p.name));
    const notes = err.text().split("\n").filter((l) => l.includes("left out"));
    expect(notes).toEqual(["gh-user-packages: URL left out: 20 columns are too narrow (widen the terminal, or choose with --columns)"]);
  });

  it("at 40 columns the default table fits, ID and NAME whole; wide enough, nothing is cut or left out; bold header unless NO_COLOR", async () => {
    const out = tty(40);
    const err = tty(40);
    await cli({ argv: ["list", "--type", "container", "--base-url", mock.url], stdout: out, stderr: err });
    const lines = out.text().trimEnd().split("\n");
    expect(lines[0]).toMatch(/^\x1b\[1mID\s+NAME\s+VIS\S*/);
    expect(Math.max(...lines.map((l) => l.replace(/\x1b\[\d+m/g, "").length))).toBeLessThanOrEqual(40);
    const first = mock.packages[0]!;
    expect(lines[1]?.split(/\s+/).slice(0, 2)).toEqual([String(first.id), first.name]);
    expect(err.text()).toMatch(/^gh-user-packages: [A-Z, ]+ left out: 40 columns are too narrow/m);
    const wide = tty(200);
    const quiet = tty(200);
    await cli({ argv: ["list", "--type", "container", "--base-url", mock.url], stdout: wide, stderr: quiet, env: { GH_TOKEN: TOKEN, NO_COLOR: "1" } });
    expect(wide.text()).not.toContain("…");
    expect(wide.text()).not.toContain("\x1b[");
    expect(quiet.text()).not.toContain("left out");
    expect(wide.text().split("\n")[0]).toMatch(/^ID\s+NAME\s+VISIBILITY\s+VERSIONS\s+REPOSITORY\s+UPDATED$/);
  });
});

describe("4: piped, the table streams as tab-separated rows; messages go to stderr", () => {
  it("writes each page's rows as it arrives, without a header", async () => {
    const out = piped();
    expect(await cli({ argv: ["list", "--type", "container", "--all", "--per-page", "100", "--base-url", mock.url], stdout: out, stderr: piped() })).toBe(0);
    expect(out.writes.filter(Boolean).length).toBeGreaterThanOrEqual(3); // a write per page, not one at the end
    const rows = out.text().trimEnd().split("\n");
    expect(rows).toHaveLength(250);
    expect(rows[0]?.split("\t")).toEqual([String(mock.packages[0]!.id), mock.packages[0]!.name, mock.packages[0]!.visibility, String(mock.packages[0]!.version_count), mock.packages[0]!.repository?.full_name ?? "", mock.packages[0]!.updated_at]);
  });

  it('"No packages." goes to stderr, so `| wc -l` counts 0', async () => {
    for (const all of [[], ["--all"]]) {
      for (const stdout of [piped(), tty()]) {
        const stderr = piped();
        expect(await cli({ argv: ["list", "--type", "npm", ...all, "--base-url", mock.url], stdout, stderr })).toBe(0);
        expect([stdout.text(), stderr.text()]).toEqual(["", "No packages.\n"]);
      }
    }
  });

  it("--no-header drops the terminal table's header", async () => {
    const out = tty(120);
    await cli({ argv: ["list", "--type", "container", "--no-header", "--base-url", mock.url], stdout: out, stderr: tty() });
    expect(out.text().split("\n")[0]).toMatch(new RegExp(`^${mock.packages[0]!.id}\\s+${mock.packages[0]!.name}\\s`));
  });
});

describe("4: notices from GitHub go to stderr, one line each, clear of the progress line", () => {
  it("says once that GitHub deprecates the endpoint, with what its headers said", async () => {
    const packages = makePackages(250, { package_type: "npm" });
    let url = "";
    // Three pages, each with the warning headers and a Link to the last page.
    const answer = (r: { query: Record<string, string> }) => {
      const page = Number(r.query.page ?? 1);
      const link = `<${url}/user/packages?package_type=npm&per_page=100&page=3>; rel="last"`;
      return { status: 200, headers: { Deprecation: "@1767225600", Sunset: "Wed, 01 Jul 2026 00:00:00 GMT", Link: link }, body: packages.slice((page - 1) * 100, page * 100) };
    };
    await withMock({ token: TOKEN, onRequest: answer }, async (warning) => {
      url = warning.url;
      const term = new FakeTerminal(10_000);
      expect(await cli({ argv: ["list", "--type", "npm", "--all", "--format", "ndjson", "--base-url", warning.url], stdout: term.stdout, stderr: term.stderr })).toBe(0);
      const notices = term.screen().filter((l) => l.startsWith("gh-user-packages: warning:"));
      expect(notices).toEqual(["gh-user-packages: warning: GitHub marks GET /user/packages as deprecated (Deprecation: @1767225600); it stops working after Wed, 01 Jul 2026 00:00:00 GMT."]);
      expect(term.screen().filter((l) => l.startsWith("{"))).toHaveLength(250);
      expect(term.screen()).toHaveLength(252); // the packages, the notice, and the empty line under the cursor
      expect(term.stdout.text()).not.toContain("warning");
    });
  });
});

describe("5: GH_TOKEN before GITHUB_TOKEN, and a 401 names the variable", () => {
  it("uses GH_TOKEN when both are set", async () => {
    const out = piped();
    expect(await cli({ argv: ["list", "--type", "container", "--format", "json", "--base-url", mock.url], stdout: out, stderr: piped(), env: { GH_TOKEN: TOKEN, GITHUB_TOKEN: "ghp_stale" } })).toBe(0);
    expect(JSON.parse(out.text())).toHaveLength(30);
    expect(mock.requests.at(-1)?.auth).toBe("valid");
  });

  it.each([
    [{ GH_TOKEN: "ghp_staleOne" }, "GH_TOKEN"],
    [{ GITHUB_TOKEN: "ghp_staleTwo" }, "GITHUB_TOKEN"],
  ])("a 401 with %j says the token came from %s", async (env, from) => {
    for (const all of [[], ["--all"]]) {
      const err = piped();
      expect(await cli({ argv: ["list", "--type", "npm", ...all, "--base-url", mock.url], stdout: piped(), stderr: err, env })).toBe(1);
      expect(err.text()).toMatch(new RegExp(`^gh-user-packages: GitHub API 401: Bad credentials .*The token was read from ${from}\\.\\n$`));
    }
  });
});

describe("6: unknown help topics, usage errors in our words, a busy port", () => {
  it.each([
    [["help", "nope"], /^gh-user-packages: no help topic "nope" \(topics: list, mock\)/],
    [["help", "lsit"], /no help topic "lsit" .*\(did you mean list\?\)/],
    [["list", "-t", "npm", "extra"], /unexpected "extra": this command takes only options/],
    [["list", "--type", "--all"], /--type needs a value, not another option/],
    [["list", "--type"], /--type needs a value\n/],
    [["list", "-t", "npm", "--all=yes"], /--all is a switch and takes no value/],
    [["list", "-t", "npm", "--format", "ndjson", "--no-header"], /--no-header applies to the table and csv formats \(ndjson has no header\)/],
    [["nope"], /unknown command "nope"/],
  ])("%j exits 2 with a message of ours", async (argv, message) => {
    const out = piped();
    const err = piped();
    expect(await cli({ argv, stdout: out, stderr: err })).toBe(2);
    expect(out.text()).toBe("");
    expect(err.text()).toMatch(message);
    expect(err.text()).not.toMatch(/Unexpected argument|ambiguous|positional|Option '|ERR_/);
  });

  it("mock --port on a busy port says so in one line, exit 1", async () => {
    const busy = await new Promise<Server>((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => resolve(s));
    });
    try {
      const port = (busy.address() as { port: number }).port;
      const err = piped();
      expect(await cli({ argv: ["mock", "--port", String(port)], stdout: piped(), stderr: err })).toBe(1);
      expect(err.text()).toBe(`gh-user-packages: port ${port} on 127.0.0.1 is in use: pick another with --port, or leave --port out for any free one\n`);
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  });
});

describe("7: retry notices in words, and a progress line that counts what will be fetched and never wraps", () => {
  it("with --limit the progress line counts the pages the limit needs", async () => {
    const err = tty();
    expect(await cli({ argv: ["list", "--type", "container", "--all", "--per-page", "5", "--limit", "12", "--format", "ndjson", "--base-url", mock.url], stdout: piped(), stderr: err })).toBe(0);
    expect(err.text()).toMatch(/pages 1\/3, 5 packages/);
    expect(err.text()).toMatch(/pages 3\/3, 12 packages/);
    expect(err.text()).not.toMatch(/\/50\b/);
  });

  it("at 20 columns the progress line is cut to fit and leaves no residue", async () => {
    const term = new FakeTerminal(20);
    const argv = ["list", "--type", "container,npm", "--all", "--per-page", "50", "--format", "ndjson", "--base-url", mock.url];
    const out = piped();
    expect(await cli({ argv, stdout: out, stderr: term.stderr })).toBe(0);
    const drawn = term.stderr.writes.flatMap((w) => w.split("\r\x1b[K")).filter(Boolean);
    expect(drawn.length).toBeGreaterThan(3);
    expect(Math.max(...drawn.map((d) => Array.from(d).length))).toBeLessThan(20);
    expect(drawn).toContain("container pages 1/…");
    expect(term.screen()).toEqual([""]);
  });
});

describe("8: output a hostile package name cannot turn against its reader", () => {
  const evil = "\x1b]0;pwned\x07\x1b[2J\x9b31m\x7f\x85\rname";
  const formulas = ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"];
  const hostile = (): Package[] =>
    makePackages(2 + formulas.length, { package_type: "npm" }).map((p, i) => (i === 0 ? { ...p, name: evil } : i > 1 ? { ...p, name: formulas[i - 2]! } : p));
  const raw = /[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]/; // every control but \n and \r (CSV ends its rows with \r\n)

  it("on a terminal, every format escapes control characters; json and ndjson still parse to the exact data", async () => {
    await withMock({ token: TOKEN, packages: hostile() }, async (server) => {
      for (const format of ["table", "json", "ndjson", "csv"]) {
        const out = tty(300);
        expect(await cli({ argv: ["list", "--type", "npm", "--format", format, "--base-url", server.url], stdout: out, stderr: tty() })).toBe(0);
        const text = format === "csv" ? out.text().replace(/\r\n/g, "\n") : out.text().replace(/\x1b\[1m|\x1b\[22m/g, "");
        expect([format, raw.test(text) || text.includes("\r")]).toEqual([format, false]);
        if (format === "json") expect((JSON.parse(out.text()) as Package[])[0]?.name).toBe(evil);
        if (format === "ndjson") expect((JSON.parse(out.text().split("\n")[0]!) as Package).name).toBe(evil);
      }
    });
  });

  it("to a pipe, json and ndjson are exactly JSON.stringify of the data", async () => {
    await withMock({ token: TOKEN, packages: hostile() }, async (server) => {
      const json = piped();
      await cli({ argv: ["list", "--type", "npm", "--format", "json", "--base-url", server.url], stdout: json, stderr: piped() });
      expect(json.text()).toBe(`${JSON.stringify(server.packages, null, 2)}\n`);
      const nd = piped();
      await cli({ argv: ["list", "--type", "npm", "--format", "ndjson", "--base-url", server.url], stdout: nd, stderr: piped() });
      expect(nd.text()).toBe(server.packages.map((p) => `${JSON.stringify(p)}\n`).join(""));
    });
  });

  it("CSV cells that a spreadsheet would run as a formula start with an apostrophe, piped and on a terminal", async () => {
    await withMock({ token: TOKEN, packages: hostile() }, async (server) => {
      for (const stdout of [piped(), tty()]) {
        await cli({ argv: ["list", "--type", "npm", "--format", "csv", "--columns", "name", "--no-header", "--base-url", server.url], stdout, stderr: piped() });
        const cells = stdout.text().split("\r\n").slice(2, -1);
        expect(cells).toHaveLength(formulas.length);
        for (const cell of cells) expect(cell).toMatch(/^"?'/);
      }
    });
  });

  it("a message GitHub sends is one line on stderr, whatever line breaks it holds", async () => {
    const forged = "Not Found\ngh-user-packages: listed 42 packages; all good\r\n\x1b[2K";
    await withMock({ token: TOKEN, onRequest: () => ({ status: 404, body: { message: forged } }) }, async (server) => {
      for (const all of [[], ["--all"]]) {
        const err = piped();
        expect(await cli({ argv: ["list", "--type", "npm", ...all, "--base-url", server.url], stdout: piped(), stderr: err })).toBe(1);
        expect(err.text().split("\n")).toHaveLength(2); // one line and its end
        expect(err.text()).toMatch(/^gh-user-packages: GitHub API 404: Not Found\\x0agh-user-packages: listed 42/);
      }
    });
  });
});

describe("9: field selection for json and ndjson, short flags", () => {
  it("--columns picks the fields of json and ndjson, in the order named", async () => {
    const json = piped();
    await cli({ argv: ["list", "-t", "container", "-L", "3", "--format", "json", "--columns", "name,html_url", "--base-url", mock.url], stdout: json, stderr: piped() });
    const picked = mock.packages.slice(0, 3).map((p) => ({ name: p.name, html_url: p.html_url }));
    expect(JSON.parse(json.text())).toEqual(picked);
    expect(json.text()).toContain(`"name": "${picked[0]!.name}",\n    "html_url"`);
    const nd = piped();
    await cli({ argv: ["list", "-t", "container", "-L", "2", "--format", "ndjson", "--columns", "id", "--base-url", mock.url], stdout: nd, stderr: piped() });
    expect(nd.text()).toBe(mock.packages.slice(0, 2).map((p) => `{"id":${p.id}}\n`).join(""));
  });
});
