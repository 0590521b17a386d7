// The mock's own hygiene: a request log that keeps no credential and does not grow without bound,
// GitHub's answers (never a 500 of its own) to requests it cannot read, and a close() after which
// the process can exit at once.
import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { createMockCore, DEFAULT_LOG_LIMIT } from "../src/mock/core.js";
import { withMock } from "./with-mock.js";

const SEED = Number(process.env.FC_SEED ?? 2126);
const TOKEN = "ghp_16C7e42F292c6912E7710c838347Ae178B4a";

/** Sends `raw` as is and reads the whole answer (the mock closes nothing: `Connection: close`). */
function rawRequest(port: number, raw: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.end(raw));
    let text = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (text += chunk));
    socket.on("error", reject);
    socket.on("close", () => {
      const [head = "", body = ""] = text.split("\r\n\r\n");
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), body });
    });
  });
}

describe("the request log", () => {
  it("masks every credential, whatever its form, and keeps the scheme word", async () => {
    await withMock({ token: TOKEN, packages: [] }, async (mock) => {
      const send = (headers: Record<string, string>, query = "") => fetch(`${mock.url}/user/packages?package_type=npm${query}`, { headers });
      await send({ Authorization: `Bearer ${TOKEN}` });
      await send({ Authorization: `token ${TOKEN}` });
      await send({ Authorization: TOKEN }); // no scheme word: the value is the credential
      await send({ Authorization: `Basic ${btoa(`x:${TOKEN}`)}` });
      await send({ Cookie: `session=${TOKEN}`, "X-Api-Key": "k3y-value-123", "X-Forwarded-Note": `see ${TOKEN}` });
      await send({ Authorization: "Bearer other-token-abcdef" }, `&access_token=${TOKEN}&note=other-token-abcdef`);
      const auths = mock.requests.map((r) => r.headers.authorization);
      expect(auths).toEqual(["Bearer ***", "token ***", "***", "Basic ***", undefined, "Bearer ***"]);
      expect(mock.requests.map((r) => r.auth)).toEqual(["valid", "valid", "invalid", "invalid", "none", "invalid"]);
      expect(mock.requests[4]?.headers).toMatchObject({ cookie: "***", "x-api-key": "***", "x-forwarded-note": "see ***" });
      expect(mock.requests[5]).toMatchObject({
        query: { package_type: "npm", access_token: "***", note: "***" },
        url: "/user/packages?package_type=npm&access_token=***&note=***",
      });
      const log = JSON.stringify(mock.requests);
      for (const secret of [TOKEN, btoa(`x:${TOKEN}`), "k3y-value-123", "other-token-abcdef"]) expect(log).not.toContain(secret);
    });
  });

  it("never keeps a token sent in any form (property)", () => {
    const token = fc.stringMatching(/^[A-Za-z0-9_.~+/=-]{8,40}$/);
    const scheme = fc.constantFrom("Bearer ", "bearer ", "token ", "Basic ", "", "ghp ", "Bearer  ");
    fc.assert(
      fc.property(token, scheme, fc.boolean(), (secret, word, expected) => {
        const core = createMockCore(expected ? { token: secret } : {});
        const url = new URL(`http://127.0.0.1/user/packages?package_type=npm&x=${encodeURIComponent(secret)}`);
        const headers = { authorization: `${word}${secret}`, "x-echo": secret };
        core.receive({ method: "GET", url, target: `${url.pathname}${url.search}`, routePath: url.pathname, headers });
        const log = JSON.stringify(core.requests);
        expect(log).not.toContain(secret);
        expect(log).not.toContain(encodeURIComponent(secret));
      }),
      { seed: SEED, numRuns: 300, verbose: true },
    );
  });

  it(`keeps the newest ${DEFAULT_LOG_LIMIT} requests by default, on the real server`, async () => {
    await withMock({ packages: [] }, async (mock) => {
      const total = DEFAULT_LOG_LIMIT + 50;
      for (let batch = 0; batch < total / 50; batch++) {
        const sends = Array.from({ length: 50 }, (_, i) => fetch(`${mock.url}/user/packages?package_type=npm&n=${batch * 50 + i}`).then((r) => r.arrayBuffer()));
        await Promise.all(sends);
      }
      expect(mock.requests).toHaveLength(DEFAULT_LOG_LIMIT);
      const kept = mock.requests.map((r) => Number(r.query.n)).sort((a, b) => a - b);
      expect(kept).toEqual(Array.from({ length: DEFAULT_LOG_LIMIT }, (_, i) => i + 50));
    });
  });

  it.each([
    [3, 3],
    [0, 0],
    [Infinity, DEFAULT_LOG_LIMIT + 7],
  ])(`logLimit %s keeps %s of ${DEFAULT_LOG_LIMIT + 7} requests`, (logLimit, length) => {
    const core = createMockCore({ logLimit });
    const url = new URL("http://127.0.0.1/user/packages?package_type=npm");
    for (let i = 0; i < DEFAULT_LOG_LIMIT + 7; i++) {
      core.receive({ method: "GET", url, target: `/user/packages?n=${i}`, routePath: url.pathname, headers: {} });
    }
    expect(core.requests).toHaveLength(length);
    if (length) expect(core.requests.at(-1)?.url).toBe(`/user/packages?n=${DEFAULT_LOG_LIMIT + 6}`);
  });
});

