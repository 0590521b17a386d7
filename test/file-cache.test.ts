// The on-disk ETag cache: FileCache on its own, and the CLI with it (on by default, --no-cache to
// skip it). Real files in a temporary directory; the CLI in-process and, for two processes at
// once, the built CLI spawned.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultCacheDirectory, entryIn, FileCache, toEvict } from "../src/file-cache.js";
import { holdsSecret } from "../src/core/door/secrets.js";
import { makePackages, startMockGitHub, type MockGitHub } from "../src/testing.js";
import { runCli } from "./run-cli.js";

const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const TOKEN = "ghp_fileCacheSuiteToken0123456789abcdef";
const OTHER = "ghp_anotherUsersToken9876543210fedcba";
let mock: MockGitHub;
let root: string;
let home: string;

beforeAll(async () => {
  mock = await startMockGitHub({ token: TOKEN, packages: makePackages(240, { package_type: "container" }) });
  root = mkdtempSync(join(tmpdir(), "file-cache-"));
});
afterAll(async () => {
  await mock.close();
  rmSync(root, { recursive: true, force: true });
});
beforeEach(() => {
  home = mkdtempSync(join(root, "xdg-"));
  mock.requests.length = 0;
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const dirOf = () => join(home, "gh-user-packages");
const LIST = ["list", "--type", "container", "--all", "--per-page", "50", "--format", "ndjson"];
const list = (env: Record<string, string> = {}, extra: string[] = []) => runCli([...LIST, ...extra, "--base-url", mock.url], { GH_TOKEN: TOKEN, XDG_CACHE_HOME: home, ...env });
/** The file FileCache keeps `key` in. */
const fileOf = (key: string) => `${createHash("sha256").update(key).digest("hex")}.json`;
const statuses = () => mock.requests.map((r) => r.status);

/** The mock's rate-limit count, read from x-ratelimit-used (this probe costs one point). */
async function pointsUsed(): Promise<number> {
  const res = await fetch(`${mock.url}/user/packages?package_type=npm`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  await res.arrayBuffer();
  return Number(res.headers.get("x-ratelimit-used"));
}

describe("the CLI's disk cache", () => {
  it("a second list --all of an unchanged listing is all 304s: zero rate-limit points, the same output", async () => {
    const first = await list();
    expect(first.code).toBe(0);
    expect(statuses()).toEqual([200, 200, 200, 200, 200]);
    mock.requests.length = 0;
    const before = await pointsUsed();
    mock.requests.length = 0;
    const second = await list();
    const after = await pointsUsed();
    expect(second).toEqual(first);
    expect(mock.requests.slice(0, -1).map((r) => [r.status, typeof r.headers["if-none-match"]])).toEqual(Array(5).fill([304, "string"]));
    expect(after - before).toBe(1); // the probe's own point: the listing cost none
  });

  it("another token never gets the first token's pages: it sends no If-None-Match, and is refused", async () => {
    expect((await list()).code).toBe(0);
    mock.requests.length = 0;
    const other = await list({ GH_TOKEN: OTHER });
    expect(other.code).toBe(1);
    expect(other.stdout).toBe("");
    expect(mock.requests.map((r) => [r.status, r.headers["if-none-match"]])).toEqual([[401, undefined]]);
  });

  it("--no-cache neither reads nor writes it", async () => {
    expect((await list()).code).toBe(0);
    const files = readdirSync(dirOf()).sort();
    mock.requests.length = 0;
    expect((await list({}, ["--no-cache"])).code).toBe(0);
    expect(statuses()).toEqual([200, 200, 200, 200, 200]);
    expect(mock.requests.every((r) => r.headers["if-none-match"] === undefined)).toBe(true);
    expect(readdirSync(dirOf()).sort()).toEqual(files);
    rmSync(dirOf(), { recursive: true });
    expect((await list({}, ["--no-cache"])).code).toBe(0);
    expect(existsSync(dirOf())).toBe(false);
  });

  it("files are 0600 in a 0700 directory, named by digests, and hold no piece of the token", async () => {
    expect((await list()).code).toBe(0);
    expect(statSync(dirOf()).mode & 0o777).toBe(0o700);
    const names = readdirSync(dirOf());
    expect(names).toHaveLength(5);
    for (const name of names) {
      expect(name).toMatch(/^[\da-f]{64}\.json$/);
      const file = join(dirOf(), name);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(holdsSecret(readFileSync(file, "utf8"), [TOKEN])).toBe(false);
    }
  });

  it("a directory left open to others is made 0700 again", async () => {
    const cache = new FileCache({ directory: dirOf() });
    await cache.set("k", { etag: '"e"', body: "[]", link: null });
    chmodSync(dirOf(), 0o755);
    await new FileCache({ directory: dirOf() }).set("k2", { etag: '"e"', body: "[]", link: null });
    expect(statSync(dirOf()).mode & 0o777).toBe(0o700);
  });

  it("a corrupt entry is ignored: the page is fetched again and the entry written anew", async () => {
    expect((await list()).code).toBe(0);
    const names = readdirSync(dirOf());
    names.forEach((name, i) => writeFileSync(join(dirOf(), name), ["", "{", '{"v":1}', "null", "[]"][i] ?? "x"));
    mock.requests.length = 0;
    const again = await list();
    expect(again.code).toBe(0);
    expect(again.stdout.trimEnd().split("\n")).toHaveLength(240);
    expect(statuses()).toEqual([200, 200, 200, 200, 200]);
    mock.requests.length = 0;
    expect((await list()).code).toBe(0);
    expect(statuses()).toEqual([304, 304, 304, 304, 304]);
  });

  it("no cache directory (no XDG_CACHE_HOME, no HOME) or one that cannot be made: the listing goes on without it", async () => {
    const none = await runCli([...LIST, "--base-url", mock.url], { GH_TOKEN: TOKEN });
    expect(none.code).toBe(0);
    writeFileSync(join(home, "blocked"), "a file where the directory would go");
    const blocked = await runCli([...LIST, "--base-url", mock.url], { GH_TOKEN: TOKEN, XDG_CACHE_HOME: join(home, "blocked") });
    expect([blocked.code, blocked.stderr]).toEqual([0, ""]);
    expect(blocked.stdout).toBe(none.stdout);
  });

  it("two CLI processes listing at once into one cache directory both succeed and leave only whole entries", async () => {
    const spawnList = () =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(process.execPath, [CLI, ...LIST, "--per-page", "10", "--base-url", mock.url], { env: { PATH: process.env.PATH ?? "", GH_TOKEN: TOKEN, XDG_CACHE_HOME: home } }, (err, stdout, stderr) =>
          resolve({ code: err ? 1 : 0, stdout, stderr }),
        );
      });
    const [a, b] = await Promise.all([spawnList(), spawnList()]);
    expect([a.code, a.stderr, b.code, b.stderr]).toEqual([0, "", 0, ""]);
    expect(a.stdout.trimEnd().split("\n")).toHaveLength(240);
    expect(b.stdout).toBe(a.stdout);
    const names = readdirSync(dirOf());
    expect(names.every((n) => /^[\da-f]{64}\.json$/.test(n))).toBe(true); // no temporary file left
    for (const name of names) expect((JSON.parse(readFileSync(join(dirOf(), name), "utf8")) as { v: number }).v).toBe(1);
    mock.requests.length = 0;
    const third = await runCli([...LIST, "--per-page", "10", "--base-url", mock.url], { GH_TOKEN: TOKEN, XDG_CACHE_HOME: home });
    expect(third.stdout).toBe(a.stdout);
    expect(new Set(statuses())).toEqual(new Set([304]));
  });
});

describe("FileCache", () => {
  const entry = (n: number) => ({ etag: `"etag-${n}"`, body: `[${"0,".repeat(n)}0]`, link: n % 2 ? `<https://api.github.com/user/packages?page=${n}>; rel="next"` : null });

  it("keeps and gives back entries by key; another key gets nothing", async () => {
    const cache = new FileCache({ directory: dirOf() });
    await cache.set("tag-a GET https://api.github.com/user/packages?page=1", entry(1));
    expect(await cache.get("tag-a GET https://api.github.com/user/packages?page=1")).toEqual(entry(1));
    expect(await cache.get("tag-b GET https://api.github.com/user/packages?page=1")).toBeUndefined();
    expect(await new FileCache({ directory: join(home, "elsewhere") }).get("tag-a GET https://api.github.com/user/packages?page=1")).toBeUndefined();
  });

  it("a foreign entry (another key's file under this key's name) is ignored", async () => {
    const cache = new FileCache({ directory: dirOf() });
    await cache.set("one", entry(1));
    await cache.set("two", entry(2));
    copyFileSync(join(dirOf(), fileOf("one")), join(dirOf(), fileOf("two")));
    expect(await cache.get("two")).toBeUndefined();
    expect(await cache.get("one")).toEqual(entry(1));
  });

  it("stays under maxBytes: the oldest entries go first", async () => {
    const size = Buffer.byteLength(JSON.stringify({ v: 1, key: "0".repeat(64), etag: entry(3).etag, link: entry(3).link, body: entry(3).body }));
    const cache = new FileCache({ directory: dirOf(), maxBytes: Math.floor(size * 3.5) });
    for (const key of ["a", "b", "c"]) await cache.set(key, entry(3));
    // The order of age made plain: a the oldest, then b, then c; d, written next, the newest.
    for (const [key, seconds] of [["a", 1_000], ["b", 2_000], ["c", 3_000]] as const) utimesSync(join(dirOf(), fileOf(key)), seconds, seconds);
    await cache.set("d", entry(3));
    expect(readdirSync(dirOf()).sort()).toEqual(["b", "c", "d"].map(fileOf).sort());
    expect([await cache.get("a"), await cache.get("b"), await cache.get("c"), await cache.get("d")].map(Boolean)).toEqual([false, true, true, true]);
  });

  it("toEvict: oldest first, until the rest fit", () => {
    const files = [
      { name: "new", size: 10, mtimeMs: 3 },
      { name: "old", size: 10, mtimeMs: 1 },
      { name: "mid", size: 10, mtimeMs: 2 },
    ];
    expect(toEvict(files, 30)).toEqual([]);
    expect(toEvict(files, 25)).toEqual(["old"]);
    expect(toEvict(files, 10)).toEqual(["old", "mid"]);
    expect(toEvict(files, 0)).toEqual(["old", "mid", "new"]);
  });

  it("entryIn takes only its own version and key, with the right types", () => {
    const good = { v: 1, key: "k", etag: '"e"', link: null, body: "[]" };
    expect(entryIn(JSON.stringify(good), "k")).toEqual({ etag: '"e"', link: null, body: "[]" });
    for (const bad of [{ ...good, v: 2 }, { ...good, key: "other" }, { ...good, etag: 1 }, { ...good, body: null }, { ...good, link: 5 }]) expect(entryIn(JSON.stringify(bad), "k")).toBeUndefined();
    for (const text of ["", "{", "null", "[]", '"x"']) expect(entryIn(text, "k")).toBeUndefined();
  });

  it("an entry larger than the bound is not kept; a bad maxBytes is refused", async () => {
    const cache = new FileCache({ directory: dirOf(), maxBytes: 50 });
    await cache.set("big", { etag: '"e"', body: "x".repeat(100), link: null });
    expect(await cache.get("big")).toBeUndefined();
    for (const maxBytes of [0, -1, 1.5, Number.NaN]) expect(() => new FileCache({ directory: dirOf(), maxBytes })).toThrow(RangeError);
  });

  it("lives under $XDG_CACHE_HOME/gh-user-packages, else the platform's cache directory", () => {
    expect(defaultCacheDirectory({ XDG_CACHE_HOME: "/x/cache" }, "/home/u", "linux")).toBe("/x/cache/gh-user-packages");
    expect(defaultCacheDirectory({ XDG_CACHE_HOME: "relative/cache" }, "/home/u", "linux")).toBe("/home/u/.cache/gh-user-packages");
    expect(defaultCacheDirectory({}, "/Users/u", "darwin")).toBe("/Users/u/Library/Caches/gh-user-packages");
    expect(defaultCacheDirectory({}, "", "linux")).toBeUndefined();
  });
});
