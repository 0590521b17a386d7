// A server, a proxy or an injected fetch that echoes a credential back: the errors the client hands
// over (in a result or thrown, single page or listing) hold no 8-character piece of it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { GitHubApiError, listAllUserPackages, listUserPackages, NetworkError } from "../src/index.js";

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
