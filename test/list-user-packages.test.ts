import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import {
  createPackagesClient,
  DEFAULT_API_VERSION,
  GitHubApiError,
  InvalidParametersError,
  listAllUserPackages,
  listUserPackages,
  NetworkError,
  VERSION,
} from "../src/index.js";
import { makePackages, startMockGitHub, type MockGitHub, type MockResponse } from "../src/testing.js";
import { quickWaits, until } from "./fake-clock.js";
import { expectEvery } from "./expect-every.js";

const TOKEN = "ghp_integrationTestToken123";
let mock: MockGitHub;
let next: MockResponse | undefined;

beforeAll(async () => {
  mock = await startMockGitHub({
    token: TOKEN,
    packages: makePackages(45, (i) => ({ package_type: i % 3 === 0 ? "npm" : "container" })),
    onRequest: () => {
      const custom = next;
      next = undefined;
      return custom;
    },
  });
});
afterAll(() => mock.close());
beforeEach(() => {
  mock.requests.length = 0;
  next = undefined;
});

describe("listUserPackages against the mock GitHub", () => {
  it("sends the exact query string and headers", async () => {
    const { data, error, response } = await listUserPackages(
      { package_type: "container", visibility: "public", page: 2, per_page: 5 },
      { baseUrl: mock.url, token: TOKEN, userAgent: "my-app/1.2" },
    );
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toHaveLength(5);
    expect(mock.requests).toHaveLength(1);
    const req = mock.requests[0]!;
    expect(req.method).toBe("GET");
    expect(req.url).toBe("/user/packages?package_type=container&visibility=public&page=2&per_page=5");
    expect(req.auth).toBe("valid");
    expect(req.headers.authorization).toBe("Bearer ***");
    expect(req.headers.accept).toBe("application/vnd.github+json");
    expect(req.headers["x-github-api-version"]).toBe(DEFAULT_API_VERSION);
    expect(req.headers["user-agent"]).toBe(`my-app/1.2 gh-user-packages/${VERSION}`);
    expect(req.headers["content-type"]).toBeUndefined();
  });

  it("returns the packages of the page, filtered by type", async () => {
    const { data } = await listUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, retry: false });
    expect(data?.map((p) => p.id)).toEqual(mock.packages.filter((p) => p.package_type === "npm").map((p) => p.id));
    expectEvery(data, (p) => p.package_type === "npm");
  });

  it("sends no Authorization header without a token, and names itself in User-Agent", async () => {
    const { error } = await listUserPackages({ package_type: "npm" }, { baseUrl: mock.url });
    expect(mock.requests[0]?.headers.authorization).toBeUndefined();
    expect(mock.requests[0]?.headers["user-agent"]).toBe(`gh-user-packages/${VERSION}`);
    expect(error?.status).toBe(401);
    expect(error?.apiMessage).toBe("Requires authentication");
  });

  it("lets apiVersion, headers and per-call headers through", async () => {
    const client = createPackagesClient({
      baseUrl: mock.url,
      token: TOKEN,
      apiVersion: "2026-03-10",
      headers: { "X-Extra": "from-options" },
    });
    await client.listUserPackages({ package_type: "npm" }, { headers: { "X-Call": "per-call" } });
    const headers = mock.requests[0]!.headers;
    expect(headers["x-github-api-version"]).toBe("2026-03-10");
    expect(headers["x-extra"]).toBe("from-options");
    expect(headers["x-call"]).toBe("per-call");
  });

  it.each(["/api/v3", "/api/v3/", "/api/v3//"])("joins a GHES base URL ending in %s", async (suffix) => {
    const { data, response } = await listUserPackages(
      { package_type: "npm", per_page: 2 },
      { baseUrl: `${mock.url}${suffix}`, token: TOKEN },
    );
    expect(mock.requests[0]?.path).toBe("/api/v3/user/packages");
    expect(data).toHaveLength(2);
    expect(response.headers.get("link")).toContain(`${mock.url}/api/v3/user/packages?`);
  });

  it("refuses a base URL that is not an absolute http(s) URL, before any request", async () => {
    for (const baseUrl of ["ghe.example.com/api/v3", "ftp://ghe.example.com", "https://x.test/api?x=1"]) {
      await expect(listUserPackages({ package_type: "npm" }, { baseUrl })).rejects.toThrow(/"baseUrl".*absolute http\(s\) URL/);
    }
    expect(() => createPackagesClient({ baseUrl: "nope" })).toThrow(InvalidParametersError);
    expect(mock.requests).toHaveLength(0);
  });

  it("refuses a token with spaces or newlines without echoing it", async () => {
    const secret = "ghp_bad token\nX-Injected: 1";
    const err = (await listUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: secret }).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(InvalidParametersError);
    expect(err.message).toMatch(/"token"/);
    expect(`${JSON.stringify(err)} ${err.message} ${err.stack ?? ""}`).not.toContain("ghp_bad");
    expect(mock.requests).toHaveLength(0);
  });

  it("gives the 400 of the result window as a typed error with GitHub's message", async () => {
    // The client refuses page*per_page > 10000 itself, so the mock is asked to answer 400 anyway.
    next = {
      status: 400,
      body: { message: "per_page times page is above 10000", documentation_url: "https://docs.github.com/x", status: "400" },
    };
    const { data, error, response } = await listUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, retry: false });
    expect(data).toBeUndefined();
    expect(response.status).toBe(400);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect(error).toMatchObject({
      apiMessage: "per_page times page is above 10000",
      documentationUrl: "https://docs.github.com/x",
      apiStatus: "400",
      apiUrl: undefined,
      status: 400,
      requestId: mock.requests[0] ? expect.stringMatching(/^F00D:/) : null,
      rawBody: JSON.stringify({ message: "per_page times page is above 10000", documentation_url: "https://docs.github.com/x", status: "400" }),
      method: "GET",
      url: `${mock.url}/user/packages?package_type=npm`,
      page: undefined,
      hint: "",
    });
    expect(error?.message).toBe(`GitHub API 400 on GET /user/packages?package_type=npm: per_page times page is above 10000 (request ${error?.requestId}).`);
  });

  it("gives the result's error as the very GitHubApiError a listing throws: the same names and values", async () => {
    const body = { message: "Resource not accessible by personal access token", documentation_url: "https://docs.github.com/rest/packages", status: "403" };
    next = { status: 403, body };
    const options = { baseUrl: mock.url, token: TOKEN, retry: false } as const;
    const { error } = await listUserPackages({ package_type: "npm", page: 1, per_page: 100 }, options);
    next = { status: 403, body };
    const thrown = await listAllUserPackages({ package_type: "npm" }, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect(thrown).toBeInstanceOf(GitHubApiError);
    const fields = (e: GitHubApiError) => ({
      name: e.name,
      status: e.status,
      apiMessage: e.apiMessage,
      documentationUrl: e.documentationUrl,
      apiStatus: e.apiStatus,
      url: e.url,
      page: e.page,
      hint: e.hint,
      // Each request has its own id: the message is the same with it taken out.
      message: e.message.replace(e.requestId ?? "?", "ID"),
    });
    const listed = thrown as GitHubApiError;
    expect(fields(error as GitHubApiError)).toEqual(fields(listed));
    expect(fields(listed)).toEqual({
      name: "GitHubApiError",
      status: 403,
      apiMessage: body.message,
      documentationUrl: body.documentation_url,
      apiStatus: "403",
      url: `${mock.url}/user/packages?package_type=npm&page=1&per_page=100`,
      page: 1,
      hint: "Listing packages needs a token with the read:packages scope.",
      message: `GitHub API 403 on GET /user/packages?package_type=npm&page=1&per_page=100: ${body.message} (request ID). Listing packages needs a token with the read:packages scope.`,
    });
    for (const e of [error as GitHubApiError, listed]) expect(e.requestId).toMatch(/^F00D:[0-9A-F]{4}$/);
    expect(error?.requestId).not.toBe(listed.requestId);
    // So `if (error) throw error` rejects with what a listing rejects with.
    const idiom = async () => {
      next = { status: 403, body };
      const { data, error: failed } = await listUserPackages({ package_type: "npm" }, options);
      if (failed) throw failed;
      return data;
    };
    await expect(idiom()).rejects.toBeInstanceOf(GitHubApiError);
  });

  it("gives a 401 for a wrong token", async () => {
    const { error } = await listUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: "ghp_wrong" });
    expect(error?.status).toBe(401);
    expect(error?.apiMessage).toBe("Bad credentials");
    expect(error?.requestId).toMatch(/^F00D:[0-9A-F]{4}$/);
  });

  it("gives a 403 when the token lacks read:packages", async () => {
    const scoped = await startMockGitHub({ token: TOKEN, scopes: ["repo"] });
    try {
      const { error, response } = await listUserPackages({ package_type: "npm" }, { baseUrl: scoped.url, token: TOKEN });
      expect(response.status).toBe(403);
      expect(error?.apiMessage).toMatch(/read:packages/);
      expect(response.headers.get("x-accepted-oauth-scopes")).toBe("read:packages");
    } finally {
      await scoped.close();
    }
  });

  it("turns an empty error body into an error object", async () => {
    next = { status: 502 };
    const { error, response } = await listUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, retry: false });
    expect(response.ok).toBe(false);
    expect(error).toMatchObject({ status: 502, rawBody: "", requestId: expect.stringMatching(/^F00D:/) });
    expect(error?.apiMessage).toBe("GitHub answered 502 Bad Gateway with an error response with an empty body");
  });

  it("turns an HTML error page into an error object that keeps the text", async () => {
    const html = "<html><body><h1>503 Service Unavailable</h1></body></html>";
    next = { status: 503, headers: { "Content-Type": "text/html" }, body: html };
    const { error } = await listUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, retry: false });
    expect(error?.rawBody).toBe(html);
    expect(error?.status).toBe(503);
    expect(error?.apiMessage).toMatch(/503 Service Unavailable with an error response whose body is not JSON \(content-type text\/html\)/);
  });

  it("uses a description when a JSON error body has no message", async () => {
    next = { status: 500, body: { oops: true } };
    const { error } = await listUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, retry: false });
    expect(error?.apiMessage).toBe("GitHub answered 500 Internal Server Error with an error response");
    expect(error?.rawBody).toBe('{"oops":true}');
  });

  it.each([
    ["a non-JSON 200 body", { status: 200, headers: { "Content-Type": "text/html" }, body: "<html>hi</html>" }, /body is not JSON/],
    ["a truncated JSON 200 body", { status: 200, headers: { "Content-Type": "application/json" }, body: '[{"id":1,' }, /body is not JSON/],
    ["an empty 200 body", { status: 200, body: "" }, /empty body/],
    ["a JSON 200 body that is not an array", { status: 200, body: { id: 1 } }, /not a JSON array of packages/],
  ])("turns %s into an error result, never a SyntaxError", async (_label, response, message) => {
    next = response;
    const result = await listUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, retry: false });
    expect(result.data).toBeUndefined();
    expect(result.error?.status).toBe(200);
    expect(result.error?.apiMessage).toMatch(message);
    expect(result.error?.rawBody).toBe(typeof response.body === "string" ? response.body : JSON.stringify(response.body));
  });

  it("rejects with the signal's reason when aborted, and stops waiting at once", async () => {
    const slow = await startMockGitHub({ latencyMs: 60_000 });
    try {
      const controller = new AbortController();
      const pending = listUserPackages({ package_type: "npm" }, { baseUrl: slow.url, signal: controller.signal });
      await until(() => slow.requests.length === 1, "the request to arrive");
      controller.abort();
      await expect(pending).rejects.toMatchObject({ name: "AbortError" });
      expect(slow.requests[0]?.status).toBeUndefined(); // settled long before the server would answer
      await until(() => slow.inFlight() === 0, "the server to see the request cancelled");
    } finally {
      await slow.close();
    }
  });

  it("rejects with a NetworkError when nothing listens", async () => {
    const server: Server = createServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((r) => server.close(() => r()));
    const clock = quickWaits(); // the retries' waits pass at once
    const err = await listUserPackages({ package_type: "npm" }, { baseUrl: `http://127.0.0.1:${port}`, token: TOKEN, clock }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(clock.sleeps).toHaveLength(3); // three retries, each waited on the fake clock
    expect((err as NetworkError).message).toMatch(new RegExp(`^Network error on GET http://127.0.0.1:${port}/user/packages\\?package_type=npm: fetch failed`));
    expect((err as NetworkError).message).toMatch(/ECONNREFUSED/);
    expect(`${JSON.stringify(err)} ${(err as Error).message} ${(err as Error).stack ?? ""}`).not.toContain(TOKEN);
  });

  it("hands the injected fetch one Request carrying every header and redirect: manual", async () => {
    const seen: Request[] = [];
    const client = createPackagesClient({
      baseUrl: mock.url,
      token: TOKEN,
      apiVersion: "2022-11-28",
      userAgent: "my-app/1.0",
      fetch: (request) => {
        seen.push(request);
        return fetch(request);
      },
    });
    const { data } = await client.listUserPackages({ package_type: "npm", per_page: 1 }, { headers: { "X-Extra": "yes" } });
    expect(data).toHaveLength(1);
    expect(seen).toHaveLength(1);
    const request = seen[0]!;
    expect(request).toBeInstanceOf(Request);
    expect(request.url).toBe(`${mock.url}/user/packages?package_type=npm&per_page=1`);
    expect(request.method).toBe("GET");
    expect(request.redirect).toBe("manual");
    expect(request.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(request.headers.get("accept")).toBe("application/vnd.github+json");
    expect(request.headers.get("x-github-api-version")).toBe("2022-11-28");
    expect(request.headers.get("user-agent")).toMatch(/^my-app\/1\.0 gh-user-packages\/\d/);
    expect(request.headers.get("x-extra")).toBe("yes");
    expect(request.signal).toBeInstanceOf(AbortSignal);
  });

  it("keeps the token guard through openapi-fetch: the Request the fetch sees never follows redirects", async () => {
    const redirects: RequestRedirect[] = [];
    const { error } = await listUserPackages(
      { package_type: "npm" },
      {
        baseUrl: mock.url,
        token: TOKEN,
        fetch: (request) => {
          redirects.push(request.redirect);
          return Promise.resolve(new Response(null, { status: 302, headers: { Location: `${mock.url}/elsewhere` } }));
        },
      },
    );
    expect(redirects).toEqual(["manual"]);
    expect(error?.status).toBe(302);
  });

  it("keeps VERSION equal to package.json's version", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });
});
