// A small GitHub stand-in for GET /user/packages on a real node:http server, for this project's
// tests, its demo, and apps' own tests. It follows GitHub's documented behaviour: auth check,
// filters, per_page default and cap, the 10,000-result window, Link and rate-limit headers.
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { defaultPackages } from "./fixtures.js";
import { PACKAGE_TYPES, VISIBILITIES } from "./params.js";
import type { Package } from "./types.js";

/** One request the mock received (CORS preflights are not recorded). */
export interface MockRequest {
  method: string;
  /** Path and query as sent, such as `/user/packages?package_type=npm`. */
  url: string;
  /** Path without the query. */
  path: string;
  /** Query parameters (the last value wins when one is repeated). */
  query: Record<string, string>;
  /** Request headers, lower-cased; `authorization` has its credential replaced by `***`. */
  headers: Record<string, string>;
  /** What the mock made of the credentials. */
  auth: "none" | "valid" | "invalid";
  /** When the request arrived (`Date.now()`). */
  receivedAt: number;
  /** The fault injected into the answer, if any. */
  fault: FaultKind | undefined;
  /** The status the mock answered with; `undefined` until then, or when the connection was cut. */
  status: number | undefined;
}

/** The failures the mock can inject (see `faults`). */
export type FaultKind =
  | "500"
  | "502"
  | "503"
  | "504"
  | "reset"
  | "html"
  | "truncated"
  | "429"
  | "secondary-403"
  | "primary-limit";

/** Every fault kind, in a fixed order. */
export const FAULT_KINDS: readonly FaultKind[] = [
  "500", "502", "503", "504", "reset", "html", "truncated", "429", "secondary-403", "primary-limit",
];

/** Random failures on GET /user/packages, repeatable by seed. */
export interface FaultOptions {
  /** Share of requests that fail, from 0 to 1. */
  rate: number;
  /** Which failures to deal (each once per round, in a shuffled order); all of them when not given. */
  kinds?: readonly FaultKind[];
  /** Seed of the generator: the same seed gives the same sequence of faults. Default 1. */
  seed?: number;
  /** `Retry-After` sent with 429 and secondary 403, in seconds. Default 1. */
  retryAfterSeconds?: number;
  /** For `primary-limit`: seconds until `x-ratelimit-reset`. Default 1. */
  resetInSeconds?: number;
}

/** A response that replaces the mock's own for one request (see `onRequest`). */
export interface MockResponse {
  status: number;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
}

export interface MockGitHubOptions {
  /** What the mock serves; seven packages of each type when not given. Read at each request. */
  packages?: Package[];
  /** When set, requests must send `Authorization: Bearer <token>` (or `token <token>`). */
  token?: string;
  /** Scopes of that token; without `read:packages` the mock answers 403. Default `["read:packages"]`. */
  scopes?: string[];
  /** Delay before each response, in milliseconds. Default 0. */
  latencyMs?: number;
  /** Called for each request before the mock answers; return a response to send it instead. */
  onRequest?: (request: MockRequest) => MockResponse | undefined | Promise<MockResponse | undefined>;
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /**
   * Which Link relations to send: `"full"` (GitHub's prev/next/last/first, the default),
   * `"next-only"` (only prev/next, to test clients that follow `next`), or `"none"`.
   */
  links?: "full" | "next-only" | "none";
  /**
   * Serialize each package to JSON once and reuse the text: much faster for large fixture sets
   * (benchmarks), but changes made inside a package object after it was served are not seen
   * (replacing the object in `packages` is). Default false.
   */
  serializeOnce?: boolean;
  /** Inject failures into some answers (5xx, resets, HTML pages, cut JSON, rate limits). */
  faults?: FaultOptions;
}

export interface MockGitHub {
  /** API root to pass as `baseUrl`, such as `http://127.0.0.1:41234`. */
  url: string;
  /** The token the mock expects, if any. */
  token: string | undefined;
  /** Every request received, in order. Clear it with `requests.length = 0`. */
  requests: MockRequest[];
  /** The packages served; replace items or push new ones between requests. */
  packages: Package[];
  /** Requests received and not yet answered or abandoned. */
  inFlight(): number;
  /** The most requests that were in flight at once since the start. */
  peakInFlight(): number;
  /** Stops the server and drops open connections. */
  close(): Promise<void>;
}

