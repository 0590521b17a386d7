// A hostile GitHub stand-in and odd inputs: every case ends in a typed error or a clean result,
// nothing hangs, nothing leaks the token. Each test names the weakness it closes.
import { describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import {
  createPackagesClient,
  GitHubApiError,
  InvalidParametersError,
  iterateUserPackages,
  listAllUserPackages,
  listUserPackages,
  RateLimitError,
  ResponseTooLargeError,
  TimeoutError,
  type CacheEntry,
  type CacheStore,
  type ClientOptions,
  type Package,
} from "../src/index.js";
import { makePackages, type MockGitHub } from "../src/testing.js";
import { rateLimitOf } from "../src/core/request/rate-limit.js";
import { FakeClock, until } from "./fake-clock.js";
import { runCli } from "./run-cli.js";
import { withMock as withMockGitHub } from "./with-mock.js";

export const HOSTILE_TOKEN = "ghp_hostileSuiteToken0123456789abcdefABCD";
const TOKEN = HOSTILE_TOKEN;
const withMock = <T>(options: Parameters<typeof withMockGitHub>[0], fn: (mock: MockGitHub) => Promise<T>) =>
  withMockGitHub({ token: TOKEN, ...options }, fn);
const refusal = (run: () => unknown): InvalidParametersError => {
  try {
    run();
  } catch (err) {
    if (err instanceof InvalidParametersError) return err;
    throw err;
  }
  throw new Error("nothing was refused");
};

/** A raw server whose handler decides everything; closed by the returned function. */
async function rawServer(handle: (res: ServerResponse, served: { requests: number; bytes: number }) => void) {
  const served = { requests: 0, bytes: 0 };
  const server: Server = createServer((_req, res) => {
    served.requests++;
    handle(res, served);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return { url, served, close };
}

/** Writes `chunk` until `total` bytes went out or the client went away, respecting backpressure. */
function stream(res: ServerResponse, served: { bytes: number }, first: Buffer, chunk: Buffer, total: number) {
  res.write(first);
  served.bytes += first.length;
  const pump = () => {
    while (served.bytes < total && !res.destroyed) {
      served.bytes += chunk.length;
      if (!res.write(chunk)) return void res.once("drain", pump);
    }
    res.end();
  };
  pump();
}

describe("stores that never answer (1)", () => {
  const hanging = (): CacheStore => ({ get: () => new Promise<CacheEntry | undefined>(() => undefined), set: () => new Promise<void>(() => undefined) });

  it("a get() that never settles is bypassed once the attempt's time is up", async () => {
    const clock = new FakeClock();
    await withMock({}, async (mock) => {
      const pending = listUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, cache: hanging(), clock, timeoutMs: 500 });
      await until(() => clock.pending() === 1, "the store call");
      expect(mock.requests).toHaveLength(0);
      await clock.advance(500);
      await until(() => mock.requests.length === 1, "the request to go out without the store");
      await clock.advance(0); // the set() after the 200 waits at most 500 ms as well
      await clock.advance(500);
      const { data } = await pending;
      expect(data).toHaveLength(7);
    });
  });

  it("the caller's signal ends a hanging store call at once", async () => {
    await withMock({}, async (mock) => {
      const controller = new AbortController();
      const pending = listUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, cache: hanging(), timeoutMs: 0, signal: controller.signal });
      controller.abort(new Error("stop"));
      await expect(pending).rejects.toThrow("stop");
      expect(mock.requests).toHaveLength(0);
    });
  });

  it("break out of a listing returns with no time passing, though the store never answers", async () => {
    const clock = new FakeClock(); // never advanced: leaving must not wait for any timeout
    let calls = 0;
    const store: CacheStore = {
      get: () => (calls++ === 0 ? undefined : new Promise<CacheEntry | undefined>(() => undefined)),
      set: () => undefined,
    };
    await withMock({ packages: makePackages(500, { package_type: "npm" }) }, async (mock) => {
      const seen: number[] = [];
      for await (const pkg of iterateUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, cache: store, clock, timeoutMs: 30_000 })) {
        seen.push(pkg.id);
        if (seen.length === 100) break;
      }
      expect(seen).toHaveLength(100);
      expect(clock.pending()).toBe(0); // every store call and deadline was let go
      expect(mock.requests).toHaveLength(1);
    });
  });
});

