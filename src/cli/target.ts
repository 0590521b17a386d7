// Where the CLI lists: the API root from --base-url, else GITHUB_API_URL, else GH_HOST (as gh reads
// it), else api.github.com; and which host's token that root takes.
import { isLoopback } from "../core/door/headers.js";
import { UsageError } from "./args.js";

/** The host whose token is used, and which variables hold it. */
export interface Target {
  /** The API root given (undefined: api.github.com). */
  baseUrl: string | undefined;
  /** gh's name for the host: `github.com`, `ghe.example.com`. Empty when the root cannot be read. */
  host: string;
  /** github.com (and GHE.com, and a loopback stand-in) read GH_TOKEN; a GitHub Enterprise Server host reads GH_ENTERPRISE_TOKEN. */
  enterprise: boolean;
}

// A host name with an optional port, as GH_HOST holds one.
const HOST = /^[a-z\d](?:[a-z\d.-]*[a-z\d])?(?::\d{1,5})?$/i;
// GHE.com (data residency): api.SUBDOMAIN.ghe.com, a github.com kind of host for gh.
const TENANCY = /^(?:api\.)?([a-z\d-]+\.ghe\.com)$/i;

/** The API root: the flag, GITHUB_API_URL, or GH_HOST's `https://HOST/api/v3`; undefined for api.github.com. */
export function apiRoot(flag: string | undefined, env: Record<string, string | undefined>): string | undefined {
  if (flag === "") {
    throw new UsageError("--base-url is empty (an unset variable in a script?): give the API root, such as https://HOST/api/v3, or leave the flag out");
  }
  if (flag !== undefined) return flag;
  if (env.GITHUB_API_URL) return env.GITHUB_API_URL;
  const host = env.GH_HOST;
  if (!host || host.toLowerCase() === "github.com") return undefined;
  // Its value is not quoted: a host is no place for a credential, so one may be there.
  if (!HOST.test(host)) throw new UsageError("GH_HOST must be a host name, such as ghe.example.com (it holds other characters)");
  const tenancy = TENANCY.exec(host)?.[1];
  return tenancy ? `https://api.${tenancy}` : `https://${host}/api/v3`;
}

/** The host of `baseUrl` as gh names it, and whether it is an enterprise host. */
export function targetOf(baseUrl: string | undefined): Target {
  if (baseUrl === undefined) return { baseUrl, host: "github.com", enterprise: false };
  // The client refuses a root it cannot read, naming it; until then it takes github.com's variables.
  if (!URL.canParse(baseUrl)) return { baseUrl, host: "", enterprise: false };
  const { hostname, host } = new URL(baseUrl);
  const name = hostname.toLowerCase();
  if (name === "api.github.com" || name === "github.com") return { baseUrl, host: "github.com", enterprise: false };
  const tenancy = TENANCY.exec(name)?.[1];
  if (tenancy) return { baseUrl, host: tenancy, enterprise: false };
  // A mock or proxy on this machine stands in for github.com.
  if (isLoopback(name)) return { baseUrl, host: name, enterprise: false };
  return { baseUrl, host: host.toLowerCase(), enterprise: true };
}
