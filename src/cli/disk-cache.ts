// The CLI's on-disk cache: the library's FileCache, in the directory the CLI's own environment
// names (XDG_CACHE_HOME, else the platform's cache directory under HOME); none without either.
import { defaultCacheDirectory, FileCache } from "../file-cache.js";

/** The store for a listing, or undefined when the environment names no place for it. */
export function diskCache(env: Record<string, string | undefined>): FileCache | undefined {
  const directory = defaultCacheDirectory(env, env.HOME ?? env.USERPROFILE ?? "");
  return directory === undefined ? undefined : new FileCache({ directory });
}
