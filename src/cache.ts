// Conditional requests: each page's ETag and body are kept, the next request for the same page
// sends If-None-Match, and a 304 (which GitHub does not count against the rate limit) serves the
// kept body. A store that fails is bypassed: the request goes out as if there were none.
import type { Package } from "./types.js";

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

/** A short one-way digest of the token, so entries of different tokens never mix. */
export async function credentialTag(token: string | undefined): Promise<string> {
  if (token === undefined) return "anonymous";
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`gh-user-packages:${token}`));
  return Array.from(new Uint8Array(digest, 0, 8), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The cache step of a client: finds and keeps entries by request URL, never failing a request. */
export interface CacheStep {
  /** The kept entry for `url` and its key, or nothing when there is none or the store failed. */
  lookup(url: string): Promise<{ key: string; entry: CacheEntry | undefined }>;
  /** Keeps `entry` under `key`; a failing store is ignored. */
  keep(key: string, entry: CacheEntry): Promise<void>;
}

/** The cache step over `store` for requests made with `token`. */
export function cacheStep(store: CacheStore, token: string | undefined): CacheStep {
  let tag: Promise<string> | undefined;
  const quietly = <T>(use: () => T | Promise<T>) => Promise.resolve().then(use).catch(() => undefined);
  return {
    async lookup(url) {
      const key = `${await (tag ??= credentialTag(token))} GET ${url}`;
      return { key, entry: await quietly(() => store.get(key)) };
    },
    async keep(key, entry) {
      await quietly(() => store.set(key, entry));
    },
  };
}

/** The packages text of a kept entry, or `undefined` when the store handed back something unusable. */
export function keptPackages(entry: CacheEntry): Package[] | undefined {
  try {
    const data: unknown = JSON.parse(entry.body);
    // It was a 2xx body of this very request when it was kept.
    return Array.isArray(data) ? (data as Package[]) : undefined;
  } catch {
    return undefined;
  }
}
