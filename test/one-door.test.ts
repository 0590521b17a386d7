// Every input is checked the same way wherever it arrives: client options, per-call options,
// callbacks, clocks and bodies. Each describe names the weakness of the hostile-input review it closes.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ClockError,
  createPackagesClient,
  GitHubApiError,
  InvalidParametersError,
  listAllUserPackages,
  listUserPackages,
  MemoryCache,
  NetworkError,
  PackagesClientError,
  RateLimitError,
  ResponseTooLargeError,
  TimeoutError,
  type Clock,
  type ClientOptions,
  type GitHubWarning,
} from "../src/index.js";
import { makePackages } from "../src/testing.js";
import { FakeClock } from "./fake-clock.js";

const TOKEN = "ghp_oneDoorSuiteToken0123456789abcdefABCD";
const PACKAGES = makePackages(2, { package_type: "npm" });

/** An injected fetch that records each request and answers with `reply` (200 with two packages by default). */
function recorder(reply: (request: Request) => Response | Promise<Response> = () => json(PACKAGES)) {
  const requests: Request[] = [];
  const fetch = async (request: Request) => {
    requests.push(request);
    return reply(request);
  };
  return { requests, fetch };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(typeof body === "string" ? body : JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

/** The refusal a call rejects with (or throws), failing when it is anything else. */
async function refusal(run: () => unknown): Promise<InvalidParametersError> {
  let outcome: unknown;
  try {
    outcome = await run();
  } catch (err) {
    outcome = err;
  }
  if (outcome instanceof InvalidParametersError) return outcome;
  throw new Error(`expected an InvalidParametersError, got ${String(outcome)}`);
}

const npm = { package_type: "npm" } as const;

describe("per-call headers are checked like the client's own (1)", () => {
  for (const [what, value] of [["CR LF", "a\r\nX-Injected: 1"], ["LF", "a\nb"], ["NUL", "a\0b"]] as const) {
    it(`a value with ${what} is refused before any request: single call, client call and listing`, async () => {
      const { requests, fetch } = recorder();
      const headers = { "X-Trace": value };
      const errors = [
        await refusal(() => listUserPackages(npm, { token: TOKEN, fetch, headers })),
        await refusal(() => createPackagesClient({ token: TOKEN, fetch }).listUserPackages(npm, { headers })),
        await refusal(() => createPackagesClient({ token: TOKEN, fetch }).listAllUserPackages(npm, { headers })),
        await refusal(() => listAllUserPackages(npm, { token: TOKEN, fetch, headers })),
      ];
      expect(requests).toHaveLength(0);
      expect(errors.map((e) => e.issues.map((i) => i.parameter))).toEqual([["headers.X-Trace"], ["headers.X-Trace"], ["headers.X-Trace"], ["headers.X-Trace"]]);
      expect(errors[0]?.message).toMatch(/control characters/);
      for (const err of errors) expect(String(err) + JSON.stringify(err.issues)).not.toContain(TOKEN);
    });
  }

  it("a bad header name or a non-string value is refused too; a fine header reaches the request", async () => {
    const { requests, fetch } = recorder();
    const client = createPackagesClient({ token: TOKEN, fetch });
    // A name that is no header name may be anything (a pasted token): named by its length only.
    expect((await refusal(() => client.listUserPackages(npm, { headers: { "Bad Name": "x" } }))).issues[0]).toMatchObject({ parameter: "headers", value: "(a string of 8 characters)" });
    const notString = { "X-Count": 3 } as unknown as Record<string, string>;
    expect((await refusal(() => client.listUserPackages(npm, { headers: notString }))).issues[0]?.parameter).toBe("headers.X-Count");
    expect(requests).toHaveLength(0);
    await client.listUserPackages(npm, { headers: { "X-Trace": "abc\tdef" } });
    expect(requests[0]?.headers.get("x-trace")).toBe("abc\tdef");
  });
});

describe("a per-call Authorization header is a credential (2)", () => {
  it("is refused over plain http to a host that is not loopback, as the client option is", async () => {
    const { requests, fetch } = recorder();
    const client = createPackagesClient({ baseUrl: "http://ghe.example.com/api/v3", fetch });
    const err = await refusal(() => client.listUserPackages(npm, { headers: { authorization: `Bearer ${TOKEN}` } }));
    expect(err.issues).toEqual([{ parameter: "headers.authorization", value: "(hidden)", rule: expect.stringMatching(/https/) as unknown }]);
    await refusal(() => client.listAllUserPackages(npm, { headers: { Authorization: `Bearer ${TOKEN}` } }));
    expect(requests).toHaveLength(0);
    expect(String(err)).not.toContain(TOKEN);
  });

  it("goes over http to a loopback host, and over https anywhere", async () => {
    const { requests, fetch } = recorder();
    await createPackagesClient({ baseUrl: "http://127.0.0.1:9", fetch }).listUserPackages(npm, { headers: { Authorization: "Bearer local" } });
    await createPackagesClient({ baseUrl: "https://ghe.example.com/api/v3", fetch }).listUserPackages(npm, { headers: { Authorization: "Bearer remote" } });
    expect(requests.map((r) => r.headers.get("authorization"))).toEqual(["Bearer local", "Bearer remote"]);
  });
});

describe("the cache key holds the credential each request is sent with (3)", () => {
  it("bob's per-call Authorization never sends alice's ETag nor gets her cached page", async () => {
    const alice = makePackages(1, { package_type: "npm", name: "alice-private" });
    const bob = makePackages(1, { package_type: "npm", name: "bob-own" });
    // A server that answers 304 to any ETag it once gave out, whoever asks.
    const { requests, fetch } = recorder((request) => {
      if (request.headers.get("if-none-match") === '"alice"') return new Response(null, { status: 304 });
      const mine = request.headers.get("authorization") === "Bearer alice";
      return json(mine ? alice : bob, 200, { etag: mine ? '"alice"' : '"bob"' });
    });
    const cache = new MemoryCache();
    const forAlice = await listUserPackages(npm, { token: "alice", cache, fetch });
    expect(forAlice.data?.[0]?.name).toBe("alice-private");
    const forBob = await createPackagesClient({ token: "alice", cache, fetch }).listUserPackages(npm, { headers: { Authorization: "Bearer bob" } });
    expect(requests[1]?.headers.get("if-none-match")).toBeNull();
    expect(forBob.cached).toBe(false);
    expect(forBob.data?.[0]?.name).toBe("bob-own");
    // Alice's own second request still uses her entry.
    const again = await listUserPackages(npm, { token: "alice", cache, fetch });
    expect(again.cached).toBe(true);
    expect(cache.size).toBe(2);
  });
});

describe("header values are Latin-1 (4)", () => {
  it("refuses userAgent, apiVersion and headers above U+00FF when the client is made, and per call", async () => {
    const { requests, fetch } = recorder();
    const cases: [string, ClientOptions][] = [
      ["userAgent", { userAgent: "my app ✓" }],
      ["apiVersion", { apiVersion: "2022–11–28" }],
      ["headers.X-Note", { headers: { "X-Note": "→" } }],
    ];
    for (const [parameter, options] of cases) {
      const err = await refusal(() => createPackagesClient({ ...options, fetch }));
      expect(err.issues.map((i) => i.parameter)).toEqual([parameter]);
      expect(err.message).toMatch(/Latin-1/);
    }
    const perCall = await refusal(() => createPackagesClient({ fetch }).listUserPackages(npm, { headers: { "X-Note": "😀" } }));
    expect(perCall.issues.map((i) => i.parameter)).toEqual(["headers.X-Note"]);
    expect(requests).toHaveLength(0);
    // Latin-1 itself is fine.
    await listUserPackages(npm, { userAgent: "café", headers: { "X-Note": "naïve" }, fetch });
    expect(requests[0]?.headers.get("user-agent")).toMatch(/^café gh-user-packages\//);
  });
});

describe("callbacks are boundaries (5)", () => {
  const warned = () => json(PACKAGES, 200, { deprecation: "true", sunset: "Wed, 01 Jan 2031 00:00:00 GMT" });
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeEach(() => {
    unhandled.length = 0;
    process.on("unhandledRejection", onUnhandled);
  });
  afterEach(() => {
    process.off("unhandledRejection", onUnhandled);
  });
  const turns = async () => {
    for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 5));
  };

  it("an onWarning that throws changes neither a call's answer nor a listing's", async () => {
    const { fetch } = recorder(warned);
    const onWarning = (w: GitHubWarning) => {
      throw new Error(`listener broke on ${w.kind}`);
    };
    const single = await listUserPackages(npm, { fetch, onWarning });
    expect(single.data).toHaveLength(2);
    const all = await listAllUserPackages(npm, { fetch, onWarning });
    expect(all.packages).toHaveLength(2);
  });

  it("an onWarning or onRetry that rejects leaves no unhandled rejection", async () => {
    let n = 0;
    const { fetch } = recorder(() => (n++ === 0 ? json({ message: "boom" }, 502) : warned()));
    const result = await listUserPackages(npm, {
      fetch,
      clock: new FakeClock(true),
      onWarning: (() => Promise.reject(new Error("async listener"))) as unknown as () => void,
      onRetry: (() => Promise.reject(new Error("async retry listener"))) as unknown as () => void,
    });
    expect(result.data).toHaveLength(2);
    await turns();
    expect(unhandled).toEqual([]);
  });

  it("a fetch that throws, or resolves to something that is not a Response, ends in a NetworkError", async () => {
    const fetches = [
      () => {
        throw new Error("sync throw");
      },
      () => undefined,
      () => Promise.resolve({ status: 200 }),
    ] as unknown as ((request: Request) => Promise<Response>)[];
    for (const fetch of fetches) {
      const err = await listUserPackages(npm, { fetch, retry: false }).catch((e: unknown) => e);
      expect((err as Error).name).toBe("NetworkError");
      expect((err as Error).message).toMatch(/sync throw|not a Response/);
    }
    await turns();
    expect(unhandled).toEqual([]);
  });

  it("a discarded body whose cancel() rejects leaves no unhandled rejection (7)", async () => {
    const body = new ReadableStream<Uint8Array>({ pull: () => undefined, cancel: () => Promise.reject(new Error("cancel failed")) });
    const { fetch } = recorder(() => new Response(body, { headers: { "content-type": "application/json", "content-length": "999999" } }));
    const err = await listUserPackages(npm, { fetch, maxBodyBytes: 1000, retry: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseTooLargeError);
    await turns();
    expect(unhandled).toEqual([]);
  });
});

// Left out of the mutation run: how deep JSON.parse gets depends on the stack, which instrumented code changes.
describe.skipIf(process.env.MUTATION === "1")("JSON of any depth ends as data or a typed error (6)", () => {
  const deepArray = "[".repeat(5000) + "]".repeat(5000);
  const deepObject = '{"message":"nested","a":' + '{"a":'.repeat(5000) + "1" + "}".repeat(5001);

  it("an error body nested 5,000 levels deep is an error result, and a GitHubApiError in a listing", async () => {
    for (const body of [deepArray, deepObject]) {
      const { fetch } = recorder(() => json(body, 422));
      const single = await listUserPackages(npm, { fetch, retry: false });
      expect(single.error?.status).toBe(422);
      expect(single.error?.apiMessage).toMatch(/nested|too deep/);
      const err = await listAllUserPackages(npm, { fetch, retry: false }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GitHubApiError);
      expect(err).not.toBeInstanceOf(RangeError);
    }
  });

  it("a 2xx body nested that deep is the malformed-body outcome", async () => {
    const { fetch } = recorder(() => json(deepArray));
    const single = await listUserPackages(npm, { fetch, retry: false });
    expect(single.error?.apiMessage).toMatch(/element 0 is not a package/);
  });
});

describe("every body is counted, whatever Content-Length says (8)", () => {
  it("a custom fetch whose Response says Content-Length: 10 cannot make the client read past maxBodyBytes", async () => {
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.byteLength;
        controller.enqueue(pulled === chunk.byteLength ? new TextEncoder().encode("[") : chunk);
        if (pulled >= 64 * 1024 ** 2) controller.close();
      },
    });
    const { fetch } = recorder(() => new Response(body, { headers: { "content-type": "application/json", "content-length": "10" } }));
    const err = await listUserPackages(npm, { fetch, maxBodyBytes: 1024 ** 2, retry: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseTooLargeError);
    expect(pulled).toBeLessThan(2 * 1024 ** 2);
  });
});

