// The whole input surface, fuzzed: arbitrary client options, parameters, per-call options and
// headers. Each call either refuses before any request (InvalidParametersError naming the input
// and the rule) or proceeds; never a raw TypeError, RangeError or SyntaxError, and the token is in
// no output. Seeded; the seed is printed on failure (FC_SEED=<seed> replays another).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { inspect } from "node:util";
import {
  createPackagesClient,
  InvalidParametersError,
  listAllUserPackages,
  listUserPackages,
  MemoryCache,
  NetworkError,
  PackagesClientError,
  type CacheEntry,
  type CacheStore,
  type Clock,
  type ClientOptions,
  type ListAllUserPackagesParams,
  type ListUserPackagesParams,
  type PaginationOptions,
  type RequestOptions,
} from "../src/index.js";
import { makePackages } from "../src/testing.js";

const TOKEN = "ghp_fuzzSuiteTokenFUZZ0123456789abcdefAB";
const SEED = Number(process.env.FC_SEED ?? 20261201);
const RUNS = Number(process.env.FC_RUNS ?? 600);

const w = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });
const absent = fc.constant(undefined);
const oddStrings = fc.constantFrom("", " ", "a\r\nX-Evil: 1", "a\nb", "nul\0", "tab\there", "✓", "😀", "café", TOKEN, `Bearer ${TOKEN}`, "__proto__");
const anyString = fc.oneof(w(3, fc.string({ maxLength: 12 })), w(1, fc.string({ unit: "binary", maxLength: 8 })), w(3, oddStrings));
const anyValue = fc.oneof(
  anyString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.object({ maxDepth: 1, maxKeys: 2 }),
);
const oddNumber = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 2.5, Number.NaN, Infinity, 2 ** 31, 101, 10_001), anyString);

const listeners = [
  () => undefined,
  () => {
    throw new Error(`listener ${TOKEN}`);
  },
  () => Promise.reject(new Error("async listener")),
];
const stores: CacheStore[] = [
  new MemoryCache(),
  { get: () => { throw new Error("get"); }, set: () => Promise.reject(new Error("set")) },
  { get: () => ({ etag: "a\r\nb", body: 5 }) as unknown as CacheEntry, set: () => undefined },
];
const clocks: Clock[] = [
  { now: () => Date.now(), sleep: () => Promise.resolve() },
  { now: () => Date.now(), sleep: () => Promise.reject(new Error("sleep broke")) },
  { now: () => Number.NaN, sleep: () => new Promise(() => undefined) },
  { now: () => { throw new Error("now broke"); }, sleep: () => Promise.resolve() },
];
const headerName = fc.oneof(
  w(4, fc.constantFrom("X-Trace", "Authorization", "authorization", "Accept", "If-None-Match", "X-Api-Key", "User-Agent")),
  w(1, fc.constantFrom("Bad Name", "é", "a:b", "", "x\r\n")),
  w(1, fc.string({ minLength: 1, maxLength: 6 })),
);
const headerValue = fc.oneof(w(4, fc.constantFrom("abc", "Bearer other", `Bearer ${TOKEN}`, "naïve", "")), w(2, anyString), w(1, anyValue));
const headersArb = fc.oneof(w(4, absent), w(5, fc.dictionary(headerName, headerValue, { maxKeys: 3 })), w(1, anyValue));

const baseUrlArb = fc.oneof(
  w(4, absent),
  w(4, fc.constantFrom("https://api.github.com", "https://ghe.example.com/api/v3/", "http://127.0.0.1:9", "http://localhost:1/api", "http://ghe.example.com", "")),
  w(1, fc.constantFrom(`https://x:${TOKEN}@ghe.example.com`, `https://ghe.example.com/?access_token=${TOKEN}`, "ftp://x.example", "not a url", "https://a.example/#f")),
  w(1, anyValue),
);
const tokenArb = fc.oneof(w(4, absent), w(4, fc.constant(TOKEN)), w(1, fc.constantFrom("", "has space", `${TOKEN}\n`, "é")), w(1, anyValue));
const retryArb = fc.oneof(
  w(6, absent),
  w(1, fc.constant(false)),
  w(2, fc.record({ retries: fc.oneof(absent, oddNumber), maxWaitMs: fc.oneof(absent, oddNumber), typo: fc.oneof(absent, absent, anyValue) }, { requiredKeys: [] })),
  w(1, anyValue),
);
const clientArb = fc.record(
  {
    token: tokenArb,
    baseUrl: baseUrlArb,
    userAgent: fc.oneof(w(4, absent), w(2, anyString), w(1, anyValue)),
    apiVersion: fc.oneof(w(4, absent), w(1, fc.constantFrom("2022-11-28", "")), w(1, anyString)),
    headers: headersArb,
    // Values a timer can run with are either refused or long enough never to fire here.
    timeoutMs: fc.oneof(w(4, absent), w(2, fc.constantFrom(0, 30_000, -1, 2.5, Number.NaN, 2 ** 31, "100")), w(1, anyValue)),
    maxBodyBytes: fc.oneof(w(4, absent), w(1, oddNumber)),
    retry: retryArb,
    tokne: fc.oneof(w(12, absent), w(1, anyValue)),
    // Callbacks and stores: fine, throwing, rejecting, or not callbacks at all.
    onWarning: fc.oneof(w(4, absent), w(2, fc.constantFrom(...listeners)), w(1, anyValue)),
    onRetry: fc.oneof(w(4, absent), w(2, fc.constantFrom(...listeners)), w(1, anyValue)),
    cache: fc.oneof(w(4, absent), w(2, fc.constantFrom(...stores)), w(1, anyValue)),
    clock: fc.oneof(w(4, absent), w(2, fc.constantFrom(...clocks)), w(1, anyValue)),
  },
  { requiredKeys: [] },
);

