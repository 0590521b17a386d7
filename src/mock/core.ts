// The mock GitHub without its transport: what it keeps between requests (the packages, the
// bounded request log, the rate-limit count, the fault dealer) and what it answers, from the pure
// functions in routes, listing and faults. The node:http server and the MSW handlers both serve it,
// so they answer alike. No Node built-ins: it runs in browsers too.
import { faultAnswer, faultDealer } from "./faults.js";
import { DEFAULT_LOGIN } from "./fixtures.js";
import { cachedPageWriter, errorBody, listingAnswer, writePage, type PageWriter } from "./listing.js";
import { defaultPackages } from "./realistic.js";
import { redactedHeaders, redactedPath, redactedQuery, redactedUrl, requestSecrets } from "./redact.js";
import { authAnswer, authOf, notFound, ownedBy, routeOf, scopeAnswer, type Route } from "./routes.js";
import type { Answer, FaultKind, MockGitHubOptions, MockRequest } from "./types.js";
import type { Package } from "../core/types.js";

const RATE_LIMIT = 5000;
/** How many requests the log keeps by default (the newest). */
export const DEFAULT_LOG_LIMIT = 1000;
const EXPOSED = [
  "ETag", "Link", "Location", "Retry-After", "X-GitHub-OTP", "X-RateLimit-Limit", "X-RateLimit-Remaining",
  "X-RateLimit-Used", "X-RateLimit-Resource", "X-RateLimit-Reset", "X-OAuth-Scopes", "X-Accepted-OAuth-Scopes",
  "X-Poll-Interval", "X-GitHub-Media-Type", "X-GitHub-SSO", "X-GitHub-Request-Id", "Deprecation", "Sunset",
].join(", ");
const CORS = { "Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": EXPOSED };

/** GitHub's answer to a CORS preflight. */
export const PREFLIGHT: Answer = {
  status: 204,
  headers: {
    ...CORS,
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Authorization, Accept, Content-Type, If-None-Match, If-Modified-Since, User-Agent, X-GitHub-Api-Version",
    "Access-Control-Max-Age": "86400",
  },
};

/** The options that decide the answers, whatever serves them. */
export type MockAnswerOptions = Omit<MockGitHubOptions, "latencyMs" | "port">;

