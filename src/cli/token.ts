// The CLI's token, from gh's sources in gh's order: for github.com GH_TOKEN, GITHUB_TOKEN, then
// gh's login; for an enterprise host GH_ENTERPRISE_TOKEN, GITHUB_ENTERPRISE_TOKEN, then gh's login
// for that host. Never from the command line.
import { UsageError } from "./args.js";
import { ghToken } from "./gh-login.js";
import type { CliIO } from "./io.js";
import type { Target } from "./target.js";

/** The token and where it came from, in words for a 401 ("GH_TOKEN", "gh auth token --hostname github.com"). */
export interface FoundToken {
  token: string;
  from: string;
  /** True when it is gh's login: a missing scope is then fixed with `gh auth refresh`. */
  gh: boolean;
}

/** The variables read for `target`, in order. */
export const variablesFor = (target: Target): [string, string] => (target.enterprise ? ["GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN"] : ["GH_TOKEN", "GITHUB_TOKEN"]);

/** Why there is no token, and how to get one. */
function noToken(target: Target): UsageError {
  const [first, second] = variablesFor(target);
  const where = target.host || "this API root";
  const login = target.host ? `, or log in with gh (gh auth login${target.host === "github.com" ? "" : ` --hostname ${target.host}`}; gh auth refresh -s read:packages)` : "";
  const other = target.enterprise ? " GH_TOKEN and GITHUB_TOKEN are for github.com." : "";
  return new UsageError(
    `no token for ${where}. Set ${first} (or ${second}) to a token with the read:packages scope${login}.${other}`,
    target.enterprise ? "" : "  Create one at https://github.com/settings/tokens/new?scopes=read:packages&description=gh-user-packages",
  );
}

/** The token for `target`; a UsageError when no source has one. gh's token is hidden from the output at once. */
export async function findToken(io: CliIO, target: Target): Promise<FoundToken> {
  for (const from of variablesFor(target)) {
    const token = io.env[from];
    if (token) return { token, from, gh: false };
  }
  if (target.host) {
    const token = await ghToken(target.host, { env: io.env, clock: io.clock, signal: io.signal, timeoutMs: io.ghTimeoutMs });
    if (token !== undefined) {
      io.hide?.([token]);
      return { token, from: `gh's login (gh auth token --hostname ${target.host})`, gh: true };
    }
  }
  throw noToken(target);
}
