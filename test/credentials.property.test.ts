// Credentials in every place a value can go, fuzzed. A credential is given where the door knows it
// (the token, a credential header, a URL's userinfo or query) or nowhere, and copied into other
// places (a string for the options, an unknown option, a header name or value, a parameter, per-call
// and listing options). Whatever the call comes to, nothing it writes (message, issues, JSON,
// inspect, stack) holds any 8-character piece of it. Seeded; the seed is printed on failure
// (FC_SEED=<seed> replays another).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { inspect } from "node:util";
import { createPackagesClient, InvalidParametersError, listAllUserPackages, listUserPackages, PackagesClientError, type ClientOptions } from "../src/index.js";
import { makePackages } from "../src/testing.js";

const SEED = Number(process.env.FC_SEED ?? 20261207);
const RUNS = Number(process.env.FC_RUNS ?? 500);
const PACKAGES = JSON.stringify(makePackages(2, { package_type: "npm" }));

const chars = (alphabet: string, length: number) => fc.array(fc.constantFrom(...Array.from(alphabet)), { minLength: length, maxLength: length }).map((a) => a.join(""));
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/** GitHub's token formats and others with no prefix at all. */
const credential = fc
  .oneof(
    chars(ALNUM, 36).map((s) => `ghp_${s}`),
    chars("0123456789abcdef", 40),
    chars(`${ALNUM}_`, 82).map((s) => `github_pat_${s}`),
    fc.integer({ min: 20, max: 48 }).chain((n) => chars(`${ALNUM}-._~`, n)),
  )
  // A credential of few distinct characters is no credential; its pieces would match ordinary text.
  .filter((c) => new Set(c).size >= 10);

/** What one call is made of. */
interface Call {
  options: Record<string, unknown>;
  headers: Record<string, string>;
  params: Record<string, unknown>;
  init: unknown;
  whole: unknown; // replaces the client options when set
}

type Place = (call: Call, secret: string) => void;

/** Where the door is told the value is a credential. */
const KNOWN: Record<string, Place> = {
  token: (c, s) => void (c.options.token = s),
  authorization: (c, s) => void (c.headers.Authorization = `Bearer ${s}`),
  tokenScheme: (c, s) => void (c.headers.authorization = `token ${s}`),
  cookie: (c, s) => void (c.headers.Cookie = `session=${s}`),
  apiKey: (c, s) => void (c.headers["X-Api-Key"] = s),
  proxy: (c, s) => void (c.headers["Proxy-Authorization"] = `Basic ${s}`),
  userinfo: (c, s) => void (c.options.baseUrl = `https://x-access-token:${s}@ghe.example.com/api/v3`),
  query: (c, s) => void (c.options.baseUrl = `https://ghe example.com/api/v3?access_token=${s}`),
  callAuthorization: (c, s) => void (c.init = { ...(c.init as object), headers: { Authorization: `Bearer ${s}` } }),
};

/** Places where a string is never quoted, whether or not the door knows it for a credential. */
const BLIND: Record<string, Place> = {
  optionsString: (c, s) => void (c.whole = s),
  unknownOption: (c, s) => void (c.options.pat = s),
  bearerOption: (c, s) => void (c.options.bearer = s),
  headerName: (c, s) => void (c.headers[`Bearer ${s}`] = "x"),
  headerValue: (c, s) => void (c.headers["X-Trace"] = `${s}\n`),
  initString: (c, s) => void (c.init = s),
  initUnknown: (c, s) => void (c.init = { ...(c.init as object), secret: s }),
};

/** Places where only knowledge hides it. */
const ELSEWHERE: Record<string, Place> = {
  org: (c, s) => void (c.params.org = s),
  username: (c, s) => void (c.params.username = `-${s}`),
  packageType: (c, s) => void (c.params.package_type = s),
  visibility: (c, s) => void (c.params.visibility = s),
  perPage: (c, s) => void (c.params.per_page = s),
  userAgent: (c, s) => void (c.options.userAgent = `app ${s}\r`),
  apiVersion: (c, s) => void (c.options.apiVersion = `${s}\n`),
  optionName: (c, s) => void (c.options[s] = 1),
  baseUrlPath: (c, s) => void (c.options.baseUrl = `https://ghe.example.com/api/${s} `),
  timeout: (c, s) => void (c.options.timeoutMs = s),
};

