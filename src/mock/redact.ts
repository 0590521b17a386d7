// What the mock keeps of a request's credentials: nothing. It knows them as the door does (see
// secrets.ts): the mock's own token, and the value of every header and query parameter whose name
// is a credential name. Those are masked where they stand (a scheme word such as `Bearer` kept, so
// a test may check it was sent), and each of them, or any PIECE-long stretch of one, as sent or
// percent-encoded, is masked wherever else it shows: other headers, header names, the path, the query.
import { isCredentialName, maskSecrets, piecesOf, schemeOf, secretsOf } from "../core/door/secrets.js";

type RawHeaders = Record<string, string | string[] | undefined>;

/** A request's credentials in every form they can be written in, and a test for a text that holds a piece of one. */
export interface Secrets {
  forms: readonly string[];
  /** Matches a text holding any of `forms` or a piece of one; `undefined` when there are none. */
  holds: RegExp | undefined;
}

const MASK = "***";

/** `Bearer ***` for a credential with a known scheme word, `***` for anything else. */
export function maskCredential(value: string): string {
  const scheme = schemeOf(value);
  return scheme ? `${scheme} ${MASK}` : MASK;
}

const textOf = (value: string | string[]): string => (Array.isArray(value) ? value.join(", ") : value);

/**
 * Every credential of a request, in each form it can be written in: the mock's token and the
 * values of credential headers and query parameters (each with its words, as secretsOf splits
 * them), as is, percent-encoded, with `+` for spaces, and lower-cased (header names are).
 */
export function requestSecrets(headers: RawHeaders, query: URLSearchParams, token: string | undefined): Secrets {
  const values: string[] = token === undefined ? [] : [token];
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && isCredentialName(name)) values.push(textOf(value));
  for (const [name, value] of query) if (isCredentialName(name)) values.push(value);
  const key = JSON.stringify(values); // unambiguous, whatever the values hold
  if (key !== last.key) last = { key, secrets: secretsIn(values) };
  return last.secrets;
}

// A mock sees the same credentials request after request: the forms and their test are worked out once for them.
let last: { key: string; secrets: Secrets } = { key: "[]", secrets: { forms: [], holds: undefined } };

function secretsIn(values: string[]): Secrets {
  const forms = new Set<string>();
  for (const secret of secretsOf(values)) {
    const encoded = encodeURIComponent(secret);
    for (const form of [secret, encoded, secret.replace(/ /g, "+")]) forms.add(form).add(form.toLowerCase());
  }
  const pieces = [...new Set([...forms].flatMap(piecesOf))].map((piece) => piece.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return { forms: [...forms], holds: pieces.length ? new RegExp(pieces.join("|")) : undefined };
}

/** `text` with every piece of a secret masked; at once when it holds none (the common case). */
const mask = (text: string, secrets: Secrets): string => (secrets.holds?.test(text) ? maskSecrets(text, secrets.forms) : text);

/**
 * The request's headers, lower-cased: a credential header's value masked whole (its scheme word
 * kept), `secrets` masked in every other value and in the names.
 */
export function redactedHeaders(raw: RawHeaders, secrets: Secrets): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const text = textOf(value);
    out[mask(name.toLowerCase(), secrets)] = isCredentialName(name) ? maskCredential(text) : mask(text, secrets);
  }
  return out;
}

/** The query, decoded: credential parameters as `***`, `secrets` masked in the rest and in the names. */
export function redactedQuery(params: URLSearchParams, secrets: Secrets): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of params) out[mask(name, secrets)] = isCredentialName(name) ? MASK : mask(value, secrets);
  return out;
}

/** A path, as sent, with `secrets` masked in each segment, whether sent as is or percent-encoded. */
export function redactedPath(path: string, secrets: Secrets): string {
  return path
    .split("/")
    .map((segment) => maskEncoded(segment, secrets, false))
    .join("/");
}

/** A path and query as sent: credential parameters' values as `***`, `secrets` masked everywhere else. */
export function redactedUrl(pathAndQuery: string, secrets: Secrets): string {
  const at = pathAndQuery.indexOf("?");
  if (at < 0) return redactedPath(pathAndQuery, secrets);
  const query = pathAndQuery
    .slice(at + 1)
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      if (eq < 0) return maskEncoded(pair, secrets, true);
      const name = pair.slice(0, eq);
      const value = isCredentialName(safeDecode(name, true)) ? MASK : maskEncoded(pair.slice(eq + 1), secrets, true);
      return `${maskEncoded(name, secrets, true)}=${value}`;
    })
    .join("&");
  return `${redactedPath(pathAndQuery.slice(0, at), secrets)}?${query}`;
}

/**
 * One part of a URL with `secrets` masked as written and as decoded: a part whose decoded text
 * holds one is written again, encoded, from the masked text.
 */
function maskEncoded(raw: string, secrets: Secrets, query: boolean): string {
  const masked = mask(raw, secrets);
  const decoded = safeDecode(masked, query);
  if (decoded === masked) return masked;
  const clean = mask(decoded, secrets);
  return clean === decoded ? masked : encodeURIComponent(clean);
}

function safeDecode(s: string, query: boolean): string {
  try {
    return decodeURIComponent(query ? s.replace(/\+/g, " ") : s);
  } catch {
    return s;
  }
}
