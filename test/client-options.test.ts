// The client's door, pure: each client option's rule and words, what a refusal hides, and the
// settings the options resolve into. No request is made here; the same rules seen through calls
// are in one-door.test.ts and inputs.property.test.ts.
import { describe, expect, it } from "vitest";
import { InvalidParametersError, type ClientOptions, type ParameterIssue } from "../src/index.js";
import { callSettingsOf, listingOf, settingsOf } from "../src/core/door/options.js";

const TOKEN = "ghp_clientOptionsSuite0123456789abcdefAB";

/** The issues of the refusal `run` throws; fails when it throws anything else or nothing. */
function issuesOf(run: () => unknown): ParameterIssue[] {
  try {
    run();
  } catch (err) {
    if (err instanceof InvalidParametersError) return err.issues;
    throw err;
  }
  throw new Error("expected a refusal");
}

const fn = () => undefined;

describe("each client option's rule", () => {
  it.each<[string, ClientOptions, ParameterIssue[]]>([
    ["a token with a space", { token: "a b" }, [{ parameter: "token", value: "(hidden)", rule: "it must be a non-empty string of printable characters without spaces" }]],
    ["a token that is no string", { token: 7 as never }, [{ parameter: "token", value: "(hidden)", rule: "it must be a non-empty string of printable characters without spaces" }]],
    ["a relative baseUrl", { baseUrl: "/api" }, [{ parameter: "baseUrl", value: "/api", rule: "it must be an absolute http(s) URL without credentials, query or fragment, spaces or control characters, such as https://ghe.example.com/api/v3" }]],
    ["an ftp baseUrl", { baseUrl: "ftp://ghe.example.com/api" }, [{ parameter: "baseUrl", value: "ftp://ghe.example.com/api", rule: expect.stringMatching(/^it must be an absolute http\(s\) URL/) as never }]],
    ["a baseUrl that only starts like http", { baseUrl: "httpsx://ghe.example.com" }, [{ parameter: "baseUrl", value: expect.any(String) as never, rule: expect.stringMatching(/absolute http\(s\) URL/) as never }]],
    ["a baseUrl with a query", { baseUrl: "https://ghe.example.com/api?x=1" }, [{ parameter: "baseUrl", value: "https://ghe.example.com/api", rule: expect.stringMatching(/without credentials, query or fragment/) as never }]],
    ["a baseUrl with a fragment", { baseUrl: "https://ghe.example.com/api#x" }, [{ parameter: "baseUrl", value: "https://ghe.example.com/api", rule: expect.stringMatching(/fragment/) as never }]],
    ["a baseUrl with userinfo", { baseUrl: "https://me:pw@ghe.example.com/api" }, [{ parameter: "baseUrl", value: "https://ghe.example.com/api", rule: expect.stringMatching(/without credentials/) as never }]],
    ["plain http with a token", { token: TOKEN, baseUrl: "http://ghe.example.com/api" }, [{ parameter: "baseUrl", value: "http://ghe.example.com/api", rule: "credentials are only sent over https:// (plain http:// is allowed for loopback hosts only, for local mocks)" }]],
    ["a userAgent with a line break", { userAgent: "app\r\nX: 1" }, [{ parameter: "userAgent", value: "app\r\nX: 1", rule: expect.stringMatching(/^it must be a string without line breaks/) as never }]],
    ["an apiVersion beyond Latin-1", { apiVersion: "2022-11-28☃" }, [{ parameter: "apiVersion", value: "2022-11-28☃", rule: expect.stringMatching(/Latin-1/) as never }]],
    ["a negative timeoutMs", { timeoutMs: -1 }, [{ parameter: "timeoutMs", value: -1, rule: "it must be an integer from 0 to 2147483647" }]],
    ["a maxBodyBytes of 0", { maxBodyBytes: 0 }, [{ parameter: "maxBodyBytes", value: 0, rule: "it must be an integer of at least 1" }]],
    ["retry: true", { retry: true as never }, [{ parameter: "retry", value: true, rule: "it must be false or an object of retry options" }]],
    ["retry: null", { retry: null as never }, [{ parameter: "retry", value: null, rule: "it must be false or an object of retry options" }]],
    ["a misspelt retry option", { retry: { retires: 2 } as never }, [{ parameter: "retry.retires", value: 2, rule: "it is not a known retry option; did you mean retry.retries?" }]],
    ["a fractional retry wait", { retry: { maxWaitMs: 1.5 } }, [{ parameter: "retry.maxWaitMs", value: 1.5, rule: "it must be an integer from 0 to 2147483647" }]],
    ["a fetch that is no function", { fetch: {} as never }, [{ parameter: "fetch", value: {}, rule: "it must be a fetch function" }]],
    ["an onWarning that is no function", { onWarning: "log" as never }, [{ parameter: "onWarning", value: "log", rule: "it must be a function" }]],
    ["an onRetry that is no function", { onRetry: 1 as never }, [{ parameter: "onRetry", value: 1, rule: "it must be a function" }]],
    ["a store without set", { cache: { get: fn } as never }, [{ parameter: "cache", value: { get: fn }, rule: "it must be a store with get and set methods" }]],
    ["a clock without sleep", { clock: { now: fn } as never }, [{ parameter: "clock", value: { now: fn }, rule: "it must be a clock with now and sleep methods" }]],
    ["a clock that is a number", { clock: 5 as never }, [{ parameter: "clock", value: 5, rule: "it must be a clock with now and sleep methods" }]],
    ["an unknown option", { timeout: 5 } as never, [{ parameter: "timeout", value: 5, rule: "it is not a known option; did you mean timeoutMs?" }]],
  ])("%s is refused", (_, options, issues) => {
    expect(issuesOf(() => settingsOf(options))).toEqual(issues);
  });

  it("takes what fits: functions, stores and clocks with their methods, retry false or an object", () => {
    const store = { get: fn, set: fn };
    const clock = { now: () => 0, sleep: async () => undefined };
    expect(() => settingsOf({ fetch: async () => new Response(), onWarning: fn, onRetry: fn, cache: store, clock, retry: false, timeoutMs: 0, maxBodyBytes: 1 })).not.toThrow();
    expect(() => settingsOf({ retry: { retries: 0, minDelayMs: 0, maxDelayMs: 0, maxWaitMs: 0, secondaryWaitMs: 0 } })).not.toThrow();
    expect(() => settingsOf({ token: TOKEN, baseUrl: "http://127.0.0.1:8080/api" })).not.toThrow();
    expect(() => settingsOf({ baseUrl: "http://ghe.example.com/api" })).not.toThrow(); // no credential: plain http is the app's call
  });

  it("refuses what is not an object, and names per-call options a standalone function takes", () => {
    expect(issuesOf(() => settingsOf(null as never))).toEqual([{ parameter: "options", value: null, rule: "it must be an object of client options" }]);
    expect(issuesOf(() => settingsOf({ signal: 1 } as never))[0]?.rule).toBe("it is not a known option (known: token, baseUrl, userAgent, apiVersion, headers, fetch, retry, timeoutMs, maxBodyBytes, cache, onWarning, onRetry, clock)");
    expect(() => settingsOf({ signal: new AbortController().signal } as never, ["signal"])).not.toThrow();
  });
});

