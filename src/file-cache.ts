// An on-disk store for the client's cache (Node only), from `gh-user-packages/file-cache`: the
// CLI's, and any app's. Entries live under $XDG_CACHE_HOME/gh-user-packages (else the platform's
// cache directory), one file per page, 0600 in a 0700 directory. A file's name is a digest of the
// client's key (itself a digest of the credential, and the URL), and it holds the page's ETag,
// Link header and body: no token. Files are written whole, to a temporary name and then renamed,
// so processes writing at once never leave a broken entry; one that is corrupt, foreign or too
// large reads as no entry. The directory is kept under a size bound, oldest files first. The
// client bounds every call (by the attempt's timeout) and goes on without the store when one
// fails.
import { createHash, randomBytes } from "node:crypto";
import { chmod, mkdir, open, readdir, readFile, rename, stat, unlink } from "node:fs/promises";
import { homedir } from "node:os";
import { isAbsolute, join } from "node:path";
import type { CacheEntry, CacheStore } from "./core/policies/cache.js";

/** The directory's name under the cache root. */
const NAME = "gh-user-packages";
const VERSION = 1;
/** 64 MiB: a 10,000-package listing of one type takes about a third of it. */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
const ENTRY = /^[\da-f]{64}\.json$/;
const TEMPORARY = /^\.[\da-f]{64}\.\d+\.[\da-f]+\.tmp$/;
// A temporary file this old was left by a process that stopped mid-write.
const STALE_MS = 10 * 60_000;

export interface FileCacheOptions {
  /** Where the files go; default {@link defaultCacheDirectory}. */
  directory?: string | undefined;
  /** The most bytes the files may take together (default 64 MiB); the oldest go first. */
  maxBytes?: number | undefined;
  /** Milliseconds since the epoch, to tell a temporary file left behind (default `Date.now`). */
  now?: (() => number) | undefined;
}

/**
 * `$XDG_CACHE_HOME/gh-user-packages` when that is an absolute path, else the platform's cache
 * directory (`~/Library/Caches` on macOS, `%LOCALAPPDATA%` on Windows, `~/.cache` elsewhere);
 * undefined when there is no home to put it in.
 */
export function defaultCacheDirectory(env: Record<string, string | undefined> = process.env, home: string = safeHomedir(), platform: string = process.platform): string | undefined {
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, NAME);
  if (platform === "win32" && env.LOCALAPPDATA && isAbsolute(env.LOCALAPPDATA)) return join(env.LOCALAPPDATA, NAME, "Cache");
  if (!home || !isAbsolute(home)) return undefined;
  return platform === "darwin" ? join(home, "Library", "Caches", NAME) : join(home, ".cache", NAME);
}

function safeHomedir(): string {
  try {
    return homedir();
  } catch {
    return "";
  }
}

const digest = (text: string) => createHash("sha256").update(text).digest("hex");

/** The entry in a file's text, when it is one of ours for `keyDigest`; else undefined. */
export function entryIn(text: string, keyDigest: string): CacheEntry | undefined {
  try {
    const found = JSON.parse(text) as Record<string, unknown> | null;
    if (found === null || typeof found !== "object" || found.v !== VERSION || found.key !== keyDigest) return undefined;
    const { etag, body, link } = found;
    if (typeof etag !== "string" || typeof body !== "string" || (link !== null && typeof link !== "string")) return undefined;
    return { etag, body, link };
  } catch {
    return undefined;
  }
}

/** Which files go so that the rest fit `maxBytes`: the oldest first. */
export function toEvict(files: readonly { name: string; size: number; mtimeMs: number }[], maxBytes: number): string[] {
  let total = files.reduce((sum, f) => sum + f.size, 0);
  const out: string[] = [];
  for (const f of [...files].sort((a, b) => a.mtimeMs - b.mtimeMs || a.name.localeCompare(b.name))) {
    if (total <= maxBytes) break;
    out.push(f.name);
    total -= f.size;
  }
  return out;
}

