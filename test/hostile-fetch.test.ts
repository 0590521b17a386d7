// Whatever an injected fetch resolves or rejects with ends as an answer, a NetworkError naming what
// is wrong, or a ResponseTooLargeError; never a raw TypeError. A body is read only from its stream
// through the cap, never through the value's own text(): a Response subclass or a Response-like
// cannot make the client read 68 MiB under a maxBodyBytes of 1 MiB. A Response-like with no body
// stream (null or missing) has an empty body. What openapi-fetch and the result get is a Response
// of this realm, built from the capped stream.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { runInNewContext } from "node:vm";
import { GitHubApiError, listUserPackages, NetworkError, ResponseTooLargeError } from "../src/index.js";
import { makePackages } from "../src/testing.js";

const npm = { package_type: "npm" } as const;
const MiB = 1024 ** 2;
const CAP = { maxBodyBytes: MiB, retry: false, timeoutMs: 0 } as const;
const PACKAGES = JSON.stringify(makePackages(2, { package_type: "npm" }));
type Fetch = (request: Request) => Promise<Response>;

/** A real server: `/big` streams 68 MiB of JSON-ish bytes (counting what it wrote), anything else two packages. */
let server: Server;
let root = "";
let written = 0;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url?.startsWith("/big/")) {
      res.writeHead(200, { "Content-Type": "application/json" });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (written < 68 * MiB && !res.destroyed) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        res.end();
      };
      res.on("close", () => res.destroy());
      pump();
      return;
    }
    res.writeHead(200, { "Content-Type": "application/json", "X-Seen": "yes" }).end(PACKAGES);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => (written = 0));

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
  unhandled.length = 0;
  process.on("unhandledRejection", onUnhandled);
});
afterEach(async () => {
  await new Promise((resolve) => setTimeout(resolve, 10));
  process.off("unhandledRejection", onUnhandled);
  expect(unhandled).toEqual([]);
});

/** What a call with `fetch` came to: its result, or what it rejected with. */
const outcome = (fetch: unknown, base = root) =>
  listUserPackages(npm, { baseUrl: base, fetch: fetch as Fetch, ...CAP }).then(
    (result) => result,
    (err: unknown) => err,
  );

/** A Response subclass whose own text() and json() would read 68 MiB: counted, so a test can tell they were never called. */
const owns = { text: 0, json: 0 };
class Greedy extends Response {
  override text(): Promise<string> {
    owns.text++;
    return Promise.resolve(" ".repeat(68 * MiB));
  }
  override json(): Promise<unknown> {
    owns.json++;
    return Promise.resolve(JSON.parse(PACKAGES));
  }
}
/** The same, with no body stream at all. */
class Bodiless extends Greedy {
  override get body(): null {
    return null;
  }
}
beforeEach(() => Object.assign(owns, { text: 0, json: 0 }));