describe("absurd rate-limit headers (2)", () => {
  const absurd = { "X-RateLimit-Limit": "5000", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "999999999999999" };

  it("an x-ratelimit-reset beyond any date is no hint: a RateLimitError, never a RangeError", async () => {
    const clock = new FakeClock(true);
    await withMock({ onRequest: () => ({ status: 403, headers: absurd, body: { message: "API rate limit exceeded" } }) }, async (mock) => {
      const err = await listAllUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, clock, timeoutMs: 0 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RateLimitError);
      expect((err as RateLimitError).resetAt).toBeUndefined();
      expect((err as RateLimitError).rateLimit).toBeNull();
      expect(clock.sleeps).toEqual([]); // a primary limit without a readable reset is not waited for
      expect(mock.requests).toHaveLength(1);
      const single = await listUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, retry: false });
      expect(single.rateLimit).toBeNull();
    });
  });

  it("never builds a Date from an out-of-range number", () => {
    expect(rateLimitOf(new Headers(absurd))).toBeNull();
    expect(rateLimitOf(new Headers({ ...absurd, "X-RateLimit-Reset": "1767225600" }))?.reset.toISOString()).toBe("2026-01-01T00:00:00.000Z");
  });
});

describe("bodies past the cap (3)", () => {
  const DIST = fileURLToPath(new URL("../dist/index.js", import.meta.url));
  // Lists one page in a child process, to see its own peak memory.
  const child = async (baseUrl: string) => {
    const code = `
      const { listUserPackages } = await import(${JSON.stringify(DIST)});
      const err = await listUserPackages({ package_type: "npm" }, { baseUrl: ${JSON.stringify(baseUrl)}, retry: { retries: 3, minDelayMs: 1, maxDelayMs: 1 } }).catch((e) => e);
      console.log(JSON.stringify({ name: err?.name, message: err?.message, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));`;
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8" });
    return JSON.parse(stdout) as { name: string; message: string; maxRssMB: number };
  };

  it("a 1 GB JSON body stops at maxBodyBytes: one request, its own error, small memory", async () => {
    const GB = 1024 ** 3;
    const server = await rawServer((res, served) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      stream(res, served, Buffer.from("["), Buffer.from('{"id":1,"name":"x"},'.repeat(3200)), GB);
    });
    try {
      const result = await child(server.url);
      expect(result.name).toBe("ResponseTooLargeError");
      expect(result.message).toMatch(/larger than maxBodyBytes \(33554432 bytes\)/);
      expect(result.maxRssMB).toBeLessThan(200);
      expect(server.served.requests).toBe(1);
      expect(server.served.bytes).toBeLessThan(128 * 1024 ** 2);
    } finally {
      await server.close();
    }
  }, 60_000);

  it("a gzip bomb (1 MB inflating to 1 GB) stops at maxBodyBytes of inflated bytes", async () => {
    const member = gzipSync(Buffer.alloc(1024 ** 2, " "), { level: 9 }); // 1 MiB of spaces, ~1 kB zipped
    const bomb = Buffer.concat([gzipSync(Buffer.from("[")), ...Array.from({ length: 1024 }, () => member)]);
    const server = await rawServer((res, served) => {
      res.writeHead(200, { "Content-Type": "application/json", "Content-Encoding": "gzip", "Content-Length": String(bomb.length) });
      served.bytes += bomb.length;
      res.end(bomb);
    });
    try {
      expect(bomb.length).toBeLessThan(2 * 1024 ** 2);
      const result = await child(server.url);
      expect(result.name).toBe("ResponseTooLargeError");
      expect(result.maxRssMB).toBeLessThan(200);
      expect(server.served.requests).toBe(1);
    } finally {
      await server.close();
    }
  }, 60_000);

  it("a Content-Length over the cap fails before reading; the cap is an option", async () => {
    await withMock({}, async (mock) => {
      const err = await listUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, maxBodyBytes: 100 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ResponseTooLargeError);
      expect((err as ResponseTooLargeError).maxBodyBytes).toBe(100);
      expect(mock.requests).toHaveLength(1); // not retried
      expect(refusal(() => createPackagesClient({ maxBodyBytes: 0 })).issues[0]?.parameter).toBe("maxBodyBytes");
    });
  });
});

describe("credentials in baseUrl (4) and headers (12)", () => {
  it.each([
    [`https://mona:${TOKEN}@ghe.example.com/api/v3`],
    [`https://${TOKEN}@ghe.example.com/api/v3`],
    [`https://ghe.example.com/api/v3?access_token=${TOKEN}`],
    [`https://ghe.example.com/api/v3?x=${TOKEN}`],
  ])("refuses %s without quoting the credential", (baseUrl) => {
    const err = refusal(() => createPackagesClient({ baseUrl }));
    expect(err.issues[0]?.parameter).toBe("baseUrl");
    expect(`${err.message} ${JSON.stringify(err.issues)} ${err.stack ?? ""}`).not.toContain(TOKEN.slice(4));
    expect(err.message).toContain("ghe.example.com");
  });

  it("counts an Authorization header as a credential for the plain-http guard", () => {
    const err = refusal(() => createPackagesClient({ baseUrl: "http://example.invalid", headers: { Authorization: `Bearer ${TOKEN}` } }));
    expect(err.message).toMatch(/credentials are only sent over https/);
    expect(err.message).not.toContain(TOKEN);
    expect(() => createPackagesClient({ baseUrl: "http://127.0.0.1:9", headers: { authorization: `Bearer ${TOKEN}` } })).not.toThrow();
  });
});