const ignore = () => undefined;

/** Pages on disk, for `cache: new FileCache()`. */
export class FileCache implements CacheStore {
  /** Where the files are; undefined when there is no cache directory (then nothing is kept). */
  readonly directory: string | undefined;
  private readonly maxBytes: number;
  private readonly now: () => number;
  private ready: Promise<string | undefined> | undefined;
  // What the files take, as far as this instance knows: undefined until the directory is measured.
  private bytes: number | undefined;

  constructor(options: FileCacheOptions = {}) {
    this.directory = options.directory ?? defaultCacheDirectory();
    const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
    if (!Number.isSafeInteger(max) || max < 1) throw new RangeError("FileCache: maxBytes must be a whole number of at least 1");
    this.maxBytes = max;
    this.now = options.now ?? Date.now;
  }

  async get(key: string): Promise<CacheEntry | undefined> {
    if (this.directory === undefined) return undefined;
    const name = digest(key);
    const file = join(this.directory, `${name}.json`);
    const info = await stat(file).catch(ignore);
    if (!info?.isFile() || info.size > this.maxBytes) return undefined;
    const text = await readFile(file, "utf8").catch(ignore);
    return text === undefined ? undefined : entryIn(text, digest(`key:${key}`));
  }

  async set(key: string, entry: CacheEntry): Promise<void> {
    const directory = await this.ensureDirectory();
    if (directory === undefined) return;
    const name = digest(key);
    const text = JSON.stringify({ v: VERSION, key: digest(`key:${key}`), etag: entry.etag, link: entry.link, body: entry.body });
    const size = Buffer.byteLength(text);
    if (size > this.maxBytes) return;
    const temporary = join(directory, `.${name}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
    try {
      const handle = await open(temporary, "wx", 0o600);
      try {
        await handle.writeFile(text);
      } finally {
        await handle.close();
      }
      await rename(temporary, join(directory, `${name}.json`));
    } catch (err) {
      await unlink(temporary).catch(ignore);
      throw err;
    }
    this.bytes = this.bytes === undefined ? undefined : this.bytes + size;
    if (this.bytes === undefined || this.bytes > this.maxBytes) await this.evict(directory);
  }

  /** The directory, made 0700 when it is not (once per instance); undefined when it cannot be made. */
  private ensureDirectory(): Promise<string | undefined> {
    const { directory } = this;
    if (directory === undefined) return Promise.resolve(undefined);
    this.ready ??= (async () => {
      await mkdir(directory, { recursive: true, mode: 0o700 });
      const info = await stat(directory);
      if ((info.mode & 0o077) !== 0) await chmod(directory, 0o700);
      return directory;
    })().catch(() => {
      this.ready = undefined; // tried again by the next call
      return undefined;
    });
    return this.ready;
  }

  /** Measures the directory and removes the oldest files past the bound, and temporary files left behind. */
  private async evict(directory: string): Promise<void> {
    const names = await readdir(directory).catch((): string[] => []);
    const now = this.now();
    const files: { name: string; size: number; mtimeMs: number }[] = [];
    for (const name of names) {
      if (!ENTRY.test(name) && !TEMPORARY.test(name)) continue;
      const info = await stat(join(directory, name)).catch(ignore);
      if (!info?.isFile()) continue;
      if (TEMPORARY.test(name)) {
        if (now - info.mtimeMs > STALE_MS) await unlink(join(directory, name)).catch(ignore);
        continue;
      }
      files.push({ name, size: info.size, mtimeMs: info.mtimeMs });
    }
    const gone = new Set(toEvict(files, this.maxBytes));
    for (const name of gone) await unlink(join(directory, name)).catch(ignore);
    this.bytes = files.filter((f) => !gone.has(f.name)).reduce((sum, f) => sum + f.size, 0);
  }
}
