// The door knows the credentials it was given and sends only what it checked. Each describe names
// the case of the fourth hostile-input review it closes; every assertion on "not shown" looks for
// any 8-character piece of the credential in every form the error can be written in.
import { describe, expect, it } from "vitest";
import { inspect } from "node:util";
import { createPackagesClient, InvalidParametersError, listAllUserPackages, listUserPackages, MemoryCache, type ClientOptions } from "../src/index.js";
import { makePackages } from "../src/testing.js";
import { withMock } from "./with-mock.js";

// A classic token: 40 hex characters, no prefix to recognise it by.
const HEX = "0123456789abcdef0123456789abcdef01234567".split("").reverse().join("").replace(/^(.{8})/, "9f3c1d7e");
const GHP = "ghp_knownNotGuessed0123456789ABCDEFghij";
const npm = { package_type: "npm" } as const;
const PACKAGES = makePackages(2, { package_type: "npm" });

/** Every way an error could be shown or logged. */
function renderings(value: unknown): string {
  const out = [inspect(value, { depth: Infinity, showHidden: true }), String(value)];
  out.push([JSON.stringify(value)].join(""));
  if (value instanceof Error) out.push(value.message, String(value.stack), JSON.stringify(value instanceof InvalidParametersError ? value.issues : []));
  return out.join("\n");
}

/** The 8-character pieces of `secret` that `text` holds. */
function piecesIn(text: string, secret: string): string[] {
  const found: string[] = [];
  for (let i = 0; i + 8 <= secret.length; i++) if (text.includes(secret.slice(i, i + 8))) found.push(secret.slice(i, i + 8));
  return found;
}

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

/** An injected fetch that records each request and answers 200 with two packages. */
function recorder() {
  const requests: Request[] = [];
  const fetch = async (request: Request) => {
    requests.push(request);
    return new Response(JSON.stringify(PACKAGES), { headers: { "content-type": "application/json" } });
  };
  return { requests, fetch };
}

