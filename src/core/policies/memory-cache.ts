// The in-memory store, imported by apps that want one: `cache: new MemoryCache()`.
import type { CacheEntry, CacheStore } from "./cache.js";

/** A small in-memory LRU store for `cache`. */
export class MemoryCache implements CacheStore {
  private readonly entries = new Map<string, CacheEntry>();

  /** @param maxEntries how many pages to keep before the least recently used goes. Default 500. */
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
    const oldest = entries.size > this.maxEntries ? entries.keys().next() : undefined;
    if (oldest && !oldest.done) entries.delete(oldest.value);
  }

  /** Entries held. */
  get size(): number {
    return this.entries.size;
  }
}
