// Conditional requests: each page's ETag and body are kept, the next request for the same page
// sends If-None-Match, and a 304 (which GitHub does not count against the rate limit) serves the
// kept body. The store is the app's: a store that fails, hangs past the attempt's timeout or hands
// back something unusable is bypassed, and the request goes out as if there were none.
import { within, type Clock } from "../request/clock.js";

/** What is kept for one page. Plain data, so a store may serialize it. */
export interface CacheEntry {
  etag: string;
  /** The body as GitHub sent it (JSON text). */
  body: string;
  /** The page's `Link` header, when it had one (a 304 may not repeat it). */
  link: string | null;
}

/**
 * Where entries live. `get` and `set` may return promises (for Redis, a file, ...). Keys never
 * hold the token: they name the request URL and a one-way digest of the credentials.
 */
export interface CacheStore {
  get(key: string): CacheEntry | undefined | Promise<CacheEntry | undefined>;
  set(key: string, entry: CacheEntry): void | Promise<void>;
}

/** A short one-way digest of the credential, so entries of different tokens never mix. */
async function credentialTag(credential: string | undefined): Promise<string> {
  if (credential === undefined) return "anonymous";
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`gh-user-packages:${credential}`));
  return Array.from(new Uint8Array(digest, 0, 8), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** What bounds a store call: the attempt's time limit on the client's clock; and the client's credential. */
interface StoreBounds {
  clock: Clock;
  timeoutMs: number;
  credential: string | undefined;
}

/**
 * Runs one store call, settling with `undefined` when it throws or outlives `timeoutMs`, and
 * rejecting with the caller's reason as soon as `signal` aborts.
 */
async function bounded<T>(call: () => T | Promise<T>, bounds: StoreBounds, signal: AbortSignal | undefined): Promise<T | undefined> {
  try {
    return await within(bounds.clock, bounds.timeoutMs, signal, () => undefined, call);
  } catch {
    signal?.throwIfAborted();
    return undefined;
  }
}

// An ETag goes back in If-None-Match: one with a line break would break the request.
const HEADER_SAFE = /^[\x20-\x7e\x80-\xff]+$/;

/** A plain copy of what the store handed back, or `undefined` when it is not a usable entry. */
function usable(found: unknown): CacheEntry | undefined {
  try {
    const { etag, body, link } = (found ?? {}) as Partial<Record<keyof CacheEntry, unknown>>;
    if (typeof etag !== "string" || !HEADER_SAFE.test(etag) || typeof body !== "string") return undefined;
    return { etag, body, link: typeof link === "string" ? link : null };
  } catch {
    return undefined; // a getter that throws
  }
}

/** The cache step of a client: finds and keeps entries by request URL, never failing or hanging a request. */
export type CacheStep = ReturnType<typeof cacheStep>;

/** The cache step over `store`, bounded like the client's attempts. */
export function cacheStep(store: CacheStore, bounds: StoreBounds) {
  let tag: Promise<string> | undefined;
  return {
    /** The kept entry for `url` sent with `credential`, and its key; no entry when there is none or the store failed. */
    async lookup(url: string, credential: string | undefined, signal: AbortSignal | undefined) {
      // The client's own credential is digested once; a call's own Authorization each time.
      const digest = credential === bounds.credential ? (tag ??= credentialTag(credential)) : credentialTag(credential);
      const key = `${await digest} GET ${url}`;
      return { key, entry: usable(await bounded(() => store.get(key), bounds, signal)) };
    },
    /** Keeps `entry` under `key`; a failing or hanging store is let be. */
    async keep(key: string, entry: CacheEntry, signal: AbortSignal | undefined): Promise<void> {
      await bounded(() => store.set(key, entry), bounds, signal);
    },
  };
}