describe("a body is read only through the cap, never through the value's own text()", () => {
  it("a Response subclass over the real server's 68 MiB answer: ResponseTooLargeError after about 1 MiB, its text() never called", async () => {
    const fetch = async (request: Request) => {
      const real = await globalThis.fetch(request);
      return new Greedy(real.body, real);
    };
    const err = await outcome(fetch, `${root}/big`);
    expect(err).toBeInstanceOf(ResponseTooLargeError);
    expect(owns).toEqual({ text: 0, json: 0 });
    expect(written).toBeLessThan(68 * MiB);
  });

  it("a Response subclass with a null body and its own text(): an empty body, its text() never called", async () => {
    const fetch = async () => new Bodiless(null, { status: 200, headers: { "content-type": "application/json" } });
    const result = (await outcome(fetch)) as Awaited<ReturnType<typeof listUserPackages>>;
    expect(result.error).toBeInstanceOf(GitHubApiError);
    expect(result.error?.apiMessage).toMatch(/empty body/);
    expect(owns).toEqual({ text: 0, json: 0 });
  });

  it("a Response-like with a null body and its own text() over the real server: an empty body, its text() never called", async () => {
    let reads = 0;
    const fetch = async (request: Request) => {
      const real = await globalThis.fetch(request);
      return { status: real.status, statusText: "OK", headers: real.headers, body: null, text: () => (reads++, real.text()), url: real.url };
    };
    const result = (await outcome(fetch)) as Awaited<ReturnType<typeof listUserPackages>>;
    expect(result.error?.apiMessage).toMatch(/empty body/);
    expect(reads).toBe(0);
  });

  it("a Response-like whose body is the real server's stream is read through the cap, and its headers copied", async () => {
    const fetch = async (request: Request) => {
      const real = await globalThis.fetch(request);
      return { status: real.status, headers: real.headers, body: real.body, text: () => Promise.reject(new Error("never")) };
    };
    const result = (await outcome(fetch)) as Awaited<ReturnType<typeof listUserPackages>>;
    expect(result.data?.map((p) => p.id)).toEqual([1, 2]);
    expect(result.response.headers.get("x-seen")).toBe("yes");
    const big = await outcome(async (request: Request) => ({ ...(await fetch(request)), status: 200 }), `${root}/big`);
    expect(big).toBeInstanceOf(ResponseTooLargeError);
  });

  it("what openapi-fetch and the result get is a Response of this realm, not the app's object", async () => {
    const fetch = async (request: Request) => {
      const real = await globalThis.fetch(request);
      return new Greedy(real.body, real);
    };
    const result = (await outcome(fetch)) as Awaited<ReturnType<typeof listUserPackages>>;
    expect(result.data).toHaveLength(2);
    expect(Object.getPrototypeOf(result.response)).toBe(Response.prototype);
    expect(owns).toEqual({ text: 0, json: 0 });
    // A fetch's own Response keeps the URL it answered.
    const plain = (await outcome((request: Request) => globalThis.fetch(request))) as typeof result;
    expect(plain.response.url).toBe(`${root}/user/packages?package_type=npm`);
  });

  it("a body of typed arrays whose byteLength lies (0) is still counted by what they hold", async () => {
    class Liar extends Uint8Array {
      override get byteLength(): number {
        return 0;
      }
    }
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 64 * 1024;
        controller.enqueue(new Liar(64 * 1024).fill(0x20));
        if (pulled >= 68 * MiB) controller.close();
      },
    });
    const err = await outcome(async () => ({ status: 200, headers: new Headers(), body }));
    expect(err).toBeInstanceOf(ResponseTooLargeError);
    expect(pulled).toBeLessThan(2 * MiB);
  });
});

/** A NetworkError whose message says `what`. */
function expectNetworkError(err: unknown, what: RegExp): void {
  expect(err).toBeInstanceOf(NetworkError);
  expect(err).not.toBeInstanceOf(TypeError);
  expect((err as NetworkError).message).toMatch(what);
  expect((err as NetworkError).url).toBe(`${root}/user/packages?package_type=npm`);
}