describe("a clock that fails gives a typed error, never a hang (9)", () => {
  const silent = () => new Promise<Response>(() => undefined); // a server that never answers

  it("a sleep that rejects ends the call with a ClockError instead of disabling timeoutMs", async () => {
    const clock: Clock = { now: () => Date.now(), sleep: () => Promise.reject(new Error("timer broke")) };
    const err = await listUserPackages(npm, { fetch: silent, clock, timeoutMs: 50, retry: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PackagesClientError);
    expect((err as Error).name).toBe("ClockError");
    expect((err as Error).message).toMatch(/timer broke/);
  }, 5000);

  it("a sleep that throws, or a now() that throws or is not a number, is a ClockError too", async () => {
    const clocks: Clock[] = [
      { now: () => Date.now(), sleep: () => { throw new Error("sync"); } },
      { now: () => { throw new Error("no time"); }, sleep: () => Promise.resolve() },
      { now: () => Number.NaN, sleep: () => Promise.resolve() },
    ];
    for (const clock of clocks) {
      const err = await listUserPackages(npm, { fetch: silent, clock, timeoutMs: 50, retry: false }).catch((e: unknown) => e);
      expect((err as Error).name).toBe("ClockError");
    }
  }, 5000);
});

describe("the rate-limit gate cannot spin (10)", () => {
  /** A clock whose sleep resolves at once; it counts its sleeps, tells `onSleep`, and gives up (throws) past 200. */
  const eager = (now: () => number, onSleep: (count: number) => void = () => undefined) => {
    const sleeps: number[] = [];
    const clock: Clock = {
      now,
      sleep: (ms) => {
        sleeps.push(ms);
        onSleep(sleeps.length);
        if (sleeps.length > 200) throw new Error("the client spun on sleep()");
        return Promise.resolve();
      },
    };
    return { clock, sleeps };
  };
  const limited = (nowMs: number) => () =>
    json({ message: "API rate limit exceeded" }, 403, {
      "x-ratelimit-limit": "60",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset": String(Math.floor(nowMs / 1000) + 30),
    });

  it("with a now() that never moves, a listing ends with RateLimitError after a few sleeps", async () => {
    const frozen = Date.UTC(2026, 0, 1);
    const { clock, sleeps } = eager(() => frozen);
    const { requests, fetch } = recorder(limited(frozen));
    const err = await listAllUserPackages(npm, { fetch, clock, timeoutMs: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect(requests).toHaveLength(4);
    expect(sleeps.length).toBeLessThanOrEqual(6);
  });

  it("with a sleep that resolves at once on real time, an abort is seen and nothing spins", async () => {
    // The abort comes during the fifth sleep, counted: a timer would allow as many sleeps as the
    // machine's speed fits in its delay.
    const controller = new AbortController();
    const { clock, sleeps } = eager(() => Date.now(), (count) => count === 5 && controller.abort(new Error("stop")));
    const { fetch } = recorder(limited(Date.now()));
    const err = await listAllUserPackages(npm, { fetch, clock, timeoutMs: 0, retry: { retries: 1000, maxWaitMs: 60_000 }, signal: controller.signal }).catch((e: unknown) => e);
    expect((err as Error).message).toBe("stop");
    expect(sleeps).toHaveLength(5);
  });
});

describe("a primary rate limit with an absurd or unreadable reset fails at once (11)", () => {
  for (const [what, reset] of [["two days away", String(Math.floor(Date.UTC(2026, 0, 3) / 1000))], ["unreadable", "soon"], ["absent", undefined]] as const) {
    it(`reset ${what}: one request, a RateLimitError, no wait`, async () => {
      const clock = new FakeClock(true);
      const headers: Record<string, string> = { "x-ratelimit-limit": "5000", "x-ratelimit-remaining": "0" };
      if (reset !== undefined) headers["x-ratelimit-reset"] = reset;
      const { requests, fetch } = recorder(() => json({ message: "API rate limit exceeded" }, 403, headers));
      const err = await listAllUserPackages(npm, { fetch, clock, timeoutMs: 0 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RateLimitError);
      expect((err as RateLimitError).kind).toBe("primary");
      expect(requests).toHaveLength(1);
      expect(clock.sleeps).toEqual([]);
      const single = await listUserPackages(npm, { fetch, clock, timeoutMs: 0 });
      expect(single.error?.status).toBe(403);
      expect(requests).toHaveLength(2);
    });
  }
});

describe("set-but-empty values (13)", () => {
  it('baseUrl: "" and token: "" mean unset, as an empty GITHUB_API_URL does in the CLI', async () => {
    const { requests, fetch } = recorder();
    const { data } = await listUserPackages(npm, { baseUrl: "", token: "", fetch });
    expect(data).toHaveLength(2);
    await createPackagesClient({ baseUrl: "", token: "", fetch }).listAllUserPackages(npm);
    expect(requests.map((r) => r.url)).toEqual([
      "https://api.github.com/user/packages?package_type=npm",
      "https://api.github.com/user/packages?package_type=npm&page=1&per_page=100",
    ]);
    expect(requests.map((r) => r.headers.get("authorization"))).toEqual([null, null]);
  });

  it('org: "" and username: "" are refused: they would list the wrong namespace', async () => {
    const { requests, fetch } = recorder();
    for (const params of [{ ...npm, org: "" }, { ...npm, username: "" }]) {
      const single = await refusal(() => listUserPackages(params, { fetch }));
      expect(single.issues.map((i) => i.parameter)).toEqual([Object.keys(params)[1]]);
      await refusal(() => listAllUserPackages(params, { fetch }));
    }
    expect(requests).toHaveLength(0);
  });
});

describe("a listing's params and options that are not objects are refused, not a TypeError", () => {
  it("null params or options reject the listing with InvalidParametersError before any request", async () => {
    const { requests, fetch } = recorder();
    const client = createPackagesClient({ fetch });
    const runs = [
      () => client.listAllUserPackages(null as never),
      () => client.listAllUserPackages(npm, null as never),
      () => client.listAllUserPackages(npm, 5 as never),
      () => listAllUserPackages(null as never, { fetch }),
      () => client.listUserPackages(npm, null as never),
    ];
    const parameters = [];
    for (const run of runs) parameters.push((await refusal(run)).issues.map((i) => i.parameter));
    expect(parameters).toEqual([["params"], ["options"], ["options"], ["params"], ["options"]]);
    expect(requests).toHaveLength(0);
  });
});

describe("what is checked is what is used: each value is read once at the door", () => {
  /** A value that answers `first` for `reads` readings, then `later`; `count()` says how often it was read. */
  function shifty<T>(first: T, later: T, reads = 1) {
    let n = 0;
    return { get: () => (n++ < reads ? first : later), count: () => n };
  }

  it("sends the per_page that was checked, not what a getter answers next", async () => {
    const { requests, fetch } = recorder();
    const perPage = shifty(30, 5000);
    const params = { package_type: "npm" as const, get per_page() { return perPage.get(); } };
    await createPackagesClient({ fetch }).listUserPackages(params);
    expect(new URL(requests[0]?.url ?? "").searchParams.get("per_page")).toBe("30");
    expect(perPage.count()).toBe(1);
  });

  it("runs a listing on the concurrency, maxItems and filters that were checked", async () => {
    // Two pages of 100: page 1 names page 2 as next.
    const { requests, fetch } = recorder((request) => {
      const url = new URL(request.url);
      const page = Number(url.searchParams.get("page"));
      url.searchParams.set("page", String(page + 1));
      const body = makePackages(100, { package_type: "npm" }).map((p) => ({ ...p, id: p.id + page * 1000 }));
      return json(body, 200, page === 1 ? { link: `<${url.href}>; rel="next"` } : {});
    });
    const concurrency = shifty(2, 0);
    const maxItems = shifty(150, -5);
    const visibility = shifty<string>("public", "secret");
    const params = { package_type: "npm" as const, get visibility() { return visibility.get() as "public"; } };
    const opts = { get concurrency() { return concurrency.get(); }, get maxItems() { return maxItems.get(); } };
    const { packages } = await createPackagesClient({ fetch }).listAllUserPackages(params, opts);
    expect(packages).toHaveLength(150);
    expect(requests.map((r) => new URL(r.url).searchParams.get("visibility"))).toEqual(["public", "public"]);
    expect([concurrency.count(), maxItems.count(), visibility.count()]).toEqual([1, 1, 1]);
  });

  it("resolves the client options that were checked", async () => {
    const { requests, fetch } = recorder();
    const timeoutMs = shifty(1000, -1);
    const retries = shifty(0, 99);
    const options = { fetch, get timeoutMs() { return timeoutMs.get(); }, retry: { get retries() { return retries.get(); } } };
    const { data } = await listUserPackages(npm, options);
    expect(data).toHaveLength(2);
    expect(requests).toHaveLength(1);
    expect([timeoutMs.count(), retries.count()]).toEqual([1, 1]);
  });
});

describe("what an app's fetch rejects with is a network failure, whatever it looks like", () => {
  const clock = new FakeClock(true);
  it.each<[string, unknown]>([
    ["a ClockError of another client", new ClockError("now() threw")],
    ["a TimeoutError naming another URL", new TimeoutError("GET", "https://elsewhere.example/x", 5)],
    ["an object forged to look like a ClockError", { constructor: { brand: "ClockError" }, message: "forged" }],
    ["an object whose constructor getter throws", { get constructor(): never { throw new Error("boom"); } }],
  ])("%s: a NetworkError, retried", async (_, thrown) => {
    let calls = 0;
    const fetch = async (): Promise<Response> => {
      calls++;
      throw thrown;
    };
    const err = await listUserPackages(npm, { fetch, clock, timeoutMs: 0, retry: { retries: 1 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).url).toBe("https://api.github.com/user/packages?package_type=npm");
    expect(calls).toBe(2);
  });
});

describe("the clock is read only where a time is needed", () => {
  it("a failure that will not be retried reads no time: a network error stays one, a 404 stays a result", async () => {
    const broken: Clock = { now: () => { throw new Error("no time"); }, sleep: async () => undefined };
    const failing = async (): Promise<Response> => {
      throw new TypeError("socket hang up");
    };
    const err = await listUserPackages(npm, { fetch: failing, clock: broken, timeoutMs: 0, retry: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    let reads = 0;
    const once: Clock = { now: () => { if (reads++) throw new Error("no more time"); return Date.UTC(2026, 0, 1); }, sleep: async () => undefined };
    const { fetch } = recorder(() => json({ message: "Not Found" }, 404));
    const { error } = await listUserPackages(npm, { fetch, clock: once, timeoutMs: 0 });
    expect(error?.status).toBe(404);
    expect(reads).toBe(1);
  });
});

describe("instanceof looks at what a value is, not at what it says", () => {
  it("refuses data that names a brand, and a value whose constructor cannot be read", () => {
    expect(JSON.parse('{"constructor":{"brand":"RateLimitError"}}')).not.toBeInstanceOf(RateLimitError);
    expect({ constructor: PackagesClientError }).not.toBeInstanceOf(PackagesClientError);
    const hostile = { get constructor(): never { throw new Error("boom"); } };
    expect(() => hostile instanceof GitHubApiError).not.toThrow();
    expect(hostile).not.toBeInstanceOf(GitHubApiError);
  });

  it("holds for a real error whatever its own properties say, and along the class chain", () => {
    const real = new RateLimitError({ status: 429, apiMessage: "slow", headers: {}, rawBody: "", method: "GET", url: "https://api.github.com/user/packages", kind: "secondary", resetAt: undefined });
    Object.assign(real, { constructor: Object });
    for (const cls of [RateLimitError, GitHubApiError, PackagesClientError]) expect(real).toBeInstanceOf(cls);
    expect(real).not.toBeInstanceOf(NetworkError);
    expect(Object.create(GitHubApiError.prototype)).toBeInstanceOf(GitHubApiError);
    for (const value of [null, undefined, 1, "GitHubApiError", Object.create(null), () => undefined]) expect(value).not.toBeInstanceOf(PackagesClientError);
  });
});