const TYPES = ["npm", "maven", "rubygems", "docker", "nuget", "container"] as const;
const login = fc.oneof(w(3, absent), w(2, fc.constantFrom("acme", "octo-cat", "a")), w(1, fc.constantFrom("", "-bad", "a--b", "x".repeat(40))), w(1, anyValue));
const listParamsArb = fc.record(
  {
    package_type: fc.oneof(w(8, fc.constantFrom(...TYPES)), w(1, fc.array(fc.constantFrom(...TYPES), { maxLength: 3 })), w(1, anyValue)),
    visibility: fc.oneof(w(4, absent), w(3, fc.constantFrom("public", "private", "internal")), w(1, anyValue)),
    org: login,
    username: fc.oneof(w(3, absent), login),
    extra: fc.oneof(w(12, absent), w(1, anyValue)),
  },
  { requiredKeys: [] },
);
const pageParamsArb = fc.record({ page: fc.oneof(w(3, absent), w(2, fc.integer({ min: 1, max: 200 })), w(1, oddNumber)), per_page: fc.oneof(w(3, absent), w(2, fc.integer({ min: 1, max: 100 })), w(1, oddNumber)) }, { requiredKeys: [] });

const reason = new Error("fuzz abort");
const signalArb = fc.oneof(
  w(6, absent),
  w(2, fc.constant("live")),
  w(1, fc.constant("aborted")),
  w(1, anyValue),
);
const initArb = fc.record({ signal: signalArb, headers: headersArb, signl: fc.oneof(w(12, absent), w(1, anyValue)) }, { requiredKeys: [] });
const listingArb = fc.record({ concurrency: fc.oneof(w(4, absent), w(1, oddNumber)), maxItems: fc.oneof(w(4, absent), w(1, oddNumber)), per_page: fc.oneof(w(4, absent), w(1, oddNumber)) }, { requiredKeys: [] });

// Inputs that should all be taken, odd as some look (empty strings, Latin-1, loopback http).
const fineHeaders = fc.oneof(absent, fc.dictionary(fc.constantFrom("X-Trace", "Accept", "authorization"), fc.constantFrom("abc", "naïve", "tab\there", `Bearer ${TOKEN}`), { maxKeys: 2 }));
const fineClient = fc.record(
  {
    token: fc.constantFrom(undefined, TOKEN, ""),
    baseUrl: fc.constantFrom(undefined, "", "https://api.github.com", "https://ghe.example.com/api/v3/", "http://127.0.0.1:9"),
    userAgent: fc.constantFrom(undefined, "", "app/1.0", "café"),
    headers: fineHeaders,
    timeoutMs: fc.constantFrom(undefined, 0, 30_000),
    retry: fc.constantFrom(undefined, false, { retries: 2 }),
  },
  { requiredKeys: [] },
);
const fineParams = fc.record(
  { package_type: fc.constantFrom(...TYPES), visibility: fc.constantFrom(undefined, "public", "private", "internal"), org: fc.constantFrom(undefined, "acme") },
  { requiredKeys: ["package_type"] },
);
const notAnObject = fc.constantFrom(null, 0, "npm", true, Symbol("x"));
const kindArb = fc.constantFrom("standalone page", "client page", "client listing", "standalone listing");
const caseArb = fc.oneof(
  fc.record({
    kind: kindArb,
    client: clientArb,
    // Now and then not an object at all, as JavaScript callers may pass.
    params: fc.oneof(w(15, listParamsArb), w(1, notAnObject)),
    pages: pageParamsArb,
    init: fc.oneof(w(15, initArb), w(1, notAnObject)),
    listing: listingArb,
  }),
  fc.record({
    kind: kindArb,
    client: fineClient,
    params: fineParams,
    pages: fc.constant({}),
    init: fc.record({ signal: fc.constantFrom(undefined, "live", "aborted"), headers: fineHeaders }, { requiredKeys: [] }),
    listing: fc.constant({}),
  }),
);