const WINDOW = 10_000;
const EMPTY = Buffer.alloc(0);
const OPEN = Buffer.from("[");
const COMMA = Buffer.from(",");
const CLOSE = Buffer.from("]");
const RATE_LIMIT = 5000;
const DOCS = "https://docs.github.com/rest/packages/packages#list-packages-for-the-authenticated-users-namespace";
const EXPOSED = [
  "ETag", "Link", "Location", "Retry-After", "X-GitHub-OTP", "X-RateLimit-Limit", "X-RateLimit-Remaining",
  "X-RateLimit-Used", "X-RateLimit-Resource", "X-RateLimit-Reset", "X-OAuth-Scopes", "X-Accepted-OAuth-Scopes",
  "X-Poll-Interval", "X-GitHub-Media-Type", "X-GitHub-SSO", "X-GitHub-Request-Id", "Deprecation", "Sunset",
].join(", ");

/**
 * Starts a mock GitHub on 127.0.0.1.
 *
 * @example
 * const mock = await startMockGitHub({ packages: makePackages(3), token: "test-token" });
 * const { data } = await listUserPackages({ package_type: "container" }, { baseUrl: mock.url, token: mock.token });
 * await mock.close();
 */
export async function startMockGitHub(options: MockGitHubOptions = {}): Promise<MockGitHub> {
  const packages = options.packages ?? defaultPackages();
  const requests: MockRequest[] = [];
  const latency = options.latencyMs ?? 0;
  const scopes = options.scopes ?? ["read:packages"];
  const resetAt = Math.floor(Date.now() / 1000) + 3600;
  let served = 0;
  let counted = 0; // requests charged to the rate limit (a 304 is free, as on GitHub)
  const random = mulberry32(options.faults?.seed ?? 1);
  const faultKinds = options.faults?.kinds ?? FAULT_KINDS;
  // Kinds are dealt from a shuffled bag, so every kind shows up once in each run of that many faults.
  let bag: FaultKind[] = [];
  const nextFaultKind = (): FaultKind => {
    if (bag.length === 0) {
      bag = [...faultKinds];
      for (let i = bag.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [bag[i], bag[j]] = [bag[j]!, bag[i]!];
      }
    }
    return bag.pop()!;
  };
  // serializeOnce: each package's JSON, encoded once; a page is then a concatenation of buffers.
  const jsonCache = new WeakMap<Package, Buffer>();
  const jsonOf = (p: Package): Buffer => {
    let bytes = jsonCache.get(p);
    if (bytes === undefined) {
      bytes = Buffer.from(JSON.stringify(p));
      jsonCache.set(p, bytes);
    }
    return bytes;
  };
  const pageBody = (slice: Package[]): Buffer => {
    const parts: Buffer[] = [OPEN];
    slice.forEach((p, i) => {
      if (i > 0) parts.push(COMMA);
      parts.push(jsonOf(p));
    });
    parts.push(CLOSE);
    return Buffer.concat(parts);
  };

  let inFlight = 0;
  let peak = 0;

  let port = 0;
  const server = createServer((req, res) => {
    inFlight++;
    if (req.method !== "OPTIONS" && inFlight > peak) peak = inFlight;
    let done = false;
    const finish = () => {
      if (!done) {
        done = true;
        inFlight--;
      }
    };
    res.on("close", finish);
    res.on("finish", finish);
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { message: `mock failure: ${String(err)}` }, {});
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const cors = { "Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": EXPOSED };
    if (req.method === "OPTIONS") {
      res.writeHead(204, {
        ...cors,
        "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
        "Access-Control-Allow-Headers":
          "Authorization, Accept, Content-Type, If-None-Match, If-Modified-Since, User-Agent, X-GitHub-Api-Version",
        "Access-Control-Max-Age": "86400",
      });
      res.end();
      return;
    }
    // Links must point back at this server as the client reached it.
    const url = new URL(req.url ?? "/", `http://${req.headers.host ?? `127.0.0.1:${port}`}`);
    const record: MockRequest = {
      method: req.method ?? "GET",
      url: req.url ?? "/",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: redactedHeaders(req),
      auth: authOf(req.headers.authorization, options.token),
      receivedAt: Date.now(),
      fault: undefined,
      status: undefined,
    };
    requests.push(record);
    res.on("finish", () => {
      record.status = res.statusCode;
    });
    served++;
    const requestId = `F00D:${served.toString(16).toUpperCase().padStart(4, "0")}`;
    const base: Record<string, string> = {
      ...cors,
      "X-GitHub-Request-Id": requestId,
      "X-GitHub-Media-Type": "github.v3; format=json",
    };

    if (latency > 0) await new Promise((r) => setTimeout(r, latency));
    if (res.destroyed) return;

    const custom = options.onRequest ? await options.onRequest(record) : undefined;
    if (custom) {
      send(res, custom.status, custom.body, { ...base, ...custom.headers });
      return;
    }

    if (record.auth === "invalid" || (options.token !== undefined && record.auth === "none")) {
      const message = record.auth === "none" ? "Requires authentication" : "Bad credentials";
      send(res, 401, errorBody(message, 401), base);
      return;
    }
    const rateHeaders = (used: number, reset = resetAt) => ({
      "X-RateLimit-Limit": String(RATE_LIMIT),
      "X-RateLimit-Remaining": String(RATE_LIMIT - used),
      "X-RateLimit-Used": String(used),
      "X-RateLimit-Reset": String(reset),
      "X-RateLimit-Resource": "core",
    });
    Object.assign(base, rateHeaders(Math.min(counted, RATE_LIMIT)));
    if (options.token !== undefined) {
      base["X-OAuth-Scopes"] = scopes.join(", ");
      base["X-Accepted-OAuth-Scopes"] = "read:packages";
      if (!scopes.includes("read:packages")) {
        send(res, 403, errorBody("This token needs the read:packages scope to list packages.", 403), base);
        return;
      }
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      send(res, 404, errorBody("Not Found", 404), base);
      return;
    }
    if (!/^(\/api\/v3)?\/user\/packages\/?$/.test(url.pathname)) {
      send(res, 404, errorBody("Not Found", 404), base);
      return;
    }
    const faults = options.faults;
    if (faults && faults.rate > 0 && random() < faults.rate) {
      const kind = nextFaultKind();
      record.fault = kind;
      injectFault(res, kind, faults, base, rateHeaders, url, req.headers["if-none-match"]);
      return;
    }
    listPackages(res, url, base, req.headers["if-none-match"]);
  }

  function injectFault(
    res: ServerResponse,
    kind: FaultKind,
    faults: FaultOptions,
    headers: Record<string, string>,
    rateHeaders: (used: number, reset?: number) => Record<string, string>,
    url: URL,
    ifNoneMatch: string | undefined,
  ): void {
    const retryAfter = String(faults.retryAfterSeconds ?? 1);
    switch (kind) {
      case "500":
      case "502":
      case "503":
      case "504":
        send(res, Number(kind), errorBody("Server Error", Number(kind)), headers);
        return;
      case "reset":
        res.socket?.destroy();
        return;
      case "html":
        send(res, 502, "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>", {
          ...headers,
          "Content-Type": "text/html; charset=utf-8",
        });
        return;
      case "truncated": {
        // A complete HTTP answer whose JSON stops halfway, as a broken proxy might send.
        const captured = captureList(url, headers, ifNoneMatch);
        const text = captured.status === 200 ? captured.text.subarray(0, Math.max(1, captured.text.length >> 1)) : "[";
        send(res, 200, text, { ...headers, "Content-Type": "application/json; charset=utf-8" });
        return;
      }
      case "429":
        send(res, 429, errorBody("You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", 429), {
          ...headers,
          "Retry-After": retryAfter,
        });
        return;
      case "secondary-403":
        send(res, 403, errorBody("You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", 403), {
          ...headers,
          "Retry-After": retryAfter,
        });
        return;
      case "primary-limit": {
        const reset = Math.floor(Date.now() / 1000) + (faults.resetInSeconds ?? 1);
        send(res, 403, errorBody("API rate limit exceeded for this user. The limit resets at the time in x-ratelimit-reset.", 403), {
          ...headers,
          ...rateHeaders(RATE_LIMIT, reset),
        });
        return;
      }
    }
  }

  function listPackages(res: ServerResponse, url: URL, headers: Record<string, string>, ifNoneMatch: string | undefined): void {
    const answer = captureList(url, headers, ifNoneMatch);
    if (answer.status !== 200) {
      send(res, answer.status, answer.status === 304 ? undefined : answer.body, answer.headers);
      return;
    }
    counted++;
    const used = Math.min(counted, RATE_LIMIT);
    answer.headers["X-RateLimit-Remaining"] = String(RATE_LIMIT - used);
    answer.headers["X-RateLimit-Used"] = String(used);
    send(res, 200, answer.text, answer.headers);
  }

  // What GitHub would answer to a listing request, without sending it.
  function captureList(
    url: URL,
    base: Record<string, string>,
    ifNoneMatch: string | undefined,
  ): { status: number; text: Buffer; body?: unknown; headers: Record<string, string> } {
    const headers = { ...base };
    const q = url.searchParams;
    const type = q.get("package_type");
    if (type === null || !(PACKAGE_TYPES as readonly string[]).includes(type)) {
      const message = type === null
        ? 'Invalid request: the "package_type" parameter is required.'
        : `Invalid request: "${type}" is not a valid package_type.`;
      return { status: 422, text: EMPTY, body: errorBody(message, 422), headers };
    }
    const visibility = q.get("visibility");
    if (visibility !== null && !(VISIBILITIES as readonly string[]).includes(visibility)) {
      return { status: 422, text: EMPTY, body: errorBody(`Invalid request: "${visibility}" is not a valid visibility.`, 422), headers };
    }
    // GitHub falls back to the defaults for values it cannot read, and caps per_page at 100.
    const perPage = Math.min(positiveInt(q.get("per_page")) ?? 30, 100);
    const page = positiveInt(q.get("page")) ?? 1;
    if (page * perPage > WINDOW) {
      const message = `Paging is limited to ${WINDOW} results: per_page times page may not exceed ${WINDOW}.`;
      return { status: 400, text: EMPTY, body: errorBody(message, 400), headers };
    }
    // `internal` means `private` for registries without granular permissions; the mock treats it so.
    const wanted = visibility === "internal" ? "private" : visibility;
    const matching = packages.filter((p) => p.package_type === type && (wanted === null || p.visibility === wanted));
    const last = Math.max(1, Math.ceil(matching.length / perPage));
    const link = options.links === "none" ? undefined : linkHeader(url, page, last, options.links !== "next-only");
    if (link) headers.Link = link;
    const slice = matching.slice((page - 1) * perPage, page * perPage);
    const text = options.serializeOnce ? pageBody(slice) : Buffer.from(JSON.stringify(slice));
    const etag = `W/"${createHash("sha1").update(text).digest("base64url")}"`;
    headers.ETag = etag;
    headers["Content-Type"] = "application/json; charset=utf-8";
    if (ifNoneMatch !== undefined && ifNoneMatch.split(",").some((t) => t.trim() === etag)) {
      return { status: 304, text: EMPTY, headers };
    }
    return { status: 200, text, headers };
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    token: options.token,
    requests,
    packages,
    inFlight: () => inFlight,
    peakInFlight: () => peak,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A small seeded generator (mulberry32): the same seed gives the same faults. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function positiveInt(raw: string | null): number | undefined {
  if (raw === null || !/^\d{1,9}$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= 1 ? n : undefined;
}

function linkHeader(url: URL, page: number, last: number, withEnds: boolean): string | undefined {
  const at = (n: number) => {
    const u = new URL(url.href);
    u.searchParams.set("page", String(n));
    return `<${u.href}>`;
  };
  const parts: string[] = [];
  if (page > 1) parts.push(`${at(Math.min(page - 1, last))}; rel="prev"`);
  if (page < last) parts.push(`${at(page + 1)}; rel="next"`);
  if (page < last && withEnds) parts.push(`${at(last)}; rel="last"`);
  if (page > 1 && withEnds) parts.push(`${at(1)}; rel="first"`);
  return parts.length ? parts.join(", ") : undefined;
}

function authOf(header: string | undefined, token: string | undefined): MockRequest["auth"] {
  if (!header) return "none";
  const match = /^(?:bearer|token) (\S+)$/i.exec(header);
  if (!match) return "invalid";
  if (token === undefined) return "valid";
  return match[1] === token ? "valid" : "invalid";
}

function redactedHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    out[key] = Array.isArray(value) ? value.join(", ") : value;
  }
  if (out.authorization) out.authorization = out.authorization.replace(/^(\S+)\s+.*$/, "$1 ***");
  return out;
}

function errorBody(message: string, status: number) {
  return { message, documentation_url: DOCS, status: String(status) };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  if (res.destroyed) return;
  const text = body === undefined ? "" : typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const hasType = Object.keys(headers).some((k) => k.toLowerCase() === "content-type");
  res.writeHead(status, {
    ...(body === undefined || typeof body === "string" || Buffer.isBuffer(body) || hasType ? {} : { "Content-Type": "application/json; charset=utf-8" }),
    ...headers,
    "Content-Length": String(Buffer.byteLength(text)),
  });
  res.end(res.req.method === "HEAD" ? undefined : text);
}
