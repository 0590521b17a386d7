import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
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
    site = createServer((req, res) => {
      if (req.url === "/app.js") {
        res.writeHead(200, { "Content-Type": "text/javascript" }).end(js);
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
  }, 60_000);

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
    expect(mock.requests.every((r) => r.auth === "valid" && r.headers.origin === siteUrl.slice(0, -1))).toBe(true);
    await page.close();
  });
});
