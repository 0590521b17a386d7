// The shared behaviour table, against the MSW handlers in Node (setupServer answers the global
// fetch, as in an app's tests); and, case by case, the same transcript as the node:http mock's.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { listUserPackages } from "../src/index.js";
import { makePackages, mockGitHubHandlers, type MockRequest } from "../src/msw.js";
import { CASES, targetAt } from "./mock-cases.js";
import { withMock } from "./with-mock.js";

const server = setupServer();
const GITHUB = "https://api.github.com";
const GHES = "https://ghe.example.test/api/v3";
beforeAll(() => {
  // The node:http mock of the comparison is on the loopback: only that may pass through.
  server.listen({ onUnhandledRequest: (req, print) => (new URL(req.url).hostname === "127.0.0.1" ? undefined : print.error()) });
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe("the MSW handlers (setupServer)", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s, with the same transcript as the server mock", async (_name, c) => {
    const baseUrl = c.ghes ? GHES : GITHUB;
    server.use(...mockGitHubHandlers({ ...c.options, ...(c.ghes && { baseUrl }) }));
    const viaMsw = targetAt(baseUrl);
    await c.run(viaMsw);
    const viaServer = await withMock(c.options, async (mock) => {
      const t = targetAt(c.ghes ? `${mock.url}/api/v3` : mock.url);
      await c.run(t);
      return t.transcript;
    });
    expect(viaMsw.transcript.length).toBeGreaterThan(0);
    expect(viaMsw.transcript).toEqual(viaServer);
  });

  it("answers only below its API root, and leaves other GitHub endpoints to the app's handlers", async () => {
    server.use(
      ...mockGitHubHandlers({ packages: makePackages(3, { package_type: "npm" }), baseUrl: GHES }),
      http.get(`${GHES}/user`, () => HttpResponse.json({ login: "app-handler" })),
    );
    const { data } = await listUserPackages({ package_type: "npm" }, { baseUrl: GHES });
    expect(data?.map((p) => p.id)).toEqual([1, 2, 3]);
    expect(await (await fetch(`${GHES}/user`)).json()).toEqual({ login: "app-handler" });
    // api.github.com is not this root: unhandled, so an error (onUnhandledRequest above), which MSW
    // also prints; the print is captured here so that a passing run shows no error line.
    const printed = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      await expect(fetch(`${GITHUB}/user/packages?package_type=npm`)).rejects.toThrow();
      expect(printed.mock.calls.flat().join(" ")).toContain("without a matching request handler");
    } finally {
      printed.mockRestore();
    }
  });

  it("defaults to api.github.com, which the client defaults to as well", async () => {
    server.use(...mockGitHubHandlers({ token: "t0ken-value", packages: makePackages(2, { package_type: "maven" }) }));
    const { data, error } = await listUserPackages({ package_type: "maven" }, { token: "t0ken-value" });
    expect(error).toBeUndefined();
    expect(data?.map((p) => p.package_type)).toEqual(["maven", "maven"]);
  });

  it("calls onRequest with the redacted record, and sends its answer instead", async () => {
    const seen: MockRequest[] = [];
    const onRequest = (r: MockRequest) => {
      seen.push(r);
      return r.query.page === "2" ? { status: 418, body: { message: "teapot" } } : undefined;
    };
    server.use(...mockGitHubHandlers({ token: "s3cret-token", packages: makePackages(40, { package_type: "npm" }), onRequest }));
    const one = await fetch(`${GITHUB}/user/packages?package_type=npm`, { headers: { Authorization: "Bearer s3cret-token" } });
    const two = await fetch(`${GITHUB}/user/packages?package_type=npm&page=2`, { headers: { Authorization: "s3cret-token" } });
    expect([one.status, two.status, await two.json()]).toEqual([200, 418, { message: "teapot" }]);
    expect(two.headers.get("x-github-request-id")).toBe("F00D:0002");
    expect(seen.map((r) => [r.headers.authorization, r.auth, r.status])).toEqual([["Bearer ***", "valid", 200], ["***", "invalid", 418]]);
    expect(JSON.stringify(seen)).not.toContain("s3cret-token");
  });
});

describe("the gh-user-packages/msw entry", () => {
  const dist = fileURLToPath(new URL("../dist/", import.meta.url));

  it("loads from CommonJS as well", async () => {
    const cjs = createRequire(import.meta.url)(`${dist}msw.cjs`) as typeof import("../src/msw.js");
    server.use(...cjs.mockGitHubHandlers({ packages: cjs.makePackages(2, { package_type: "rubygems" }) }));
    const { data } = await listUserPackages({ package_type: "rubygems" });
    expect(data?.map((p) => p.id)).toEqual([1, 2]);
  });

  it("is the only built file that imports msw", () => {
    const files = readdirSync(dist).filter((f) => /\.(c?js)$/.test(f));
    const importing = files.filter((f) => /(?:from\s*["']msw(?:\/[^"']*)?["']|require\(["']msw(?:\/[^"']*)?["']\))/.test(readFileSync(`${dist}${f}`, "utf8")));
    expect(files).toContain("index.js");
    expect(importing.sort()).toEqual(["msw.cjs", "msw.js"]);
  });
});
