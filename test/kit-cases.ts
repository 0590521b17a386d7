// The testing kit's app-level cases, as an app's own tests would run them, for one DOM environment
// (kit-jsdom.test.ts, kit-happy-dom.test.ts): the MSW handlers under setupServer and the node:http
// mock, one page and a whole listing, with the environment's own AbortController and with one of
// another realm. Under jsdom, TextEncoder's bytes are not the global Uint8Array's, and a signal of
// jsdom's window is not the global AbortSignal's: the kit and the client must not care.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupServer } from "msw/node";
import { iterateUserPackagePages, listAllUserPackages, listUserPackages } from "../src/index.js";
import { mockGitHubHandlers } from "../src/msw.js";
import { makePackages, startMockGitHub, type MockGitHub } from "../src/testing.js";

const TOKEN = "kit-env-token";
const GITHUB = "https://api.github.com";
// 23 npm packages: five pages of five, the last one short.
const PACKAGES = makePackages(23, { package_type: "npm" });
const IDS = PACKAGES.map((p) => p.id);
const PER_PAGE = 5;

/** What a case talks to: an API root, and how many listing requests it answered so far. */
interface Kit {
  baseUrl: string;
  served(): number;
}

/** How a DOM environment makes an AbortController of a realm other than its globals'. */
export type ForeignController = () => { signal: AbortSignal; abort(reason?: unknown): void };

/** The cases against one kit, with the environment's AbortController and with a foreign one. */
function kitCases(kit: () => Kit, foreign: ForeignController): void {
  const options = (signal: AbortSignal) => ({ baseUrl: kit().baseUrl, token: TOKEN, signal, per_page: PER_PAGE, concurrency: 1 });

  it("serves one page as packages", async () => {
    const { data, error } = await listUserPackages({ package_type: "npm", per_page: PER_PAGE, page: 2 }, { baseUrl: kit().baseUrl, token: TOKEN, signal: new AbortController().signal });
    expect(error).toBeUndefined();
    expect(data?.map((p) => p.id)).toEqual(IDS.slice(5, 10));
  });

  it("serves a whole listing with the environment's AbortController", async () => {
    const { packages, truncated } = await listAllUserPackages({ package_type: "npm" }, options(new AbortController().signal));
    expect(truncated).toBe(false);
    expect(packages.map((p) => p.id)).toEqual(IDS);
  });

  it("serves a whole listing with an AbortController of another realm", async () => {
    const { packages } = await listAllUserPackages({ package_type: "npm" }, options(foreign().signal));
    expect(packages.map((p) => p.id)).toEqual(IDS);
  });

  for (const [which, make] of [["the environment's", () => new AbortController()], ["another realm's", foreign]] as const) {
    it(`stops a listing when ${which} AbortController aborts, with its reason`, async () => {
      const controller = make();
      const reason = new Error("the app stopped the listing");
      const before = kit().served();
      const seen: number[] = [];
      const listing = (async () => {
        for await (const page of iterateUserPackagePages({ package_type: "npm" }, options(controller.signal))) {
          seen.push(page.page);
          if (page.page === 2) controller.abort(reason);
        }
      })();
      await expect(listing).rejects.toBe(reason);
      expect(seen).toEqual([1, 2]);
      // One request at a time: at most the page after the second was asked for, never the last two.
      expect(kit().served() - before).toBeLessThanOrEqual(3);
    });

    it(`refuses to start a listing when ${which} signal has aborted already`, async () => {
      const controller = make();
      const reason = new Error("aborted before the start");
      controller.abort(reason);
      const before = kit().served();
      await expect(listAllUserPackages({ package_type: "npm" }, options(controller.signal))).rejects.toBe(reason);
      await expect(listUserPackages({ package_type: "npm" }, { baseUrl: kit().baseUrl, token: TOKEN, signal: controller.signal })).rejects.toBe(reason);
      expect(kit().served()).toBe(before);
    });
  }
}

/** Registers the kit's cases for the current environment, named by `environment`. */
export function describeKit(environment: string, foreign: ForeignController): void {
  describe(`the testing kit under ${environment}`, () => {
    describe("the node:http mock (startMockGitHub)", () => {
      let mock: MockGitHub;
      beforeAll(async () => {
        mock = await startMockGitHub({ token: TOKEN, packages: PACKAGES });
      });
      afterAll(async () => {
        // happy-dom's fetch sends one more request after a listing was aborted, and prints the
        // refusal it meets at a closed port: close once the mock has been quiet for a moment
        // (bounded, a clean-up, not asserted).
        for (let seen = -1, i = 0; seen !== mock.requests.length && i < 20; i++) {
          seen = mock.requests.length;
          await new Promise((r) => setTimeout(r, 50));
        }
        await mock.close();
      });
      kitCases(() => ({ baseUrl: mock.url, served: () => mock.requests.length }), foreign);
    });

    describe("the MSW handlers (setupServer)", () => {
      let served = 0;
      const server = setupServer(...mockGitHubHandlers({ token: TOKEN, packages: PACKAGES, onRequest: () => {
        served++;
        return undefined; // the mock's own answer
      } }));
      beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
      afterAll(() => server.close());
      kitCases(() => ({ baseUrl: GITHUB, served: () => served }), foreign);
    });
  });
}