/** The options object as given, with the signal made real. */
function withSignal(init: Record<string, unknown>): Record<string, unknown> {
  const { signal } = init;
  if (signal === "live") return { ...init, signal: new AbortController().signal };
  if (signal === "aborted") return { ...init, signal: AbortSignal.abort(reason) };
  return init;
}

/** Everything an error shows: message, stack, causes, issues, inspect output. */
function renderings(err: unknown): string {
  const out = [inspect(err, { depth: 6, showHidden: true })];
  for (let cur = err, depth = 0; cur instanceof Error && depth < 5; depth++, cur = (cur as { cause?: unknown }).cause) {
    out.push(cur.message, String(cur.stack));
  }
  if (err instanceof InvalidParametersError) out.push(JSON.stringify(err.issues, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v)));
  return out.join("\n");
}

describe("the whole input surface, fuzzed", () => {
  it(`refuses before any request or proceeds; never a raw error; never the token (${RUNS} runs, seed ${SEED})`, async () => {
    const requests: Request[] = [];
    const packages = makePackages(2, { package_type: "npm" });
    const fetch = async (request: Request) => {
      requests.push(request);
      // With a Deprecation header, so that onWarning is called.
      return new Response(JSON.stringify(packages), { status: 200, headers: { "content-type": "application/json", etag: '"e"', deprecation: "true" } });
    };
    const tally = { refused: 0, proceeded: 0, aborted: 0 };
    const property = fc.asyncProperty(caseArb, async (c) => {
      requests.length = 0;
      const client = { ...c.client, fetch } as ClientOptions;
      const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
      const params: unknown = c.params;
      const given: unknown = c.init;
      const init = isObject(given) ? withSignal(given) : given;
      const page = (isObject(params) ? { ...params, ...c.pages } : params) as ListUserPackagesParams;
      const list = params as ListAllUserPackagesParams;
      const listingInit = isObject(init) ? { ...init, ...c.listing } : init;
      const run = async (): Promise<unknown> => {
        switch (c.kind) {
          case "standalone page":
            return listUserPackages(page, { ...client, ...(isObject(init) && init.signal !== undefined && { signal: init.signal as AbortSignal }) });
          case "client page":
            return createPackagesClient(client).listUserPackages(page, init as RequestOptions);
          case "client listing":
            return createPackagesClient(client).listAllUserPackages(list, listingInit as PaginationOptions);
          case "standalone listing":
            return listAllUserPackages(list, { ...client, ...(isObject(listingInit) && listingInit) });
        }
      };
      let outcome: { value: unknown } | { error: unknown };
      try {
        outcome = { value: await run() };
      } catch (error) {
        outcome = { error };
      }
      if ("value" in outcome) {
        tally.proceeded++;
        expect(requests.length).toBeGreaterThanOrEqual(1);
        return;
      }
      const { error } = outcome;
      expect(renderings(error)).not.toContain(TOKEN.slice(4));
      if (error === reason) {
        tally.aborted++;
        expect(requests).toHaveLength(0);
        return;
      }
      // A raw TypeError or the like, or a NetworkError (our fetch never fails: the request could not be built).
      expect(error).toBeInstanceOf(PackagesClientError);
      expect(error).not.toBeInstanceOf(NetworkError);
      if ((error as Error).name === "ClockError") {
        tally.proceeded++; // the app's clock failed: a typed error, before or after a request
        return;
      }
      if (!(error instanceof InvalidParametersError)) {
        tally.proceeded++; // a typed outcome of a request, such as ResponseTooLargeError
        expect(requests.length).toBeGreaterThanOrEqual(1);
        return;
      }
      tally.refused++;
      expect(requests).toHaveLength(0);
      expect(error.issues.length).toBeGreaterThan(0);
      for (const issue of error.issues) {
        expect(issue.parameter).toMatch(/^[\w.-]|^headers\./);
        expect(issue.rule).toMatch(/^(it |credentials |with per_page ).{10,}/);
      }
    });
    try {
      await fc.assert(property, { numRuns: RUNS, seed: SEED });
    } catch (err) {
      console.error(`The input fuzz failed with seed ${SEED}; replay with FC_SEED=${SEED}.`);
      throw err;
    }
    // The generator reaches every side.
    expect(tally.refused).toBeGreaterThan(RUNS / 5);
    expect(tally.proceeded).toBeGreaterThan(RUNS / 10);
    expect(tally.aborted).toBeGreaterThan(0);
  });
});
