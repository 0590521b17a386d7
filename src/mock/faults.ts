// Injected failures: which request fails (seeded, so a run can be repeated) and what it gets.
// Both are pure: the dealer is a seeded generator, the answer a function of its inputs.
import { isBytes } from "./bytes.js";
import { errorBody, jsonHeaders } from "./listing.js";
import type { Answer, FaultKind, FaultOptions } from "./types.js";

/** Every fault kind, in a fixed order. */
export const FAULT_KINDS: readonly FaultKind[] = [
  "500", "502", "503", "504", "reset", "html", "truncated", "429", "secondary-403", "primary-limit",
];

const SECONDARY = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.";
const PRIMARY = "API rate limit exceeded for this user. The limit resets at the time in x-ratelimit-reset.";

/** A small seeded generator (mulberry32): the same seed gives the same faults. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Decides, request by request, whether to fail and how. Kinds are dealt from a shuffled bag, so
 * every kind shows up once in each run of that many faults.
 */
export function faultDealer(faults: FaultOptions | undefined): () => FaultKind | undefined {
  const random = mulberry32(faults?.seed ?? 1);
  const kinds = faults?.kinds ?? FAULT_KINDS;
  let bag: FaultKind[] = [];
  return () => {
    if (!faults || faults.rate <= 0 || random() >= faults.rate) return undefined;
    if (bag.length === 0) {
      bag = [...kinds];
      for (let i = bag.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [bag[i], bag[j]] = [bag[j] as FaultKind, bag[i] as FaultKind];
      }
    }
    return bag.pop();
  };
}

/** What the inputs of a fault answer are. */
export interface FaultContext {
  faults: FaultOptions;
  /** The headers every answer carries. */
  headers: Record<string, string>;
  /** The listing's own answer (for a cut-short body). */
  listing: () => Answer;
  /** Rate-limit headers as if `used` requests were spent, resetting at `reset` (seconds). */
  rateHeaders: (used: number, reset: number) => Record<string, string>;
  /** The limit of the mock's rate limit. */
  limit: number;
  /** Now, in milliseconds. */
  now: number;
}

/** The answer for an injected fault. */
export function faultAnswer(kind: FaultKind, ctx: FaultContext): Answer {
  const { faults, headers } = ctx;
  const retryAfter = { "Retry-After": String(faults.retryAfterSeconds ?? 1) };
  switch (kind) {
    case "500":
    case "502":
    case "503":
    case "504":
      return { status: Number(kind), headers, body: errorBody("Server Error", Number(kind)) };
    case "reset":
      return { status: 0, headers, reset: true };
    case "html":
      return {
        status: 502,
        headers: { ...headers, "Content-Type": "text/html; charset=utf-8" },
        body: "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>",
      };
    case "truncated":
      return truncated(ctx);
    case "429":
    case "secondary-403":
      return { status: kind === "429" ? 429 : 403, headers: { ...headers, ...retryAfter }, body: errorBody(SECONDARY, kind === "429" ? 429 : 403) };
    case "primary-limit": {
      const reset = Math.floor(ctx.now / 1000) + (faults.resetInSeconds ?? 1);
      return { status: 403, headers: { ...headers, ...ctx.rateHeaders(ctx.limit, reset) }, body: errorBody(PRIMARY, 403) };
    }
  }
}

// A complete HTTP answer whose JSON stops halfway, as a broken proxy might send.
function truncated(ctx: FaultContext): Answer {
  const listed = ctx.listing();
  const text = listed.status === 200 && isBytes(listed.body) ? listed.body.subarray(0, Math.max(1, listed.body.length >> 1)) : "[";
  return { status: 200, headers: { ...ctx.headers, ...jsonHeaders }, body: text };
}
