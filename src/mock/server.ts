// A small GitHub stand-in for GET /user/packages on a real node:http server, for this project's
// tests, its demo, and apps' own tests. The server does the I/O (recording, latency, writing the
// answer); what to answer comes from the pure functions in routes, listing and faults.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { faultAnswer, faultDealer } from "./faults.js";
import { DEFAULT_LOGIN } from "./fixtures.js";
import { defaultPackages } from "./realistic.js";
import { cachedPageWriter, errorBody, listingAnswer, writePage, type PageWriter } from "./listing.js";
import { authAnswer, authOf, notFound, ownedBy, redactedHeaders, routeOf, scopeAnswer, type Route } from "./routes.js";
import type { Answer, FaultKind, MockGitHub, MockGitHubOptions, MockRequest } from "./types.js";
import type { Package } from "../types.js";

const RATE_LIMIT = 5000;
const EXPOSED = [
  "ETag", "Link", "Location", "Retry-After", "X-GitHub-OTP", "X-RateLimit-Limit", "X-RateLimit-Remaining",
  "X-RateLimit-Used", "X-RateLimit-Resource", "X-RateLimit-Reset", "X-OAuth-Scopes", "X-Accepted-OAuth-Scopes",
  "X-Poll-Interval", "X-GitHub-Media-Type", "X-GitHub-SSO", "X-GitHub-Request-Id", "Deprecation", "Sunset",
].join(", ");
const CORS = { "Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": EXPOSED };
const PREFLIGHT = {
  ...CORS,
  "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
  "Access-Control-Allow-Headers": "Authorization, Accept, Content-Type, If-None-Match, If-Modified-Since, User-Agent, X-GitHub-Api-Version",
  "Access-Control-Max-Age": "86400",
};

/** What one mock keeps between requests. */
interface MockState {
  options: MockGitHubOptions;
  packages: Package[];
  requests: MockRequest[];
  write: PageWriter;
  dealFault: () => FaultKind | undefined;
  /** The reset of the rate-limit window, in seconds. */
  resetAt: number;
  served: number;
  /** Requests charged to the rate limit (a 304 is free, as on GitHub). */
  counted: number;
  inFlight: number;
  peak: number;
  port: number;
}

const rateHeaders = (used: number, reset: number) => ({
  "X-RateLimit-Limit": String(RATE_LIMIT),
  "X-RateLimit-Remaining": String(RATE_LIMIT - used),
  "X-RateLimit-Used": String(used),
  "X-RateLimit-Reset": String(reset),
  "X-RateLimit-Resource": "core",
});

/**
 * The packages a route lists, or `undefined` (a 404) for an unknown owner. Another user's listing
 * shows their public packages only.
 */
function packagesFor(state: MockState, route: Route | undefined): Package[] | undefined {
  if (!route) return undefined;
  if (route.kind === "user") return state.packages;
  const { orgs, users, login = DEFAULT_LOGIN } = state.options;
  if (route.kind === "org") return ownedBy(orgs, route.login);
  if (route.login.toLowerCase() === login.toLowerCase()) return ownedBy(users, route.login) ?? state.packages;
  return ownedBy(users, route.login)?.filter((p) => p.visibility === "public");
}

/** What the mock answers to a recorded request, once past latency and `onRequest`. */
function answerFor(state: MockState, record: MockRequest, url: URL, ifNoneMatch: string | undefined, base: Record<string, string>): Answer {
  const { options } = state;
  const refused = authAnswer(record, options.token, base);
  if (refused) return refused;
  const headers = { ...base, ...rateHeaders(Math.min(state.counted, RATE_LIMIT), state.resetAt) };
  const denied = scopeAnswer(options.token, options.scopes ?? ["read:packages"], headers);
  if (denied) return denied;
  const listed = packagesFor(state, routeOf(record.method, record.path));
  if (!listed) return notFound(headers);
  const listing = () => listingAnswer(url, ifNoneMatch, listed, { links: options.links ?? "full", headers, write: state.write });
  record.fault = state.dealFault();
  if (options.faults && record.fault) {
    return faultAnswer(record.fault, { faults: options.faults, headers, listing, rateHeaders, limit: RATE_LIMIT, now: Date.now() });
  }
  const answer = listing();
  if (answer.status === 200) {
    const used = Math.min(++state.counted, RATE_LIMIT);
    Object.assign(answer.headers, rateHeaders(used, state.resetAt));
  }
  return answer;
}