describe("a refusal never shows a credential", () => {
  it("hides any refused value that holds the token, or the part after an Authorization scheme", () => {
    const token = "abcd-1234-secret";
    const shown = issuesOf(() => settingsOf({ token, userAgent: `app ${token}\n` }));
    expect(shown).toEqual([{ parameter: "userAgent", value: "(hidden)", rule: expect.stringMatching(/line breaks/) as never }]);
    const viaHeader = issuesOf(() => settingsOf({ headers: { Authorization: `Bearer ${token}` }, apiVersion: `v ${token}\r` }));
    expect(viaHeader.map((i) => i.value)).toEqual(["(hidden)"]);
    // A value that holds no credential is shown as it is.
    expect(issuesOf(() => settingsOf({ token, userAgent: "app\n" }))[0]?.value).toBe("app\n");
    // A credential shorter than 4 characters hides nothing (it would match too much); one of 4 does.
    expect(issuesOf(() => settingsOf({ headers: { Authorization: "abc" }, userAgent: "abc\n" }))[0]?.value).toBe("abc\n");
    expect(issuesOf(() => settingsOf({ headers: { Authorization: "abcd" }, userAgent: "abcd\n" }))[0]?.value).toBe("(hidden)");
    // A baseUrl that does not parse is shown with its userinfo masked.
    expect(issuesOf(() => settingsOf({ baseUrl: "https://me:pw@ghe example.com/api" }))[0]?.value).toBe("https://***@ghe example.com/api");
  });

  it("hides a call's refused values that hold the client's or the call's own credential", () => {
    const client = settingsOf({ token: "client-secret-1" });
    const issues = issuesOf(() => callSettingsOf({ headers: { "X-Echo": "client-secret-1\n", "X-Own": "own-secret-2\r", Authorization: "Bearer own-secret-2" } }, client));
    // A header value that cannot be sent is never quoted: shown by its length only.
    expect(issues.map((i) => [i.parameter, i.value])).toEqual([["headers.X-Echo", "(a string of 16 characters)"], ["headers.X-Own", "(a string of 13 characters)"]]);
  });
});