describe("a fetch that ignores its signal (5)", () => {
  it("still ends at timeoutMs with a TimeoutError", async () => {
    const clock = new FakeClock();
    const pending = listUserPackages(
      { package_type: "npm" },
      { baseUrl: "https://api.github.com", fetch: () => new Promise<Response>(() => undefined), clock, timeoutMs: 50, retry: false },
    ).catch((e: unknown) => e);
    await until(() => clock.pending() === 1, "the attempt");
    await clock.advance(50);
    expect(await pending).toBeInstanceOf(TimeoutError);
  });

  it("refuses a timeoutMs a timer cannot hold", () => {
    expect(refusal(() => createPackagesClient({ timeoutMs: 2 ** 31 })).issues[0]?.rule).toMatch(/from 0 to 2147483647/);
  });
});

describe("Retry-After, read one way (6)", () => {
  // How Retry-After is read is tested in rate-limit.test.ts; here, what the client does with it.

  it("a 500 asking for longer than maxWaitMs fails at once instead of being retried early", async () => {
    const clock = new FakeClock(true);
    await withMock({ onRequest: () => ({ status: 500, headers: { "Retry-After": "3600" }, body: { message: "down" } }) }, async (mock) => {
      const err = await listAllUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, clock, timeoutMs: 0 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GitHubApiError);
      expect((err as GitHubApiError).status).toBe(500);
      expect(mock.requests).toHaveLength(1);
      expect(clock.sleeps).toEqual([]);
    });
  });
});

describe("bodies that are not lists of packages (9)", () => {
  it.each([
    ["[1, null, \"x\"]", "[1, null, \"x\"]", /element 0 is not a package: it is not an object/],
    ["[{}]", "[{}]", /element 0 is not a package: its id is not an integer/],
    ["a package whose name is a number", JSON.stringify([...makePackages(2), { ...makePackages(1)[0], name: 5 }]), /element 2 is not a package: its name is not a string/],
  ])("%s is an error result, and a GitHubApiError in a listing", async (_label, body, message) => {
    await withMock({ onRequest: () => ({ status: 200, headers: { "Content-Type": "application/json" }, body }) }, async (mock) => {
      const { data, error } = await listUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, retry: false });
      expect(data).toBeUndefined();
      expect(error?.apiMessage).toMatch(message);
      const err = await listAllUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, retry: false }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GitHubApiError);
    });
  });
});

describe("stores that hand back odd entries (10)", () => {
  it.each([
    ["an ETag with a line break", () => ({ etag: 'W/"a"\r\nX-Evil: 1', body: "[]", link: null })],
    ["a getter that throws", () => Object.defineProperty({}, "etag", { get: () => { throw new Error("boom"); } }) as CacheEntry],
    ["a body that is not a list of packages", () => ({ etag: 'W/"a"', body: "[1]", link: null })],
  ])("%s: the entry is bypassed and the page fetched anew", async (_label, entry) => {
    await withMock({}, async (mock) => {
      const store: CacheStore = { get: entry, set: () => undefined };
      const { data } = await listUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, cache: store });
      expect(data).toHaveLength(7);
      expect(mock.requests.at(-1)?.status).toBe(200);
    });
  });
});