function recordOf(req: IncomingMessage, url: URL, token: string | undefined): MockRequest {
  return {
    method: req.method ?? "GET",
    url: req.url ?? "/",
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: redactedHeaders(req.headers),
    auth: authOf(req.headers.authorization, token),
    receivedAt: Date.now(),
    fault: undefined,
    status: undefined,
  };
}

async function handle(state: MockState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method === "OPTIONS") {
    send(res, { status: 204, headers: PREFLIGHT });
    return;
  }
  // Links must point back at this server as the client reached it.
  const url = new URL(req.url ?? "/", `http://${req.headers.host ?? `127.0.0.1:${state.port}`}`);
  const record = recordOf(req, url, state.options.token);
  state.requests.push(record);
  res.on("finish", () => (record.status = res.statusCode));
  const requestId = `F00D:${(++state.served).toString(16).toUpperCase().padStart(4, "0")}`;
  const base = { ...CORS, "X-GitHub-Request-Id": requestId, "X-GitHub-Media-Type": "github.v3; format=json" };
  const latency = state.options.latencyMs ?? 0;
  if (latency > 0) await new Promise((r) => setTimeout(r, latency));
  if (res.destroyed) return;
  const custom = await state.options.onRequest?.(record);
  if (custom) {
    send(res, { status: custom.status, headers: { ...base, ...custom.headers }, body: custom.body });
    return;
  }
  send(res, answerFor(state, record, url, req.headers["if-none-match"], base));
}

/** Writes an answer: a Buffer or string as is, anything else as JSON (with its content type). */
function send(res: ServerResponse, answer: Answer): void {
  if (res.destroyed) return;
  if (answer.reset) {
    res.socket?.destroy();
    return;
  }
  const { body, headers } = answer;
  const raw = body === undefined || typeof body === "string" || Buffer.isBuffer(body);
  const text = body === undefined ? "" : raw ? body : JSON.stringify(body);
  const hasType = Object.keys(headers).some((k) => k.toLowerCase() === "content-type");
  res.writeHead(answer.status, {
    ...(raw || hasType ? {} : { "Content-Type": "application/json; charset=utf-8" }),
    ...headers,
    "Content-Length": String(Buffer.byteLength(text)),
  });
  res.end(res.req.method === "HEAD" ? undefined : text);
}

/** Counts requests in flight (CORS preflights aside) while one is handled. */
function track(state: MockState, req: IncomingMessage, res: ServerResponse): void {
  state.inFlight++;
  if (req.method !== "OPTIONS") state.peak = Math.max(state.peak, state.inFlight);
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    state.inFlight--;
  };
  res.on("close", finish);
  res.on("finish", finish);
  handle(state, req, res).catch((err: unknown) => {
    if (!res.headersSent) send(res, { status: 500, headers: {}, body: errorBody(`mock failure: ${String(err)}`, 500) });
    else res.destroy();
  });
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
}

/**
 * Starts a mock GitHub on 127.0.0.1.
 *
 * @example
 * const mock = await startMockGitHub({ packages: makePackages(3), token: "test-token" });
 * const { data } = await listUserPackages({ package_type: "container" }, { baseUrl: mock.url, token: mock.token });
 * await mock.close();
 */
export async function startMockGitHub(options: MockGitHubOptions = {}): Promise<MockGitHub> {
  const state: MockState = {
    options,
    packages: options.packages ?? defaultPackages(),
    requests: [],
    write: options.serializeOnce ? cachedPageWriter() : writePage,
    dealFault: faultDealer(options.faults),
    resetAt: Math.floor(Date.now() / 1000) + 3600,
    ...{ served: 0, counted: 0, inFlight: 0, peak: 0, port: 0 },
  };
  const server = createServer((req, res) => track(state, req, res));
  state.port = await listen(server, options.port ?? 0);
  return {
    url: `http://127.0.0.1:${state.port}`,
    token: options.token,
    requests: state.requests,
    packages: state.packages,
    inFlight: () => state.inFlight,
    peakInFlight: () => state.peak,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