describe("a fetch that resolves to a value that is no usable Response: a NetworkError naming what is wrong", () => {
  const throwing = (what: string) => () => {
    throw new Error(`${what} getter`);
  };
  it.each([
    ["non-iterable headers", () => ({ status: 200, headers: { get: () => null }, body: null }), /its headers are not iterable/],
    ["headers whose iterator throws", () => ({ status: 200, headers: { get: () => null, [Symbol.iterator]: throwing("iterator") }, body: null }), /its headers are not iterable/],
    ["headers that are a Proxy whose traps throw", () => ({ status: 200, headers: new Proxy({}, { get: throwing("trap"), has: throwing("trap") }), body: null }), /its headers are not iterable/],
    ["a throwing status getter", () => Object.defineProperty({ headers: new Headers(), body: null }, "status", { get: throwing("status") }), /reading its status threw/],
    ["a throwing headers getter", () => Object.defineProperty({ status: 200, body: null }, "headers", { get: throwing("headers") }), /reading its headers threw/],
    ["a throwing body getter", () => Object.defineProperty({ status: 200, headers: new Headers() }, "body", { get: throwing("body") }), /reading its body threw/],
    ["a status of 0 (an error or opaque answer)", () => Response.error(), /its status is not an integer from 200 to 599/],
    ["a status that is a string", () => ({ status: "200", headers: new Headers(), body: null }), /its status is not an integer from 200 to 599/],
    ["a body that is not a stream", () => ({ status: 200, headers: new Headers(), body: PACKAGES }), /its body is not a stream/],
    ["a body stream already read", () => {
      const r = new Response(PACKAGES);
      void r.body?.getReader();
      return r;
    }, /ReadableStream is locked/],
    ["a body stream of strings", () => ({ status: 200, headers: new Headers(), body: new ReadableStream({ start: (c) => { c.enqueue(PACKAGES); c.close(); } }) }), /body gave something that is not bytes/],
    ["null", () => null, /not a Response: it is null/],
    // Resolving with it reads its `then`, which throws: a rejection with the trap's error.
    ["a Proxy whose every trap throws", () => new Proxy({}, { get: throwing("trap"), getPrototypeOf: throwing("trap") }), /trap getter/],
    ["a Proxy whose traps throw but for `then`", () => new Proxy({}, { get: (_t, k) => (k === "then" ? undefined : throwing("trap")()) }), /reading its status threw/],
  ])("%s", async (_label, answer, what) => {
    expectNetworkError(await outcome(async () => answer()), what);
  });

  it("headers whose own get() throws are copied by iteration: the answer is read, its get() never called", async () => {
    class Hostile extends Headers {
      override get(): string | null {
        throw new Error("get called");
      }
    }
    const result = (await outcome(async () => ({ status: 200, headers: new Hostile({ "content-type": "application/json" }), body: new Response(PACKAGES).body }))) as Awaited<
      ReturnType<typeof listUserPackages>
    >;
    expect(result.data).toHaveLength(2);
  });
});

describe("a fetch that throws or rejects with anything: a NetworkError", () => {
  const getter = (name: "message" | "cause") => {
    const err = new Error("base");
    Object.defineProperty(err, name, {
      get() {
        throw new Error(`${name} getter`);
      },
    });
    return err;
  };
  const trapped = new Proxy(new Error("proxied"), {
    getPrototypeOf() {
      throw new Error("trap");
    },
    get() {
      throw new Error("trap");
    },
  });
  it.each([
    ["Object.create(null)", Object.create(null) as unknown, /could not be read/],
    ["an error whose message getter throws", getter("message"), /could not be read/],
    ["an error whose cause getter throws", getter("cause"), /could not be read/],
    ["an error whose cause's message getter throws", new Error("outer", { cause: getter("message") }), /could not be read/],
    ["a Proxy whose traps throw", trapped, /could not be read/],
    ["an object whose toString throws", { toString: () => { throw new Error("toString"); } }, /could not be read/],
    ["undefined", undefined, /fetch rejected with undefined/],
    ["0", 0, /fetch rejected with 0/],
    ["an error with a cause", new TypeError("fetch failed", { cause: new Error("ECONNREFUSED") }), /fetch failed \(ECONNREFUSED\)/],
    // `instanceof Error` is false for these: read by their fields, as an error of this realm is.
    ["an error of another realm with a cause", runInNewContext('new TypeError("fetch failed", { cause: new Error("ECONNREFUSED") })') as unknown, /fetch failed \(ECONNREFUSED\)/],
  ])("%s, thrown or as a rejection", async (_label, thrown, what) => {
    expectNetworkError(
      await outcome(async () => {
        throw thrown;
      }),
      what,
    );
    expectNetworkError(
      await outcome(() => {
        throw thrown;
      }),
      what,
    );
  });
});
