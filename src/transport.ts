// The openapi-fetch client, set up once per client: every request carries the API headers and
// `redirect: "manual"`, and the injected fetch receives the Request openapi-fetch builds.
import createClient from "openapi-fetch";
import type { paths } from "../generated/user-packages.js";
import { limitBody } from "./body-limit.js";
import type { Settings } from "./options.js";
import type { Owner, Query } from "./types.js";

/** The authenticated user's listing, as in the spec. */
const ENDPOINT = "/user/packages";

/** The path of the listing of `owner`'s namespace (the authenticated user's when none). */
function pathOf(owner: Owner): string {
  if (!owner) return ENDPOINT;
  return "org" in owner ? `/orgs/${encodeURIComponent(owner.org)}/packages` : `/users/${encodeURIComponent(owner.username)}/packages`;
}

/** What one request gave: the response and its body (text for a 2xx, parsed when JSON otherwise). */
export interface Sent {
  response: Response;
  body: unknown;
}

/** Sends one GET of a listing with the given query, namespace, signal and extra headers. */
export type Send = (query: Query, owner: Owner, signal: AbortSignal, headers?: Record<string, string>) => Promise<Sent>;

/**
 * The query string of a request: the one function that writes it, used by openapi-fetch for the
 * request it sends and by the client for the URL it names in errors and cache keys.
 */
function queryString(query: Readonly<Record<string, unknown>>): string {
  let out = "";
  for (const key in query) {
    const value = query[key];
    // Values were checked against the spec: strings and numbers only.
    if (value !== undefined) out += `${out ? "&" : ""}${encodeURIComponent(key)}=${encodeURIComponent(value as string)}`;
  }
  return out;
}

/** The full URL of a request for `query` in `owner`'s namespace. */
export function requestUrl(root: string, owner: Owner, query: Readonly<Record<string, unknown>>): string {
  return `${root}${pathOf(owner)}?${queryString(query)}`;
}

/** What an app's fetch resolved to, if it looks like a Response (from any realm); a clear error otherwise. */
function responseOf(found: unknown): Response {
  const { status, headers } = (found ?? {}) as Partial<Response>;
  if (typeof status === "number" && typeof headers?.get === "function") return found as Response;
  throw new TypeError("the fetch option resolved to something that is not a Response");
}

/** Builds the openapi-fetch client for `root` and returns the one call the client makes with it. */
export function createTransport(settings: Pick<Settings, "root" | "headers" | "fetch" | "maxBodyBytes">): Send {
  const { root, maxBodyBytes, fetch: custom } = settings;
  // Looked up at call time, so a fetch patched in after the client was made is still used.
  const send = custom ?? ((request: Request) => fetch(request));
  const client = createClient<paths>({
    baseUrl: root,
    headers: settings.headers,
    // Redirects are looked at, not followed: the token must never reach another origin.
    redirect: "manual",
    querySerializer: queryString,
    fetch: async (request) => limitBody(responseOf(await send(request)), maxBodyBytes, request.url),
  });
  return async (query, owner, signal, headers) => {
    // Read as text and parsed by the client: openapi-fetch would throw a SyntaxError on a
    // non-JSON 2xx body, and the raw text of a malformed body is worth keeping.
    const init = { parseAs: "text", signal, ...(headers && { headers }) } as const;
    const { response, data, error } = !owner
      ? await client.GET(ENDPOINT, { ...init, params: { query } })
      : "org" in owner
        ? await client.GET("/orgs/{org}/packages", { ...init, params: { query, path: { org: owner.org } } })
        : await client.GET("/users/{username}/packages", { ...init, params: { query, path: { username: owner.username } } });
    return { response, body: response.ok ? data : error };
  };
}
