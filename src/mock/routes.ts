// The checks GitHub makes before it lists anything, as pure functions of the request: the
// credentials, the token's scopes, the method and the path. Each returns an answer when the
// request stops there.
import { errorBody } from "./listing.js";
import type { Answer, MockRequest } from "./types.js";

/** What the mock made of an `Authorization` header. */
export function authOf(header: string | undefined, token: string | undefined): MockRequest["auth"] {
  if (!header) return "none";
  const match = /^(?:bearer|token) (\S+)$/i.exec(header);
  if (!match) return "invalid";
  if (token === undefined) return "valid";
  return match[1] === token ? "valid" : "invalid";
}

/** A 401 when the token is wrong, or missing where one is expected. */
export function authAnswer(record: MockRequest, token: string | undefined, headers: Record<string, string>): Answer | undefined {
  if (record.auth === "invalid" || (token !== undefined && record.auth === "none")) {
    const message = record.auth === "none" ? "Requires authentication" : "Bad credentials";
    return { status: 401, headers, body: errorBody(message, 401) };
  }
  return undefined;
}

/** A 403 when the token lacks `read:packages`; adds GitHub's scope headers when there is a token. */
export function scopeAnswer(token: string | undefined, scopes: readonly string[], headers: Record<string, string>): Answer | undefined {
  if (token === undefined) return undefined;
  headers["X-OAuth-Scopes"] = scopes.join(", ");
  headers["X-Accepted-OAuth-Scopes"] = "read:packages";
  if (scopes.includes("read:packages")) return undefined;
  return { status: 403, headers, body: errorBody("This token needs the read:packages scope to list packages.", 403) };
}

/** Which listing a path asks for: the token's user's, an organization's or another user's. */
export type Route = { kind: "user" } | { kind: "org" | "users"; login: string };

/** The listing a `GET`/`HEAD` asks for (also under GHES's `/api/v3`), or `undefined` for anything else. */
export function routeOf(method: string, path: string): Route | undefined {
  if (method !== "GET" && method !== "HEAD") return undefined;
  const found = /^(?:\/api\/v3)?\/(?:(user)|(orgs|users)\/([^/]+))\/packages\/?$/.exec(path);
  if (!found) return undefined;
  if (found[1]) return { kind: "user" };
  const login = decoded(found[3] ?? "");
  // A login that is not valid percent-encoding names no account: GitHub's 404.
  return login === undefined ? undefined : { kind: found[2] === "orgs" ? "org" : "users", login };
}

function decoded(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** GitHub's 404. */
export const notFound = (headers: Record<string, string>): Answer => ({ status: 404, headers, body: errorBody("Not Found", 404) });

/** The entry of `sets` for `login`, whatever its case (GitHub's logins are case-insensitive). */
export function ownedBy<T>(sets: Record<string, T> | undefined, login: string): T | undefined {
  const key = Object.keys(sets ?? {}).find((k) => k.toLowerCase() === login.toLowerCase());
  return key === undefined ? undefined : sets?.[key];
}
