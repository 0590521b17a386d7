// What the mock keeps of a request's credentials: nothing. Authorization schemes are kept (a test
// may check that `Bearer` was sent), the credential never, whatever its form: a bare token with no
// scheme word, Basic, a cookie, a token in the query, or the mock's own token anywhere else.

const MASK = "***";
/** Headers that carry a credential after an optional scheme word. */
const SCHEMED = new Set(["authorization", "proxy-authorization"]);
/** Headers whose whole value is a credential. */
const SECRET = new Set(["cookie", "x-api-key", "x-auth-token", "private-token", "x-github-token"]);
/** Query parameters that carry a credential. */
const SECRET_PARAMS = /^(?:access_token|token|client_secret|private_token|api_key|key|jwt|code)$/i;
/** Authorization schemes kept in the log. */
const SCHEMES = /^(bearer|token|basic|digest|negotiate|ntlm|oauth|jwt)\s+\S/i;

/** `Bearer ***` for a header with a known scheme, `***` for anything else. */
export function maskCredential(value: string): string {
  const scheme = SCHEMES.exec(value.trim());
  return scheme ? `${scheme[1] ?? ""} ${MASK}` : MASK;
}

/**
 * What an `Authorization` header may carry as a credential: the whole value, and each word of it
 * but a scheme word (`ghp x`, with no known scheme, could be either).
 */
export function credentialsOf(value: string | undefined): string[] {
  const v = value?.trim();
  if (!v) return [];
  const words = v.split(/\s+/).filter((w, i) => !(i === 0 && SCHEMES.test(v)));
  return [v, ...words];
}

/** `text` with every secret in it replaced by `***` (secrets shorter than 4 characters are no credential). */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join(MASK);
  return out;
}

/**
 * The request's headers, lower-cased, with every credential replaced by `***` (see above); the
 * values of `secrets` (the mock's token, the one sent) are scrubbed from every other header.
 */
export function redactedHeaders(raw: Record<string, string | string[] | undefined>, secrets: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    const text = Array.isArray(value) ? value.join(", ") : value;
    out[key] = SCHEMED.has(key) ? maskCredential(text) : SECRET.has(key) ? MASK : scrub(text, secrets);
  }
  return out;
}

/** The query, with credential parameters replaced by `***` and `secrets` scrubbed from the rest. */
export function redactedQuery(params: URLSearchParams, secrets: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of params) out[k] = SECRET_PARAMS.test(k) ? MASK : scrub(v, secrets);
  return out;
}

/** A path and query as sent, with the same parameters and secrets (as is or percent-encoded) masked. */
export function redactedUrl(pathAndQuery: string, secrets: readonly string[] = []): string {
  const forms = [...secrets, ...secrets.map((s) => encodeURIComponent(s))];
  const at = pathAndQuery.indexOf("?");
  if (at < 0) return scrub(pathAndQuery, forms);
  const query = pathAndQuery
    .slice(at + 1)
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      const name = eq < 0 ? pair : pair.slice(0, eq);
      return eq >= 0 && SECRET_PARAMS.test(safeDecode(name)) ? `${name}=${MASK}` : pair;
    })
    .join("&");
  return scrub(`${pathAndQuery.slice(0, at)}?${query}`, forms);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return s;
  }
}
