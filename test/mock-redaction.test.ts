// The mock's request log and the MSW handlers' record hide credentials by the door's knowledge:
// the value of any header or query parameter with a credential name, and the mock's own token, are
// gone from every part of the record (as sent, percent-encoded, or any 8-character piece of them);
// and the mock's options are checked like the client's.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { setupServer } from "msw/node";
import { InvalidParametersError } from "../src/index.js";
import { mockGitHubHandlers, type MockRequest } from "../src/msw.js";
import { startMockGitHub } from "../src/testing.js";
import { withMock } from "./with-mock.js";

const TOKENS = [
  ["a ghp_ token", "ghp_R4nd0mTok3nF0rT3st1ngXyZ0123456789ab"],
  ["a classic 40-hex token", "3f786850e387550fdab836ed7e6dc881de23001b"],
  ["a token that percent-encoding changes", "dG9rZW4+L2FiY2RlZg/c2VjcmV0PT0=xyz+/=="],
] as const;

/** Where a request can carry a credential, by a name the door counts as a credential name. */
const PLACES = [
  ["header X-Token", (t: string) => ({ headers: { "X-Token": t } })],
  ["header X-Access-Token", (t: string) => ({ headers: { "X-Access-Token": t } })],
  ["header X-GitHub-PAT", (t: string) => ({ headers: { "X-GitHub-PAT": t } })],
  ["query auth=", (t: string) => ({ query: `&auth=${encodeURIComponent(t)}` })],
  ["query password=", (t: string) => ({ query: `&password=${encodeURIComponent(t)}` })],
  ["query accessToken=", (t: string) => ({ query: `&accessToken=${encodeURIComponent(t)}` })],
] as const;

/** Every 8-character stretch of `secret`: none may be in a record. */
const piecesOf = (secret: string) => Array.from({ length: secret.length - 7 }, (_, i) => secret.slice(i, i + 8));

function expectNoPiece(text: string, secret: string): void {
  const found = piecesOf(secret).filter((piece) => text.includes(piece) || text.includes(encodeURIComponent(piece)));
  expect(found, `pieces of the secret in ${text}`).toEqual([]);
}

/**
 * One request with the credential in `place`, and copies of it elsewhere: whole in another header,
 * percent-encoded in a query value, one 8-character piece in the path and another in a header.
 */
function requestWith(root: string, token: string, place: (t: string) => { headers?: Record<string, string>; query?: string }) {
  const { headers = {}, query = "" } = place(token);
  const url = `${root}/users/${token.slice(4, 12).replace(/[^A-Za-z0-9]/g, "a")}x/packages?package_type=npm${query}&note=${encodeURIComponent(`see ${token}`)}`;
  const all = { ...headers, "X-Forwarded-Note": `copied ${token}`, "X-Request-Note": `piece ${token.slice(20, 28)}` };
  return fetch(url, { headers: all }).then((r) => r.arrayBuffer());
}

/** What the record shows where the credential was: `***`. */
function credentialSpot(record: MockRequest | undefined, label: string): string | undefined {
  const [kind, name = ""] = label.split(" ");
  return kind === "header" ? record?.headers[name.toLowerCase()] : record?.query[name.replace("=", "")];
}

describe("the node:http mock's request log", () => {
  describe.each(TOKENS)("%s", (_label, token) => {
    it.each(PLACES)("sent as %s: masked there, and nowhere else in the log", async (label, place) => {
      await withMock({ packages: [] }, async (mock) => {
        await requestWith(mock.url, token, place);
        expect(mock.requests).toHaveLength(1);
        expect(credentialSpot(mock.requests[0], label)).toBe("***");
        expectNoPiece(JSON.stringify(mock.requests), token);
      });
    });

    it("as the mock's own token: masked in every header, the path and the query, though sent under no credential name", async () => {
      await withMock({ packages: [], token }, async (mock) => {
        await requestWith(mock.url, token, () => ({}));
        await fetch(`${mock.url}/user/packages?package_type=npm`, { headers: { Authorization: `Bearer ${token}` } }).then((r) => r.arrayBuffer());
        expect(mock.requests.map((r) => r.headers.authorization)).toEqual([undefined, "Bearer ***"]);
        expect(mock.requests[0]?.headers["x-forwarded-note"]).toBe("copied ***");
        expectNoPiece(JSON.stringify(mock.requests), token);
      });
    });
  });

  it("keeps the scheme word of any credential header, and the values of other headers and parameters", async () => {
    await withMock({ packages: [] }, async (mock) => {
      const [, token] = TOKENS[0];
      const headers = { Authorization: `token ${token}`, "X-Token": `Bearer ${token}`, "X-Trace": "plain-value" };
      await fetch(`${mock.url}/user/packages?package_type=npm&visibility=public`, { headers }).then((r) => r.arrayBuffer());
      expect(mock.requests[0]?.headers).toMatchObject({ authorization: "token ***", "x-token": "Bearer ***", "x-trace": "plain-value" });
      expect(mock.requests[0]?.query).toEqual({ package_type: "npm", visibility: "public" });
      expect(mock.requests[0]?.url).toBe("/user/packages?package_type=npm&visibility=public");
    });
  });
});

