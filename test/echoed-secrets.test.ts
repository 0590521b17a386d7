// A server, a proxy or an injected fetch that echoes a credential back: the errors the client hands
// over (in a result or thrown, single page or listing) hold no 8-character piece of it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { GitHubApiError, listAllUserPackages, listUserPackages, NetworkError } from "../src/index.js";
import { withoutEchoedSecrets } from "../src/core/request/echoed-secrets.js";

const TOKEN = "0123456789abcdef0123456789abcdef01234567"; // a classic 40-hex token's shape
const PIECE = TOKEN.slice(10, 18);
let server: Server;
let url: string;

beforeAll(async () => {
  // Answers 401 with the Authorization it got in its body, its message and a header.
  server = createServer((req, res) => {
    const sent = req.headers.authorization ?? "";
    res.writeHead(401, { "content-type": "application/json", "x-echo": sent });
    res.end(JSON.stringify({ message: `Bad credentials: ${sent}`, documentation_url: `https://docs.github.com/?t=${sent}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`; // a listening TCP server has an AddressInfo
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Every form of an error a user may print or log. */
const forms = (err: unknown) => [String(err), JSON.stringify(err), inspect(err, { depth: 5 }), (err as Error).stack ?? ""].join("\n");

describe("a credential echoed back", () => {
  it("by the server, in a single page's error: message, body, GitHub's fields and headers", async () => {
    const { error } = await listUserPackages({ package_type: "npm" }, { baseUrl: url, token: TOKEN, retry: false });
    expect(error).toBeInstanceOf(GitHubApiError);
    expect(error?.status).toBe(401);
    expect(error?.apiMessage).toMatch(/^Bad credentials: /);
    const all = [forms(error), error?.rawBody, error?.apiMessage, error?.documentationUrl, JSON.stringify(error?.headers)].join("\n");
    expect(all).not.toContain(PIECE);
  });

  it("by the server, in a listing's thrown error", async () => {
    const err = await listAllUserPackages({ package_type: "npm" }, { baseUrl: url, token: TOKEN, retry: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitHubApiError);
    expect(forms(err)).not.toContain(PIECE);
    expect(JSON.stringify((err as GitHubApiError).headers)).not.toContain(PIECE);
  });

  it("by an injected fetch, in what it throws: the NetworkError and its cause", async () => {
    const fetch = (request: Request) => Promise.reject(new TypeError(`cannot reach: ${request.headers.get("authorization") ?? ""}`));
    const err = await listUserPackages({ package_type: "npm" }, { baseUrl: url, token: TOKEN, fetch, retry: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(forms(err)).not.toContain(PIECE);
    expect(forms((err as NetworkError).cause)).not.toContain(PIECE);
    expect((err as Error).message).toMatch(/cannot reach/);
  });
});

describe("masking reads a failure without trusting it", () => {
  it("a fetch that rejects with an error whose message getter throws still ends as a NetworkError", async () => {
    const hostile = Object.defineProperty(new Error("x"), "message", { get: () => { throw new Error("getter"); } });
    const fetch = () => Promise.reject(hostile);
    const err = await listUserPackages({ package_type: "npm" }, { baseUrl: url, token: TOKEN, fetch, retry: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).cause).toBe(hostile);
  });

  it("an echoing cause of another realm is masked too", async () => {
    const { runInNewContext } = await import("node:vm");
    // A TypeError maker of another realm (vm contexts have their own intrinsics).
    const foreignError = runInNewContext("(m) => new TypeError(m)") as (message: string) => Error;
    const fetch = (request: Request) => Promise.reject(foreignError(`refused: ${request.headers.get("authorization") ?? ""}`));
    const err = await listUserPackages({ package_type: "npm" }, { baseUrl: url, token: TOKEN, fetch, retry: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(forms(err)).not.toContain(PIECE);
    expect(forms((err as NetworkError).cause)).not.toContain(PIECE);
  });
});

describe("withoutEchoedSecrets, step by step", () => {
  const SECRETS = [TOKEN];
  const apiError = (headers: Record<string, string>) =>
    new GitHubApiError({ status: 401, apiMessage: `echo ${TOKEN}`, method: "GET", url: `${url}/user/packages`, headers, rawBody: "", requestId: null, page: undefined });

  it("keeps every header, with the echoed one masked", () => {
    const err = withoutEchoedSecrets(apiError({ "content-type": "application/json", "x-echo": `Bearer ${TOKEN}` }), SECRETS);
    expect(Object.keys(err.headers)).toEqual(["content-type", "x-echo"]);
    expect(err.headers["content-type"]).toBe("application/json");
    expect(err.headers["x-echo"]).toMatch(/^Bearer \*+$/);
  });

  it("masks a stack written out before the masking (a logger read it first)", () => {
    const err = apiError({});
    expect(err.stack).toContain(PIECE);
    expect(withoutEchoedSecrets(err, SECRETS).stack).not.toContain(PIECE);
  });

  it("masks a cause that is a string, keeps a cause that holds no credential as the very value, and adds none", () => {
    const fromString = withoutEchoedSecrets(new NetworkError("GET", url, `reset by ${TOKEN}`), SECRETS);
    expect(String(fromString.cause)).not.toContain(PIECE);
    const clean = new Error("socket hang up");
    expect(withoutEchoedSecrets(new NetworkError("GET", url, clean), SECRETS).cause).toBe(clean);
    expect(Object.hasOwn(withoutEchoedSecrets(apiError({}), SECRETS), "cause")).toBe(false);
  });

  it("hands back any value that is not one of this library's errors as it is (a caller's abort reason is theirs)", () => {
    const reason = new TypeError(`aborted: ${TOKEN}`);
    expect(withoutEchoedSecrets(reason, SECRETS)).toBe(reason);
    expect(reason.message).toContain(TOKEN);
    const err = apiError({});
    expect(withoutEchoedSecrets(err, []).message).toContain(TOKEN); // no credential known: nothing to mask
  });
});
