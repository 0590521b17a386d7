// The mock's public types: what it records of each request, what it can be told to do.
import type { Package } from "../core/types.js";

/** One request the mock received (CORS preflights are not recorded). */
export interface MockRequest {
  method: string;
  /** Path and query as sent, such as `/user/packages?package_type=npm` (credentials in it masked). */
  url: string;
  /** Path without the query. */
  path: string;
  /** Query parameters (the last value wins when one is repeated). */
  query: Record<string, string>;
  /**
   * Request headers, lower-cased, with every credential replaced by `***`: a header whose name is
   * a credential name (`authorization`, `cookie`, `x-api-key`, `x-github-pat`, ...) keeps only its
   * scheme word (`Bearer ***`) or nothing (`***`), and the mock's token and every credential of the
   * request (or any 8-character piece of one) are masked in every other header, the path and the query.
   */
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
  /**
   * The packages of the token's user (`GET /user/packages`); seven of each type when not given.
   * Read at each request.
   */
  packages?: Package[];
  /** Each organization's packages (`GET /orgs/{org}/packages`), by login. Others answer 404. */
  orgs?: Record<string, Package[]>;
  /**
   * Each other user's packages (`GET /users/{username}/packages`), by login; only the public ones
   * are listed. The token's own user (`login`) is served `packages`, private ones included.
   */
  users?: Record<string, Package[]>;
  /** The login of the token's user. Default `mona-fixture`, the owner of the fixtures. */
  login?: string;
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
  /**
   * How many requests `requests` keeps: the newest 1,000 by default, so a long-running mock does
   * not grow without bound. `Infinity` keeps every one; 0 keeps none.
   */
  logLimit?: number;
}

export interface MockGitHub {
  /** API root to pass as `baseUrl`, such as `http://127.0.0.1:41234`. */
  url: string;
  /** The token the mock expects, if any. */
  token: string | undefined;
  /** The requests received, in order: the newest `logLimit` (1,000 by default). Clear it with `requests.length = 0`. */
  requests: MockRequest[];
  /** The packages served; replace items or push new ones between requests. */
  packages: Package[];
  /** Requests received and not yet answered or abandoned. */
  inFlight(): number;
  /** The most requests that were in flight at once since the start. */
  peakInFlight(): number;
  /**
   * Stops the server: drops open connections and ends every timer it started (pending latency),
   * so the process can exit at once.
   */
  close(): Promise<void>;
}

/** What the mock sends for one request: a pure description, written out by the server. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  /** Bytes (a Uint8Array) or a string are sent as is; anything else as JSON; `undefined` sends no body. */
  body?: unknown;
  /** Cut the connection instead of answering. */
  reset?: true;
}