describe("baseUrl is read once, and the root is built from the parsed URL (1)", () => {
  it("an object whose text changes after the check cannot send the token to another origin", async () => {
    await withMock({ token: GHP }, (right) =>
      withMock({}, async (wrong) => {
        let reads = 0;
        const shifty = { toString: () => (reads++ === 0 ? right.url : wrong.url) };
        const client = createPackagesClient({ token: GHP, baseUrl: shifty as unknown as string });
        expect((await client.listUserPackages(npm)).error).toBeUndefined();
        await client.listAllUserPackages(npm);
        expect(await listUserPackages(npm, { token: GHP, baseUrl: { toString: () => (reads++ === 1 ? right.url : wrong.url) } as unknown as string })).toHaveProperty("data");
        expect([reads, wrong.requests.length, right.requests.length > 1]).toEqual([2, 0, true]);
      }),
    );
  });

  it("a URL subclass whose toString and href answer differently later is read once too", async () => {
    await withMock({ token: GHP }, (right) =>
      withMock({}, async (wrong) => {
        let reads = 0;
        class Shifty extends URL {
          override toString(): string {
            return reads++ === 0 ? right.url : wrong.url;
          }
          override get href(): string {
            return wrong.url;
          }
        }
        await createPackagesClient({ token: GHP, baseUrl: new Shifty(right.url) }).listAllUserPackages(npm);
        expect([reads, wrong.requests.length]).toEqual([1, 0]);
        expect(right.requests.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe("an unparseable baseUrl that holds a credential shows none of it (2)", () => {
  for (const baseUrl of [
    `https://ghe example.com/api/v3?access_token=${HEX}`,
    `https://x-access-token:${HEX}@ghe example.com/api/v3`,
    `https://ghe.example.com/api/v3?token=${HEX}`,
    `https://ghe example.com/api/v3#${HEX}`,
  ]) {
    it(baseUrl.replace(HEX, "<40 hex>"), async () => {
      const { requests, fetch } = recorder();
      const err = await refusal(() => createPackagesClient({ baseUrl, fetch }));
      expect(err.issues[0]?.parameter).toBe("baseUrl");
      expect(piecesIn(renderings(err), HEX)).toEqual([]);
      expect(piecesIn(renderings(await refusal(() => listUserPackages(npm, { baseUrl, fetch }))), HEX)).toEqual([]);
      expect(requests).toHaveLength(0);
    });
  }
});

describe("a token given in the wrong place is shown by its type and length only (3)", () => {
  const { fetch } = recorder();
  const cases: [string, () => unknown][] = [
    ["createPackagesClient(token)", () => createPackagesClient(HEX as never)],
    ["listUserPackages(params, token)", () => listUserPackages(npm, HEX as never)],
    ["listAllUserPackages(params, token)", () => listAllUserPackages(npm, HEX as never)],
    ["per-call options equal to the token", () => createPackagesClient({ token: HEX, fetch }).listUserPackages(npm, HEX as never)],
    ["listing options equal to the token", () => createPackagesClient({ token: HEX, fetch }).listAllUserPackages(npm, HEX as never)],
    ["{ pat: token }", () => createPackagesClient({ pat: HEX } as ClientOptions)],
    ["{ bearer: token }", () => createPackagesClient({ bearer: HEX } as ClientOptions)],
    ["an option named by the token", () => createPackagesClient({ [HEX]: true })],
    ["a header X-GitHub-PAT: token + newline", () => createPackagesClient({ headers: { "X-GitHub-PAT": `${HEX}\n` }, fetch })],
    ["a header named Bearer + token", () => createPackagesClient({ headers: { [`Bearer ${HEX}`]: "x" }, fetch })],
    ["a per-call header named by the token", () => createPackagesClient({ fetch }).listUserPackages(npm, { headers: { [`Bearer ${HEX}`]: "x" } })],
    ["org equal to the client's token", () => createPackagesClient({ token: HEX, fetch }).listUserPackages({ ...npm, org: HEX })],
    ["org equal to the client's token, in a listing", () => createPackagesClient({ token: HEX, fetch }).listAllUserPackages({ ...npm, org: HEX })],
    ["username equal to a standalone call's token", () => listUserPackages({ ...npm, username: HEX }, { token: HEX, fetch })],
    ["package_type equal to the token of a listing", () => listAllUserPackages({ package_type: HEX as never }, { token: HEX, fetch })],
    ["a per-call Authorization's credential as visibility", () => createPackagesClient({ fetch }).listUserPackages({ ...npm, visibility: HEX as never }, { headers: { Authorization: `token ${HEX}` } })],
  ];
  for (const [what, run] of cases) {
    it(what, async () => {
      const err = await refusal(run);
      expect(piecesIn(renderings(err), HEX)).toEqual([]);
    });
  }

  it("says what was given instead: a string and its length", async () => {
    const err = await refusal(() => createPackagesClient(HEX as never));
    expect(err.issues).toEqual([{ parameter: "options", value: "(a string of 40 characters)", rule: "it must be an object of client options" }]);
    expect(err.message).toBe('Invalid parameter "options": (a string of 40 characters) is not allowed; it must be an object of client options.');
  });
});

describe("one spelling per header; the cache key is made from the headers sent (4)", () => {
  const twice = { Authorization: `Bearer ${GHP}`, authorization: "Bearer other-credential" };
  it("two spellings of one name are refused before any request: client, call and listing", async () => {
    const { requests, fetch } = recorder();
    const client = createPackagesClient({ fetch });
    const errors = [
      await refusal(() => createPackagesClient({ headers: twice, fetch })),
      await refusal(() => client.listUserPackages(npm, { headers: twice })),
      await refusal(() => client.listAllUserPackages(npm, { headers: twice })),
      await refusal(() => listAllUserPackages(npm, { headers: { "X-Trace": "1", "x-trace": "2" }, fetch })),
    ];
    expect(requests).toHaveLength(0);
    expect(errors.map((e) => e.issues[0]?.rule)).toEqual(Array(4).fill(expect.stringMatching(/same header as/)));
    for (const err of errors) expect(piecesIn(renderings(err), GHP)).toEqual([]);
  });

  it("a call's credential in another case replaces the client's, in the request and in the cache key", async () => {
    await withMock({}, async (mock) => {
      const cache = new MemoryCache();
      const client = createPackagesClient({ baseUrl: mock.url, cache, headers: { Cookie: "session=alice-session-1" } });
      expect((await client.listUserPackages(npm)).cached).toBeFalsy();
      expect((await client.listUserPackages(npm)).cached).toBe(true);
      // Bob's cookie, spelt otherwise: his own request, never Alice's kept page.
      const bob = await client.listUserPackages(npm, { headers: { cookie: "session=bob-session-22" } });
      expect(bob.cached).toBeFalsy();
      expect(mock.requests.at(-1)?.headers["if-none-match"]).toBeUndefined();
    });
  });
});

describe("every credential header follows the token's rules (6)", () => {
  for (const name of ["Cookie", "Proxy-Authorization", "X-Api-Key", "X-GitHub-PAT", "private-token"]) {
    it(`${name} is refused over plain http to a host that is not loopback, and never shown`, async () => {
      const { requests, fetch } = recorder();
      const baseUrl = "http://ghe.example.com/api/v3";
      const headers = { [name]: HEX };
      const errors = [
        await refusal(() => createPackagesClient({ baseUrl, headers, fetch })),
        await refusal(() => createPackagesClient({ baseUrl, fetch }).listUserPackages(npm, { headers })),
        await refusal(() => createPackagesClient({ baseUrl, fetch }).listAllUserPackages(npm, { headers })),
      ];
      expect(requests).toHaveLength(0);
      for (const err of errors) {
        expect(err.message).toMatch(/only sent over https/);
        expect(piecesIn(renderings(err), HEX)).toEqual([]);
      }
    });
  }

  it("clients that differ only by a credential header never share cache entries", async () => {
    await withMock({}, async (mock) => {
      const cache = new MemoryCache();
      const as = (key: string) => createPackagesClient({ baseUrl: mock.url, cache, headers: { "X-Api-Key": key } });
      await as("key-one-1234").listUserPackages(npm);
      expect((await as("key-one-1234").listUserPackages(npm)).cached).toBe(true);
      expect((await as("key-two-5678").listUserPackages(npm)).cached).toBeFalsy();
    });
  });
});

describe("a baseUrl with surrounding spaces or control characters is refused, not trimmed (8)", () => {
  for (const baseUrl of ["https://ghe.example.com/api/v3 ", " https://ghe.example.com/api/v3", "https://ghe.example.com/api/v3\t", "https://ghe.example.com/a\u0007pi", "https://ghe.example.com/api\n/v3", "https://ghe.example.com/api\u0085"]) {
    it(JSON.stringify(baseUrl), async () => {
      const { requests, fetch } = recorder();
      const err = await refusal(() => createPackagesClient({ baseUrl, fetch }));
      expect(err.issues).toEqual([{ parameter: "baseUrl", value: expect.any(String) as unknown, rule: expect.stringMatching(/spaces or control characters/) as unknown }]);
      expect(requests).toHaveLength(0);
    });
  }
});

describe("headers fetch manages are refused at the door, by name (9)", () => {
  for (const name of ["Transfer-Encoding", "Upgrade", "Expect", "Keep-Alive", "Connection", "Host", "content-length", "TE", "Trailer"]) {
    it(name, async () => {
      const { requests, fetch } = recorder();
      const headers = { [name]: "x" };
      for (const run of [() => createPackagesClient({ headers, fetch }), () => createPackagesClient({ fetch }).listUserPackages(npm, { headers })]) {
        const err = await refusal(run);
        expect(err.issues).toEqual([{ parameter: `headers.${name}`, value: "(not shown)", rule: expect.stringMatching(/belongs to the connection/) as unknown }]);
      }
      expect(requests).toHaveLength(0);
    });
  }
});

// A Proxy whose every trap throws, and an object whose Symbol.toStringTag getter throws.
const trapped = () =>
  new Proxy({}, new Proxy({}, { get: () => () => { throw new Error("trap"); } }));
const tagged = () => Object.defineProperty({}, Symbol.toStringTag, { get: () => { throw new Error("tag"); } });

describe("hostile values end at the door as InvalidParametersError naming the input (10)", () => {
  const { fetch } = recorder();
  const client = createPackagesClient({ fetch });
  const cases: [string, string, () => unknown][] = [
    ["options as a trapping Proxy", "options", () => createPackagesClient(trapped())],
    ["standalone options as a trapping Proxy", "options", () => listUserPackages(npm, trapped())],
    ["params as a trapping Proxy", "params", () => client.listUserPackages(trapped() as never)],
    ["listing params as a trapping Proxy", "params", () => client.listAllUserPackages(trapped() as never)],
    ["per-call options as a trapping Proxy", "options", () => client.listUserPackages(npm, trapped())],
    ["listing options as a trapping Proxy", "options", () => client.listAllUserPackages(npm, trapped())],
    ["headers as a trapping Proxy", "headers", () => createPackagesClient({ headers: trapped(), fetch })],
    ["per-call headers as a trapping Proxy", "headers", () => client.listUserPackages(npm, { headers: trapped() })],
    ["retry as a trapping Proxy", "retry", () => createPackagesClient({ retry: trapped() as never, fetch })],
    ["a clock as a trapping Proxy", "clock", () => createPackagesClient({ clock: trapped() as never, fetch })],
    ["a cache as a trapping Proxy", "cache", () => createPackagesClient({ cache: trapped() as never, fetch })],
    ["a signal as a trapping Proxy", "signal", () => client.listUserPackages(npm, { signal: trapped() as never })],
    ["package_type as a trapping Proxy", "package_type", () => client.listAllUserPackages({ package_type: new Proxy([], { get: () => { throw new Error("trap"); } }) as never })],
    ["a fetch with a throwing toStringTag", "fetch", () => createPackagesClient({ fetch: tagged() as never })],
    ["package_type with a throwing toStringTag", "package_type", () => client.listUserPackages({ package_type: tagged() as never })],
    ["org with a throwing toStringTag", "org", () => client.listUserPackages({ ...npm, org: tagged() as never })],
    ["a baseUrl with a throwing toString", "baseUrl", () => createPackagesClient({ baseUrl: { toString: () => { throw new Error("no"); } } as never })],
  ];
  for (const [what, parameter, run] of cases) {
    it(what, async () => {
      const err = await refusal(run);
      expect(err.issues.map((i) => i.parameter)).toContain(parameter);
      // Every form of the error can be written: none of them throws.
      expect(() => renderings(err)).not.toThrow();
    });
  }
});