describe("requests the mock cannot read", () => {
  it.each([
    ["an invalid Host", "GET /user/packages?package_type=npm HTTP/1.1\r\nHost: bad host\r\nConnection: close\r\n\r\n"],
    ["a Host with credentials", "GET /user/packages?package_type=npm HTTP/1.1\r\nHost: user@127.0.0.1\r\nConnection: close\r\n\r\n"],
    ["an absolute-form target", "GET http://elsewhere.test/user/packages HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"],
  ])("%s gets GitHub's 400, not a 500 of the mock", async (_name, raw) => {
    await withMock({ packages: [] }, async (mock) => {
      const r = await rawRequest(Number(new URL(mock.url).port), raw);
      expect(r.status).toBe(400);
      expect(JSON.parse(r.body)).toEqual({ message: "Bad Request", documentation_url: expect.stringMatching(/^https:\/\/docs\.github\.com\//), status: "400" });
      expect(mock.requests.map((q) => q.status)).toEqual([400]);
    });
  });

  it("bad percent-encoding in the path gets GitHub's 404", async () => {
    await withMock({ packages: [], orgs: { acme: [] } }, async (mock) => {
      const raw = "GET /orgs/%E0%A4%A/packages?package_type=npm HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
      const r = await rawRequest(Number(new URL(mock.url).port), raw);
      expect(r.status).toBe(404);
      expect(JSON.parse(r.body)).toMatchObject({ message: "Not Found", status: "404" });
    });
  });
});

describe("requests of any shape (property)", () => {
  it("never get a 500 from the mock: GitHub's 400, 404 or 422, or a listing", async () => {
    const part = (chars: string, max: number) => fc.string({ unit: fc.constantFrom(...chars.split("")), maxLength: max });
    const path = fc.oneof(
      part("abcdefgprsuv/%0123456789AEF", 30),
      part("%0123456789AEFZz", 8).map((login) => `/orgs/${login}/packages`),
      part("%0123456789AEFZz&=_", 12).map((q) => `/user/packages?package_type=npm&${q}`),
    );
    const host = fc.oneof(fc.constant("127.0.0.1"), part("abc.-:[]@_%0129", 20));
    await withMock({ packages: [], orgs: { acme: [] } }, async (mock) => {
      const port = Number(new URL(mock.url).port);
      await fc.assert(
        fc.asyncProperty(path, host, async (target, h) => {
          const r = await rawRequest(port, `GET /${target.replace(/^\/+/, "")} HTTP/1.1\r\nHost: ${h}\r\nConnection: close\r\n\r\n`);
          expect([400, 404, 422, 200]).toContain(r.status);
        }),
        { seed: SEED, numRuns: 150, verbose: true },
      );
      expect(mock.requests.map((q) => q.status).filter((s) => s === 500)).toEqual([]);
    });
  });
});

describe("close()", () => {
  const dist = fileURLToPath(new URL("../dist/testing.js", import.meta.url));
  // Latency far longer than the kill timer: if a timer or socket of the mock survived close(),
  // the child would still be alive when the timer fires, and be killed.
  const child = `
    import { startMockGitHub } from ${JSON.stringify(dist)};
    const mock = await startMockGitHub({ latencyMs: 600000, packages: [] });
    await fetch(mock.url + "/user/packages", { method: "OPTIONS" }); // answered at once: an idle keep-alive socket
    const pending = fetch(mock.url + "/user/packages?package_type=npm").then(() => "answered", () => "cut");
    while (mock.inFlight() === 0) await new Promise((r) => setTimeout(r, 5));
    await mock.close();
    console.log("closed", await pending);`;

  it("ends every timer and socket it started: the process exits by itself, latency pending", async () => {
    expect(existsSync(dist), "run `npm run build` first").toBe(true);
    const proc = spawn(process.execPath, ["--input-type=module", "-e", child], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    proc.stdout.on("data", (c: Buffer) => (out += c.toString()));
    proc.stderr.on("data", (c: Buffer) => (out += c.toString()));
    const killer = setTimeout(() => proc.kill("SIGKILL"), 60_000);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((r) => proc.on("exit", (c, s) => r([c, s])));
    clearTimeout(killer);
    expect({ code, signal, out: out.trim() }).toEqual({ code: 0, signal: null, out: "closed cut" });
  }, 70_000);
});
