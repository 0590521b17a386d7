// Entry point `gh-user-packages/msw`: the mock GitHub as MSW request handlers, for apps that mock
// with Mock Service Worker (Node's setupServer, setupWorker in browsers, vitest's browser mode).
// They answer exactly as the node:http mock does: both serve the same core. `msw` is an optional
// peer dependency; nothing else of the package imports it.
import { http, HttpResponse, type HttpHandler } from "msw";
import { isBytes } from "./mock/bytes.js";
import { createMockCore, PREFLIGHT, type MockAnswerOptions, type MockInput } from "./mock/core.js";
import { checkMockOptions } from "./mock/options.js";
import type { Answer } from "./mock/types.js";

export { FAULT_KINDS } from "./mock/faults.js";
export { makeOrganization, makePackage, makePackages, makeRepository, makeUser } from "./mock/fixtures.js";
export type { PackageOverrides } from "./mock/fixtures.js";
export { defaultPackages, makeRealisticPackages } from "./mock/realistic.js";
export type { FaultKind, FaultOptions, MockRequest, MockResponse } from "./mock/types.js";

/**
 * The options of the handlers: the mock server's (but its port, latency and log: `onRequest`
 * sees each request's redacted record), and the API root.
 */
export interface MockGitHubHandlersOptions extends Omit<MockAnswerOptions, "logLimit"> {
  /** The API root the handlers answer for: `https://api.github.com` (the default), or GHES's `https://HOST/api/v3`. */
  baseUrl?: string;
}

const NULL_BODY = new Set([101, 204, 205, 304]);

/** The three listings below `root`, as MSW matches them (origin and path, no query). */
function listingsOf(root: URL): RegExp {
  const base = `${root.origin}${root.pathname.replace(/\/+$/, "")}`.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  // No capturing group: MSW would percent-decode it, and a malformed login must reach the core (a 404).
  return new RegExp(`^${base}\\/(?:user|(?:orgs|users)\\/[^/]+)\\/packages\\/?$`);
}

/** An answer of the core as a fetch Response (a cut connection as a network error). */
function responseOf(answer: Answer, method: string): Response {
  if (answer.reset) return HttpResponse.error();
  const { body } = answer;
  const raw = body === undefined || typeof body === "string" || isBytes(body);
  const bytes = body === undefined ? undefined : raw ? body : JSON.stringify(body);
  const hasType = Object.keys(answer.headers).some((k) => k.toLowerCase() === "content-type");
  const length = bytes === undefined ? 0 : typeof bytes === "string" ? new TextEncoder().encode(bytes).length : bytes.length;
  const headers = {
    ...(raw || hasType ? {} : { "Content-Type": "application/json; charset=utf-8" }),
    ...answer.headers,
    "Content-Length": String(length),
  };
  const sendsBody = method !== "HEAD" && !NULL_BODY.has(answer.status) && bytes !== undefined;
  // A copy into a fresh ArrayBuffer: what BodyInit accepts, whatever buffer the bytes sit in.
  const init = sendsBody ? (typeof bytes === "string" ? bytes : new Uint8Array(bytes).buffer) : null;
  return new HttpResponse(init, { status: answer.status, headers });
}

/**
 * MSW handlers for GitHub's package listings (`GET /user/packages`, `/orgs/{org}/packages`,
 * `/users/{username}/packages`), answering as the mock server does for the same options:
 * authentication, scopes, filters, pages and Link headers, ETags and 304s, seeded faults. Options
 * that break a rule throw InvalidParametersError.
 *
 * @example
 * const server = setupServer(...mockGitHubHandlers({ packages: makePackages(3), token: "test-token" }));
 */
export function mockGitHubHandlers(options: MockGitHubHandlersOptions = {}): HttpHandler[] {
  checkMockOptions(options, "handlers");
  const root = new URL(options.baseUrl ?? "https://api.github.com");
  const basePath = root.pathname.replace(/\/+$/, "");
  // Nothing reads the core's log here: keep none.
  const core = createMockCore({ ...options, logLimit: 0 });
  const handler = http.all(listingsOf(root), async ({ request }) => {
    if (request.method === "OPTIONS") return responseOf(PREFLIGHT, "OPTIONS");
    const url = new URL(request.url);
    const input: MockInput = {
      method: request.method,
      url,
      target: `${url.pathname}${url.search}`,
      routePath: url.pathname.slice(basePath.length),
      headers: Object.fromEntries(request.headers),
    };
    const received = core.receive(input);
    const custom = await options.onRequest?.(received.record);
    const answer = custom ? { status: custom.status, headers: { ...received.base, ...custom.headers }, body: custom.body } : core.answer(received);
    received.record.status = answer.reset ? undefined : answer.status;
    return responseOf(answer, request.method);
  });
  return [handler];
}
