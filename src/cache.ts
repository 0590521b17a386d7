// Conditional requests: each page's ETag and body are kept, the next request for the same page
// sends If-None-Match, and a 304 (which GitHub does not count against the rate limit) serves the
// kept body.

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

/** A small in-memory LRU store, used for `cache: true`. */
export class MemoryCache implements CacheStore {
  private readonly entries = new Map<string, CacheEntry>();

  constructor(private readonly maxEntries = 500) {}

  get(key: string): CacheEntry | undefined {
    const entry = this.entries.get(key);
    if (entry) this.set(key, entry); // re-inserted: now the most recently used
    return entry;
  }

  set(key: string, entry: CacheEntry): void {
    const { entries } = this;
    entries.delete(key);
    entries.set(key, entry);
    // One entry in, so at most one (the least recently used) out.
    if (entries.size > this.maxEntries) entries.delete(entries.keys().next().value!);
  }

  /** Entries held. */
  get size(): number {
    return this.entries.size;
  }
}

/** A short one-way digest of the token, so entries of different tokens never mix. */
export async function credentialTag(token: string | undefined): Promise<string> {
  if (token === undefined) return "anonymous";
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`gh-user-packages:${token}`));
  return Array.from(new Uint8Array(digest, 0, 8), (b) => b.toString(16).padStart(2, "0")).join("");
}
