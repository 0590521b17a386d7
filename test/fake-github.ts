// GitHub's listing answers as an injected `fetch`, from the mock's own pure functions, for tests
// that need thousands of listings: no sockets, and every answer can be held back and released in
// an order a test decides (fast-check's scheduler), or replaced by a transient fault.
import { cachedPageWriter, listingAnswer } from "../src/mock/listing.js";
import { ownedBy, routeOf } from "../src/mock/routes.js";
import type { Clock, Package } from "../src/index.js";

/** A transient fault the retry policy absorbs. */
export type TransientFault = "500" | "503" | "429" | "reset";

/** Whose packages the fake lists. */
export interface FakeSets {
  user: Package[];
  orgs?: Record<string, Package[]>;
  users?: Record<string, Package[]>;
}

export interface FakeGitHubOptions {
  sets: FakeSets;
  /** Holds each answer back until the test releases it (default: answers at once). */
  schedule?: <T>(answer: Promise<T>) => Promise<T>;
  /** The fault of the n-th request, if any. */
  faultOf?: (n: number) => TransientFault | undefined;
  /** At most this many faults for one URL, so the retry policy always gets through. */
  faultsPerUrl?: number;
  /** Rewrites an answer before it is sent (a listing that changes while it is read). */
  rewrite?: (url: URL, answer: { body: Package[]; link: string | null }) => { body: Package[]; link: string | null };
}

export interface FakeGitHub {
  fetch: (input: Request) => Promise<Response>;
  /** Every URL asked for, in order. */
  urls: string[];
  inFlight: number;
  peakInFlight: number;
}

const write = cachedPageWriter();
const decoder = new TextDecoder();

function listed(sets: FakeSets, url: URL): Package[] | undefined {
  const route = routeOf("GET", url.pathname);
  if (!route) return undefined;
  if (route.kind === "user") return sets.user;
  return ownedBy(route.kind === "org" ? sets.orgs : sets.users, route.login);
}

function faultResponse(fault: Exclude<TransientFault, "reset">): Response {
  const headers = { "Content-Type": "application/json; charset=utf-8", ...(fault === "429" && { "Retry-After": "1" }) };
  const message = fault === "429" ? "You have exceeded a secondary rate limit." : "Server Error";
  return new Response(JSON.stringify({ message, status: fault }), { status: Number(fault), headers });
}

function answerOf(options: FakeGitHubOptions, url: URL, ifNoneMatch: string | null): Response {
  const packages = listed(options.sets, url);
  if (!packages) return new Response(JSON.stringify({ message: "Not Found", status: "404" }), { status: 404 });
  const answer = listingAnswer(url, ifNoneMatch ?? undefined, packages, { links: "full", headers: {}, write });
  const raw = answer.body;
  const text = raw === undefined ? null : typeof raw === "string" ? raw : raw instanceof Uint8Array ? decoder.decode(raw) : JSON.stringify(raw);
  if (!options.rewrite || answer.status !== 200 || text === null) return new Response(text, { status: answer.status, headers: answer.headers });
  const given = { body: JSON.parse(text) as Package[], link: answer.headers.Link ?? null };
  const { body, link } = options.rewrite(url, given);
  const headers = { ...answer.headers, ...(link === null ? {} : { Link: link }) };
  if (link === null) delete headers.Link;
  return new Response(JSON.stringify(body), { status: 200, headers });
}

/** A fake GitHub behind an injected `fetch`. */
export function fakeGitHub(options: FakeGitHubOptions): FakeGitHub {
  const schedule = options.schedule ?? (<T>(answer: Promise<T>) => answer);
  const faultsOf = new Map<string, number>();
  const fake: FakeGitHub = { urls: [], inFlight: 0, peakInFlight: 0, fetch };
  async function fetch(request: Request): Promise<Response> {
    const n = fake.urls.push(request.url) - 1;
    fake.peakInFlight = Math.max(fake.peakInFlight, ++fake.inFlight);
    try {
      const url = new URL(request.url);
      const faults = faultsOf.get(url.href) ?? 0;
      const fault = faults < (options.faultsPerUrl ?? 2) ? options.faultOf?.(n) : undefined;
      if (fault) faultsOf.set(url.href, faults + 1);
      await schedule(Promise.resolve());
      if (fault === "reset") throw new TypeError("fetch failed", { cause: new Error("ECONNRESET") });
      return fault ? faultResponse(fault) : answerOf(options, url, request.headers.get("if-none-match"));
    } finally {
      fake.inFlight--;
    }
  }
  return fake;
}

/** A clock whose time moves only by the waits asked of it; each wait is released like an answer. */
export function steppingClock(schedule?: <T>(answer: Promise<T>) => Promise<T>): Clock {
  let now = Date.UTC(2026, 0, 1);
  return {
    now: () => now,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      now += ms;
      await (schedule ? schedule(Promise.resolve()) : new Promise<void>((resolve) => setImmediate(resolve)));
      signal?.throwIfAborted();
    },
  };
}