describe("the settings the options resolve into", () => {
  it("normalises the root, knows the API's origin and whether it is plain http to another host", () => {
    const ghe = settingsOf({ baseUrl: "https://ghe.example.com/api/v3//" });
    expect([ghe.root, ghe.apiOrigin, ghe.plainHttp]).toEqual(["https://ghe.example.com/api/v3", "https://ghe.example.com", false]);
    const local = settingsOf({ baseUrl: "http://localhost:3000/" });
    expect([local.root, local.apiOrigin, local.plainHttp]).toEqual(["http://localhost:3000", "http://localhost:3000", false]);
    const plain = settingsOf({ baseUrl: "http://ghe.example.com" });
    expect([plain.apiOrigin, plain.plainHttp]).toEqual(["http://ghe.example.com", true]);
    expect(settingsOf({}).root).toBe("https://api.github.com");
  });

  it("sends the API's headers, the app's, and the token last", () => {
    const { headers, credential } = settingsOf({ token: TOKEN, userAgent: "my-app/1", apiVersion: "2026-03-10", headers: { "X-App": "1" } });
    expect(headers).toEqual({
      Accept: "application/vnd.github+json",
      "X-GitHub-Api-Version": "2026-03-10",
      "User-Agent": expect.stringMatching(/^my-app\/1 gh-user-packages\/\d/) as never,
      "X-App": "1",
      Authorization: `Bearer ${TOKEN}`,
    });
    expect(credential).toBe(`authorization:Bearer ${TOKEN}`);
    // The token and an Authorization header are one credential given twice: refused, neither shown.
    expect(issuesOf(() => settingsOf({ token: TOKEN, headers: { authorization: "token other" } }))).toEqual([
      { parameter: "headers.authorization", value: "(hidden)", rule: "it cannot be given with the token option, which is sent as Authorization: give the credential once" },
    ]);
    const defaults = settingsOf({ apiVersion: "" }).headers;
    expect(defaults["X-GitHub-Api-Version"]).toBe("2022-11-28");
    expect(defaults["User-Agent"]).toMatch(/^gh-user-packages\/\d/);
    expect(defaults.Authorization).toBeUndefined();
    expect(settingsOf({ headers: { authorization: "token from-header" } }).credential).toBe("authorization:token from-header");
  });
});

describe("call and listing options", () => {
  const client = settingsOf({ token: TOKEN });
  it("refuse what is not an object, or an unknown name, naming what they are", () => {
    expect(issuesOf(() => callSettingsOf(5, client))).toEqual([{ parameter: "options", value: 5, rule: "it must be an object of request options (signal, headers)" }]);
    expect(issuesOf(() => callSettingsOf({ signals: 1 }, client))[0]?.rule).toBe("it is not a known request option; did you mean signal?");
    expect(issuesOf(() => listingOf(null as never))).toEqual([{ parameter: "params", value: null, rule: "it must be an object of listing parameters with at least `package_type`" }]);
    // A string where an object belongs may be a token passed in the wrong place: shown by its length only.
    expect(issuesOf(() => listingOf({ package_type: "npm" }, "x" as never))).toEqual([{ parameter: "options", value: "(a string of 1 character)", rule: "it must be an object of listing options" }]);
    expect(issuesOf(() => listingOf({ package_type: "npm" }, { concurency: 2 } as never))[0]?.rule).toBe("it is not a known listing option; did you mean concurrency?");
    expect(issuesOf(() => listingOf({ package_type: "npm" }, { concurrency: 11, maxItems: 0 }))).toEqual([
      { parameter: "concurrency", value: 11, rule: "it must be an integer from 1 to 10" },
      { parameter: "maxItems", value: 0, rule: "it must be an integer of at least 1" },
    ]);
  });

  it("a call without options runs with the client's credential; a call's own Authorization is its own", () => {
    expect(callSettingsOf(undefined, client)).toEqual({ signal: undefined, headers: undefined, credential: `authorization:Bearer ${TOKEN}`, secrets: [TOKEN] });
    const own = callSettingsOf({ headers: { AUTHORIZATION: "Bearer mine" } }, client);
    // The key is made from what is sent: the call's Authorization replaces the client's, whatever its case.
    expect(own).toEqual({ signal: undefined, headers: { AUTHORIZATION: "Bearer mine" }, credential: "authorization:Bearer mine", secrets: [TOKEN, "Bearer mine", "mine"] });
  });
});