describe("options that cannot work are refused up front (11, 13, 14)", () => {
  it.each<[string, ClientOptions, string, RegExp]>([
    ["a baseUrl ending in ?", { baseUrl: "https://ghe.example.com/api/v3?" }, "baseUrl", /without credentials, query or fragment/],
    ["a baseUrl ending in #", { baseUrl: "https://ghe.example.com/api/v3#" }, "baseUrl", /without credentials, query or fragment/],
    ["a line break in userAgent", { userAgent: "app\r\nX-Evil: 1" }, "userAgent", /without line breaks/],
    ["a line break in apiVersion", { apiVersion: "2022-11-28\n" }, "apiVersion", /without line breaks/],
    ["a line break in a header", { headers: { "X-Note": "a\r\nb" } }, "headers.X-Note", /without line breaks/],
    ["octokit's auth", { auth: TOKEN } as ClientOptions, "auth", /did you mean token\?/],
    ["a typo", { tokne: TOKEN } as ClientOptions, "tokne", /did you mean token\?/],
    ["an unknown retry field", { retry: { retires: 2 } } as ClientOptions, "retry.retires", /did you mean retry\.retries\?/],
    ["a clock without sleep", { clock: { now: Date.now } } as unknown as ClientOptions, "clock", /now and sleep/],
  ])("%s", (_label, options, parameter, rule) => {
    const err = refusal(() => createPackagesClient(options));
    expect(err.issues.map((i) => i.parameter)).toEqual([parameter]);
    expect(err.issues[0]?.rule).toMatch(rule);
    expect(JSON.stringify(err.issues) + err.message).not.toContain(TOKEN);
  });

  it("a signal that is not an AbortSignal is refused before any request", async () => {
    await withMock({}, async (mock) => {
      const err = await listUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, signal: {} as AbortSignal }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidParametersError);
      expect((err as InvalidParametersError).issues[0]).toMatchObject({ parameter: "signal", rule: "it must be an AbortSignal" });
      expect(mock.requests).toHaveLength(0);
    });
  });

  it("a URL object is a fine baseUrl; no request goes out with a line break in it", async () => {
    await withMock({}, async (mock) => {
      const { data } = await listUserPackages({ package_type: "npm" }, { baseUrl: new URL(mock.url), token: TOKEN });
      expect(data).toHaveLength(7);
      await expect(listUserPackages({ package_type: "npm" }, { baseUrl: mock.url, headers: { "X-A": "\n" } })).rejects.toBeInstanceOf(InvalidParametersError);
      expect(mock.requests).toHaveLength(1);
    });
  });
});

describe("errors across the ESM and CommonJS copies (15)", () => {
  it("instanceof holds between the copies, by class and by ancestry, and name stays", async () => {
    const esm = (await import(fileURLToPath(new URL("../dist/index.js", import.meta.url)))) as typeof import("../src/index.js");
    const cjs = createRequire(import.meta.url)("../dist/index.cjs") as typeof import("../src/index.js");
    const fromCjs = await cjs.listUserPackages({ package_type: "pypi" } as never).catch((e: unknown) => e);
    expect(fromCjs).toBeInstanceOf(esm.InvalidParametersError);
    expect(fromCjs).toBeInstanceOf(esm.PackagesClientError);
    expect(fromCjs).not.toBeInstanceOf(esm.GitHubApiError);
    expect((fromCjs as Error).name).toBe("InvalidParametersError");
    const limited = new cjs.RateLimitError({ status: 429, apiMessage: "slow", requestId: null, headers: {}, rawBody: "", method: "GET", url: "https://api.github.com/user/packages", kind: "secondary", resetAt: undefined });
    expect(limited).toBeInstanceOf(esm.GitHubApiError);
    expect(limited).toBeInstanceOf(esm.RateLimitError);
    expect(limited).not.toBeInstanceOf(esm.NetworkError);
    expect(limited.name).toBe("RateLimitError");
    expect({ name: "RateLimitError" }).not.toBeInstanceOf(esm.RateLimitError);
  });
});

describe("terminal safety in the CLI (7)", () => {
  const run = (args: string[]) => runCli(args, { GITHUB_TOKEN: TOKEN });
  const evil = "\x1b]0;pwned\x07\x1b[2J\x9b31m\rname";

  it("escapes control characters from the server in the table and on stderr; csv and json stay exact", async () => {
    const packages: Package[] = makePackages(2, { package_type: "npm" }).map((p, i) => (i === 0 ? { ...p, name: evil } : p));
    await withMock({ packages }, async (mock) => {
      const table = await run(["list", "--type", "npm", "--base-url", mock.url]);
      expect(table.stdout).not.toMatch(/[\x1b\x07\x9b\r]/);
      expect(table.stdout).toContain("\\x1b]0;pwned\\x07");
      const json = await run(["list", "--type", "npm", "--format", "json", "--base-url", mock.url]);
      expect((JSON.parse(json.stdout) as Package[])[0]?.name).toBe(evil);
      const csv = await run(["list", "--type", "npm", "--format", "csv", "--base-url", mock.url]);
      expect(csv.stdout).toContain(evil);
    });
    await withMock({ onRequest: () => ({ status: 404, body: { message: `Not Found${evil}` } }) }, async (mock) => {
      const r = await run(["list", "--type", "npm", "--base-url", mock.url]);
      expect(r.code).toBe(1);
      expect(r.stderr).not.toMatch(/[\x1b\x07\x9b\r]/);
      expect(r.stderr).toContain("Not Found\\x1b]0;pwned");
    });
  });

  it("never repeats a token given in --base-url", async () => {
    const r = await run(["list", "--type", "npm", "--base-url", `https://x-access-token:${TOKEN}@ghe.example.com/api/v3`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--base-url/);
    expect(r.stderr + r.stdout).not.toContain(TOKEN.slice(4));
  });
});