/** Every way an outcome could be shown or logged. */
function renderings(value: unknown): string {
  const out = [inspect(value, { depth: Infinity, showHidden: true }), String(value), [JSON.stringify(value)].join("")];
  if (value instanceof Error) out.push(value.message, String(value.stack));
  if (value instanceof InvalidParametersError) out.push(JSON.stringify(value.issues));
  return out.join("\n");
}

function piecesIn(text: string, secret: string): string[] {
  const found: string[] = [];
  for (let i = 0; i + 8 <= secret.length; i++) if (text.includes(secret.slice(i, i + 8))) found.push(secret.slice(i, i + 8));
  return found;
}

const MODES = ["client.listUserPackages", "client.listAllUserPackages", "listUserPackages", "listAllUserPackages"] as const;

/** Makes the call described, through `mode`, with a fetch that answers one page; its outcome. */
async function outcomeOf(call: Call, mode: (typeof MODES)[number]): Promise<unknown> {
  const fetch = async () => new Response(PACKAGES, { headers: { "content-type": "application/json" } });
  const options = (call.whole ?? { ...call.options, headers: call.headers, fetch }) as ClientOptions;
  const params = { package_type: "npm", ...call.params } as never;
  try {
    if (mode === "listUserPackages") return await listUserPackages(params, options);
    if (mode === "listAllUserPackages") return await listAllUserPackages(params, options);
    const client = createPackagesClient(options);
    return mode === "client.listUserPackages" ? await client.listUserPackages(params, call.init as never) : await client.listAllUserPackages(params, call.init as never);
  } catch (err) {
    return err;
  }
}

const names = (table: Record<string, Place>) => Object.keys(table);

// A call's own Authorization is known to the call, not to the client made before it: it hides
// what the call gives (params, per-call options), through a client's methods.
const CALL_LEVEL = new Set(["org", "username", "packageType", "visibility", "perPage"]);

/** The places where `known` makes the door hide a value, among `places`. */
function hiddenPlaces(known: string | undefined, places: string[]): string[] {
  if (!known) return places.filter((p) => p in BLIND);
  if (known === "callAuthorization") return places.filter((p) => p in BLIND || CALL_LEVEL.has(p));
  // One baseUrl per call: a path holding the value would replace the URL that made it known.
  if (known === "userinfo" || known === "query") return places.filter((p) => p !== "baseUrlPath");
  return places;
}

describe("no output holds a piece of a credential, wherever it was given", () => {
  it("holds over credentials, known places, other places and entry points", async () => {
    const property = fc.asyncProperty(
      credential,
      fc.option(fc.constantFrom(...names(KNOWN)), { nil: undefined }),
      fc.subarray([...names(BLIND), ...names(ELSEWHERE)], { minLength: 1, maxLength: 4 }),
      fc.constantFrom(...MODES),
      async (secret, known, places, mode) => {
        // Unknown to the door, a value is hidden only in the places that never quote a string.
        const where = hiddenPlaces(known, places);
        fc.pre(where.length > 0 && (known !== "callAuthorization" || mode.startsWith("client.")));
        const call: Call = { options: {}, headers: {}, params: {}, init: undefined, whole: undefined };
        if (known) KNOWN[known]?.(call, secret);
        for (const place of where) (BLIND[place] ?? ELSEWHERE[place])?.(call, secret);
        const outcome = await outcomeOf(call, mode);
        if (outcome instanceof Error) expect(outcome).toBeInstanceOf(PackagesClientError);
        expect(piecesIn(renderings(outcome instanceof Error ? outcome : ""), secret)).toEqual([]);
      },
    );
    await fc.assert(property, { seed: SEED, numRuns: RUNS, verbose: fc.VerbosityLevel.Verbose });
  });
});