describe("credentials that change from request to request", () => {
  it("each request's own are masked, in header names too, whichever came before", async () => {
    await withMock({ packages: [] }, async (mock) => {
      for (const [, token] of [TOKENS[0], TOKENS[1], TOKENS[0]]) {
        const headers = { "X-Api-Key": token, [`X-Echo-${token.slice(4, 14)}`]: "1", "X-Copy": token };
        await fetch(`${mock.url}/user/packages?package_type=npm`, { headers }).then((r) => r.arrayBuffer());
        const record = mock.requests.at(-1);
        expect(record?.headers["x-copy"]).toBe("***");
        expectNoPiece(JSON.stringify(record), token);
      }
    });
  });
});

describe("the MSW handlers' record (setupServer)", () => {
  const server = setupServer();
  const ROOT = "https://api.github.com";
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  /** Handlers that record what `onRequest` is shown. */
  function recording(token?: string): MockRequest[] {
    const seen: MockRequest[] = [];
    server.use(...mockGitHubHandlers({ packages: [], ...(token && { token }), onRequest: (r) => void seen.push(r) }));
    return seen;
  }

  describe.each(TOKENS)("%s", (_label, token) => {
    it.each(PLACES)("sent as %s: masked there, and nowhere else in the record", async (label, place) => {
      const seen = recording();
      await requestWith(ROOT, token, place);
      expect(seen).toHaveLength(1);
      expect(credentialSpot(seen[0], label)).toBe("***");
      expectNoPiece(JSON.stringify(seen), token);
    });

    it("as the handlers' own token: masked everywhere", async () => {
      const seen = recording(token);
      await requestWith(ROOT, token, () => ({}));
      expect(seen[0]?.headers["x-forwarded-note"]).toBe("copied ***");
      expectNoPiece(JSON.stringify(seen), token);
    });
  });
});

describe("the mock's options are checked like the client's", () => {
  const refusal = async (run: () => unknown) => {
    const err = await Promise.resolve().then(run).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidParametersError);
    return err as InvalidParametersError;
  };

  it.each([NaN, -1, 1.5, "10", null])("logLimit %s is refused, naming it", async (logLimit) => {
    const err = await refusal(() => startMockGitHub({ logLimit: logLimit as number }));
    expect(err.issues).toEqual([{ parameter: "logLimit", value: logLimit, rule: "it must be a whole number of at least 0, or Infinity to keep every request" }]);
    expect(err.message).toMatch(/^Invalid parameter "logLimit": /);
  });

  it.each([0, 5, Infinity])("logLimit %s is accepted", async (logLimit) => {
    await withMock({ logLimit, packages: [] }, async (mock) => expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/));
  });

  it("every other option breaking its rule is named, all at once, and the token is never shown", async () => {
    const err = await refusal(() =>
      startMockGitHub({ latencyMs: -5, port: 70_000, links: "some", token: 42, faults: { rate: 2, kinds: ["404"] }, scopes: "read:packages", logLimt: 3 } as never),
    );
    expect(err.issues.map((i) => i.parameter)).toEqual(["logLimt", "latencyMs", "port", "links", "scopes", "token", "faults.rate", "faults.kinds"]);
    expect(err.issues.find((i) => i.parameter === "logLimt")?.rule).toMatch(/did you mean logLimit\?/);
    expect(err.issues.find((i) => i.parameter === "token")?.value).toBe("(hidden)");
  });

  it("the MSW handlers refuse theirs (a server's port or log is not one of them)", async () => {
    const err = await refusal(() => mockGitHubHandlers({ baseUrl: "not a url", port: 1, logLimit: 3, faults: { rate: NaN } } as never));
    expect(err.issues.map((i) => i.parameter)).toEqual(["port", "logLimit", "baseUrl", "faults.rate"]);
    expect(JSON.stringify(err)).not.toContain("not a url");
  });
});
