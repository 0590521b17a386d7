import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectEvery } from "./expect-every.js";
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { chromium, type Browser } from "playwright-core";
import { makePackages, startMockGitHub, type MockGitHub } from "../src/testing.js";

// The built ESM package, bundled for the browser as an app would, runs in Debian's Chromium and
// talks to the mock GitHub on another loopback origin (so CORS is exercised, as with GitHub).
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
const inCI = process.env.CI === "true";
if (!available && !inCI) {
  console.warn(`\n*** browser test SKIPPED: no Chromium at ${CHROMIUM} (apt-get install -y chromium). In CI this fails. ***\n`);
}
const TOKEN = "browser-token";
let mock: MockGitHub;
let site: Server;
let siteUrl = "";
let browser: Browser | undefined;
/** What the test page puts on `window`. */
interface PageApi {
  single(url: string, token: string): Promise<unknown>;
  all(url: string, token: string): Promise<unknown>;
  invalid(): Promise<unknown>;
}
/** What the MSW test page puts on `window`. */
interface MswPageApi {
  viaWorker(): Promise<{ controlled: boolean; first: unknown; all: number[]; ghes: number[]; denied: unknown }>;
}
const root = fileURLToPath(new URL("..", import.meta.url));
// MSW's service worker script, of the installed version (the worker checks that it matches).
const WORKER = readFileSync(`${root}node_modules/msw/lib/mockServiceWorker.js`, "utf8");
// The page an app's browser test would have: the client's browser build, answered by the mock
// GitHub's MSW handlers through setupWorker. No request leaves the page.
const MSW_APP = `import { setupWorker } from "msw/browser";
import { mockGitHubHandlers, makePackages } from "gh-user-packages/msw";
import { listUserPackages, iterateUserPackages } from "gh-user-packages";
const packages = makePackages(120, { package_type: "container" });
const GHES = "https://ghe.example.test/api/v3";
window.viaWorker = async () => {
  const worker = setupWorker(
    ...mockGitHubHandlers({ token: "worker-token", packages }),
    ...mockGitHubHandlers({ token: "worker-token", packages: packages.slice(0, 7), baseUrl: GHES }),
  );
  await worker.start({ serviceWorker: { url: "/mockServiceWorker.js" }, quiet: true, onUnhandledRequest: "error" });
  const first = await listUserPackages({ package_type: "container", per_page: 5 }, { token: "worker-token" });
  const all = [];
  for await (const p of iterateUserPackages({ package_type: "container" }, { token: "worker-token", concurrency: 2 })) all.push(p.id);
  const ghes = [];
  for await (const p of iterateUserPackages({ package_type: "container" }, { baseUrl: GHES, token: "worker-token", per_page: 3 })) ghes.push(p.id);
  const denied = await listUserPackages({ package_type: "container" }, { token: "wrong" });
  worker.stop();
  return {
    controlled: navigator.serviceWorker.controller !== null,
    first: first.error ? { error: first.error.message } : { ids: first.data.map((p) => p.id), etag: first.response.headers.get("etag") },
    all,
    ghes,
    denied: denied.error ? { status: denied.error.status, message: denied.error.apiMessage } : "listed",
  };
};`;

