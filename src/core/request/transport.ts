// The openapi-fetch client, set up once per client: every request carries the API headers and
// `redirect: "manual"`, and the injected fetch receives the Request openapi-fetch builds.
import createClient from "openapi-fetch";
import type { paths } from "../../../generated/user-packages.js";
import { readBody, type ResponseParts } from "./body-limit.js";
import type { Settings } from "../door/options.js";
import type { Owner, Query } from "../types.js";

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
export type Send = (query: Query, owner: Owner, signal: AbortSignal | undefined, headers?: Record<string, string>) => Promise<Sent>;

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

/** A reason a fetch's answer cannot be used: it ends the attempt as a NetworkError saying so. */
const unusable = (what: string) => new TypeError(`fetch resolved to something that is not a Response: ${what}`);

/** A field of what a fetch resolved to, read once; a getter that throws is named. */
function field(found: object, name: string): unknown {
  try {
    return (found as Record<string, unknown>)[name]; // any object: read by name
  } catch {
    throw unusable(`reading its ${name} threw`);
  }
}

const FIELDS = ["status", "headers", "body", "statusText", "url"];

/**
 * What an app's fetch resolved to, from any realm, read once into the parts of a Response: an
 * HTTP status a Response can have, iterable headers (copied, so its own `get` is never called),
 * and a body stream or none. A missing or null body is an empty one, as in the Fetch standard:
 * a Response-like's own `text()` is never called.
 */
export function responseOf(found: unknown): ResponseParts {
  if (found === null || typeof found !== "object") throw unusable(`it is ${found === null ? "null" : typeof found}`);
  const [status, raw, body = null, statusText, url] = FIELDS.map((name) => field(found, name));
  if (!Number.isInteger(status) || (status as number) < 200 || (status as number) > 599) throw unusable("its status is not an integer from 200 to 599");
  // An integer from 200 to 599, checked above.
  const response = headed(status as number, typeof statusText === "string" ? statusText : "", raw);
  if (body !== null && typeof (body as { getReader?: unknown }).getReader !== "function") throw unusable("its body is not a stream");
  // The copy keeps the URL the answer came from, as the original had it.
  Object.defineProperty(response, "url", { value: typeof url === "string" ? url : "" });
  return { response, body: body as ReadableStream<Uint8Array> | null }; // null, or an object with getReader (checked above)
}

/** A reason phrase the Response constructor refuses ends the attempt with its own TypeError; the Response is built for that check alone. */
function reasonPhrase(status: number, statusText: string): Response {
  return new Response(null, { status, statusText });
}

/** A Response of this realm with no body: `status`, `statusText`, and the headers of `raw`, copied as they are read. */
function headed(status: number, statusText: string, raw: unknown): Response {
  try {
    // An iterable, read by the Response constructor as pairs (once: its copy is what is used);
    // anything else (null too) throws or is refused here.
    if (typeof (raw as Iterable<unknown>)[Symbol.iterator] === "function") return new Response(null, { status, statusText, headers: raw as HeadersInit });
  } catch {
    // A throwing iterator, or names and values refused: named below, unless it was the reason phrase.
    reasonPhrase(status, statusText);
  }
  throw unusable("its headers are not iterable");
}

/** What `send` resolved to; a throw or a rejection as it came, unless it is nothing at all. */
async function sent(send: (request: Request) => Promise<Response>, request: Request): Promise<unknown> {
  try {
    return await send(request);
  } catch (err) {
    // openapi-fetch would take a falsy rejection for no error at all, and read `undefined`.
    if (!err) throw new TypeError(`fetch rejected with ${String(err)}`, { cause: err });
    throw err;
  }
}

/** An error body as openapi-fetch hands it over: parsed when it is JSON, as text otherwise. */
function errorBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Builds the openapi-fetch client for `root` and returns the one call the client makes with it. */
export function createTransport(settings: Pick<Settings, "root" | "headers" | "fetch" | "maxBodyBytes">): Send {
  const { root, maxBodyBytes, fetch: custom } = settings;
  // Looked up at call time, so a fetch patched in after the client was made is still used.
  const send = custom ?? ((request: Request) => fetch(request));
  // The body of each Response handed to openapi-fetch, read (through the cap) as it came.
  const bodies = new WeakMap<Response, string>();
  const client = createClient<paths>({
    baseUrl: root,
    headers: settings.headers,
    // Redirects are looked at, not followed: the token must never reach another origin.
    redirect: "manual",
    querySerializer: queryString,
    fetch: async (request) => {
      const parts = responseOf(await sent(send, request));
      bodies.set(parts.response, await readBody(parts, maxBodyBytes, request.url));
      return parts.response;
    },
  });
  return async (query, owner, signal, headers) => {
    // The body is read by the fetch above, not by openapi-fetch ("stream" leaves it alone): kept
    // as text for a 2xx, since openapi-fetch would throw a SyntaxError on a non-JSON one, and the
    // raw text of a malformed body is worth keeping.
    const init = { parseAs: "stream", signal: signal ?? null, ...(headers && { headers }) } as const;
    const { response, data, error } = !owner
      ? await client.GET(ENDPOINT, { ...init, params: { query } })
      : "org" in owner
        ? await client.GET("/orgs/{org}/packages", { ...init, params: { query, path: { org: owner.org } } })
        : await client.GET("/users/{username}/packages", { ...init, params: { query, path: { username: owner.username } } });
    // openapi-fetch gives `undefined` where it takes the body for none (a 204, a Content-Length of 0).
    const kept = bodies.get(response) ?? "";
    bodies.delete(response); // read once: no entry is left for the collector to weigh
    const text = (response.ok ? data : error) === undefined ? undefined : kept;
    return { response, body: text === undefined || response.ok ? text : errorBody(text) };
  };
}