/** One request, as the transport received it. */
export interface MockInput {
  method: string;
  /** The URL as the client reached it: Link headers point back at it. */
  url: URL;
  /** Path and query as sent. */
  target: string;
  /** The path to route, below the API root (GHES's `/api/v3` may stay: routes accept it). */
  routePath: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A received request: its (redacted) record, and the headers every answer to it carries. */
export interface Received {
  record: MockRequest;
  base: Record<string, string>;
  input: MockInput;
}

export interface MockCore {
  packages: Package[];
  /** The newest requests, at most `logLimit` of them. */
  requests: MockRequest[];
  /** Records a request in the log. */
  receive(input: MockInput): Received;
  /** What GitHub answers to it. */
  answer(received: Received): Answer;
}

const rateHeaders = (used: number, reset: number) => ({
  "X-RateLimit-Limit": String(RATE_LIMIT),
  "X-RateLimit-Remaining": String(RATE_LIMIT - used),
  "X-RateLimit-Used": String(used),
  "X-RateLimit-Reset": String(reset),
  "X-RateLimit-Resource": "core",
});

/** GitHub's 400 for a request it cannot read (an invalid Host, a target that is not a path). */
export const badRequest = (headers: Record<string, string>): Answer => ({ status: 400, headers, body: errorBody("Bad Request", 400) });

/** Appends to the log, dropping the oldest past `limit`. */
export function logBounded<T>(log: T[], item: T, limit: number): void {
  log.push(item);
  if (log.length > limit) log.splice(0, log.length - limit);
}

/** A header's value, whatever its case; the first of a repeated one. */
export function headerOf(headers: MockInput["headers"], name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The packages a route lists, or `undefined` (a 404) for an unknown owner. Another user's listing
 * shows their public packages only.
 */
function packagesFor(options: MockAnswerOptions, mine: Package[], route: Route | undefined): Package[] | undefined {
  if (!route) return undefined;
  if (route.kind === "user") return mine;
  const { orgs, users, login = DEFAULT_LOGIN } = options;
  if (route.kind === "org") return ownedBy(orgs, route.login);
  if (route.login.toLowerCase() === login.toLowerCase()) return ownedBy(users, route.login) ?? mine;
  return ownedBy(users, route.login)?.filter((p) => p.visibility === "public");
}

/** What one mock keeps between requests. */
interface CoreState {
  options: MockAnswerOptions;
  packages: Package[];
  write: PageWriter;
  dealFault: () => FaultKind | undefined;
  now: () => number;
  /** The reset of the rate-limit window, in seconds. */
  resetAt: number;
  served: number;
  /** Requests charged to the rate limit (a 304 is free, as on GitHub). */
  counted: number;
}

function answerOf(state: CoreState, { record, base, input }: Received): Answer {
  const { options } = state;
  const refused = authAnswer(record, options.token, base);
  if (refused) return refused;
  const headers = { ...base, ...rateHeaders(Math.min(state.counted, RATE_LIMIT), state.resetAt) };
  const denied = scopeAnswer(options.token, options.scopes ?? ["read:packages"], headers);
  if (denied) return denied;
  const listed = packagesFor(options, state.packages, routeOf(input.method, input.routePath));
  if (!listed) return notFound(headers);
  const ifNoneMatch = headerOf(input.headers, "if-none-match");
  const listing = () => listingAnswer(input.url, ifNoneMatch, listed, { links: options.links ?? "full", headers, write: state.write });
  record.fault = state.dealFault();
  if (options.faults && record.fault) {
    return faultAnswer(record.fault, { faults: options.faults, headers, listing, rateHeaders, limit: RATE_LIMIT, now: state.now() });
  }
  const answer = listing();
  if (answer.status === 200) {
    const used = Math.min(++state.counted, RATE_LIMIT);
    Object.assign(answer.headers, rateHeaders(used, state.resetAt));
  }
  return answer;
}

function recordOf(input: MockInput, token: string | undefined, now: number): MockRequest {
  const authorization = headerOf(input.headers, "authorization");
  // Every credential the request carries, known by name as the door knows them, and the mock's token.
  const secrets = requestSecrets(input.headers, input.url.searchParams, token);
  return {
    method: input.method,
    url: redactedUrl(input.target, secrets),
    path: redactedPath(input.url.pathname, secrets),
    query: redactedQuery(input.url.searchParams, secrets),
    headers: redactedHeaders(input.headers, secrets),
    auth: authOf(authorization, token),
    receivedAt: now,
    fault: undefined,
    status: undefined,
  };
}

/** A mock GitHub's state and answers; `now` is its clock (milliseconds). */
export function createMockCore(options: MockAnswerOptions, now: () => number = Date.now): MockCore {
  const state: CoreState = {
    options,
    packages: options.packages ?? defaultPackages(),
    write: options.serializeOnce ? cachedPageWriter() : writePage,
    dealFault: faultDealer(options.faults),
    now,
    resetAt: Math.floor(now() / 1000) + 3600,
    served: 0,
    counted: 0,
  };
  const requests: MockRequest[] = [];
  const limit = options.logLimit ?? DEFAULT_LOG_LIMIT;
  return {
    packages: state.packages,
    requests,
    receive(input) {
      const record = recordOf(input, options.token, now());
      logBounded(requests, record, limit);
      const requestId = `F00D:${(++state.served).toString(16).toUpperCase().padStart(4, "0")}`;
      return { record, input, base: { ...CORS, "X-GitHub-Request-Id": requestId, "X-GitHub-Media-Type": "github.v3; format=json" } };
    },
    answer: (received) => answerOf(state, received),
  };
}