describe.skipIf(!available && !inCI)("in a real browser (Chromium, headless)", () => {
  beforeAll(async () => {
    expect(existsSync(CHROMIUM), `Chromium is required in CI at ${CHROMIUM}`).toBe(true);
    mock = await startMockGitHub({ token: TOKEN, packages: makePackages(250, { package_type: "container" }) });
    const bundle = await build({
      stdin: {
        contents: `import { listUserPackages, iterateUserPackages } from "gh-user-packages";
window.single = async (baseUrl, token) => {
  const { data, error } = await listUserPackages({ package_type: "container", per_page: 5 }, { baseUrl, token });
  return error ? { error: error.message } : { ids: data.map((p) => p.id) };
};
window.all = async (baseUrl, token) => {
  const ids = [];
  for await (const p of iterateUserPackages({ package_type: "container" }, { baseUrl, token, concurrency: 3 })) ids.push(p.id);
  return ids;
};
window.invalid = async () => listUserPackages({ package_type: "pypi" }).then(() => "sent", (e) => e.name);`,
        resolveDir: fileURLToPath(new URL("..", import.meta.url)),
        loader: "js",
      },
      bundle: true,
      format: "esm",
      platform: "browser",
      write: false,
    });
    const js = bundle.outputFiles[0]!.text;
    const mswBundle = await build({
      stdin: { contents: MSW_APP, resolveDir: root, loader: "js" },
      bundle: true,
      format: "esm",
      platform: "browser",
      write: false,
      logLevel: "silent",
    });
    const mswJs = mswBundle.outputFiles[0]!.text;
    site = createServer((req, res) => {
      if (req.url === "/app.js") {
        res.writeHead(200, { "Content-Type": "text/javascript" }).end(js);
      } else if (req.url === "/msw-app.js") {
        res.writeHead(200, { "Content-Type": "text/javascript" }).end(mswJs);
      } else if (req.url === "/mockServiceWorker.js") {
        res.writeHead(200, { "Content-Type": "text/javascript" }).end(WORKER);
      } else if (req.url === "/msw.html") {
        res.writeHead(200, { "Content-Type": "text/html" }).end('<!doctype html><script type="module" src="/msw-app.js"></script>');
      } else {
        res.writeHead(200, { "Content-Type": "text/html" }).end('<!doctype html><script type="module" src="/app.js"></script>');
      }
    });
    await new Promise<void>((r) => site.listen(0, "127.0.0.1", () => r()));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await mock.close();
    await new Promise<void>((r) => site.close(() => r()));
  });

  it("lists packages from the mock GitHub across origins, one page and every page", async () => {
    const page = await browser!.newPage();
    await page.goto(siteUrl);
    await page.waitForFunction(() => typeof (window as unknown as { all?: unknown }).all === "function");
    const single = await page.evaluate(([url, token]) => (window as unknown as PageApi).single(url, token), [mock.url, TOKEN] as const);
    expect(single).toEqual({ ids: [1, 2, 3, 4, 5] });
    // Every page: the Link header must be readable across origins (the mock exposes it, as GitHub does).
    const all = await page.evaluate(([url, token]) => (window as unknown as PageApi).all(url, token), [mock.url, TOKEN] as const);
    expect(all).toEqual(mock.packages.map((p) => p.id));
    expect(await page.evaluate(() => (window as unknown as PageApi).invalid())).toBe("InvalidParametersError");
    // The requests really came from the page: CORS preflights were answered and the token checked.
    expect(mock.requests.filter((r) => r.query.per_page === "100").length).toBe(3);
    expectEvery(mock.requests, (r) => r.auth === "valid" && r.headers.origin === siteUrl.slice(0, -1));
    await page.close();
  });

  it("lists packages through MSW's setupWorker, with the mock GitHub's handlers and the client's browser build", async () => {
    const page = await browser!.newPage();
    await page.goto(`${siteUrl}msw.html`);
    await page.waitForFunction(() => typeof (window as unknown as { viaWorker?: unknown }).viaWorker === "function");
    const got = await page.evaluate(() => (window as unknown as MswPageApi).viaWorker());
    const packages = makePackages(120, { package_type: "container" });
    expect(got.controlled).toBe(true);
    expect(got.first).toEqual({ ids: [1, 2, 3, 4, 5], etag: expect.stringMatching(/^W\/"/) });
    expect(got.all).toEqual(packages.map((p) => p.id));
    expect(got.ghes).toEqual(packages.slice(0, 7).map((p) => p.id));
    expect(got.denied).toEqual({ status: 401, message: "Bad credentials" });
    await page.close();
  });
});
