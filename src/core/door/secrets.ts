// Credentials by knowledge, not by shape: every credential a caller gives (the token, the value of
// a credential header, the userinfo and query values of a URL) is collected, and nothing the
// library, the CLI or the mock writes holds one, or any PIECE-character stretch of one. The names
// that mark a credential are one list, read by the door, the CLI and the mock alike.

/** The length of the shortest stretch of a credential that is never written. */
export const PIECE = 8;
/** Shorter values are not credentials: hiding them would mask ordinary words. */
const SHORTEST = 4;

// Header and query names whose values are credentials. Wide on purpose: hiding an ordinary value
// costs a "(hidden)"; showing a credential costs the credential.
const CREDENTIAL_NAME = /auth|token|secret|passw|pwd|key|cookie|cred|sign|session|jwt|bearer|(?:^|[^a-z])pat(?:$|[^a-z])|^code$/i;

/** True for a header or query parameter name whose value is a credential (`Authorization`, `X-GitHub-PAT`, `access_token`). */
export const isCredentialName = (name: string): boolean => CREDENTIAL_NAME.test(name);

// Authorization schemes: a word before the credential, not part of it.
const SCHEME = /^(bearer|token|basic|digest|negotiate|ntlm|oauth|jwt)\s+\S/i;

/** The scheme word at the start of a credential header's value (`Bearer`), if it has a known one. */
export function schemeOf(value: string): string | undefined {
  return SCHEME.exec(value.trim())?.[1];
}

/**
 * What a credential value may hold: the whole value and each word of it but a scheme word (`ghp x`,
 * with no known scheme, could be either).
 */
function credentialParts(value: string): string[] {
  const v = value.trim();
  if (!v) return [];
  const words = v.split(/\s+/).filter((w, i) => !(i === 0 && SCHEME.test(v)));
  return [v, ...words];
}

/** The credentials among `values` (strings only; each with its parts), without repeats or short ones. */
export function secretsOf(values: readonly unknown[]): string[] {
  const found = new Set<string>();
  for (const value of values) {
    if (typeof value !== "string") continue;
    for (const part of credentialParts(value)) if (part.length >= SHORTEST) found.add(part);
  }
  return [...found];
}

/**
 * The credentials a URL's text carries, parseable or not: userinfo, and every query value (any of
 * them may be a token; a query has no business in an API root).
 */
export function urlSecrets(text: string): string[] {
  const out: string[] = [];
  const userinfo = /\/\/([^/?#]*)@/.exec(text)?.[1];
  // The password part, or a lone token given as the user name; a user name before a password is no secret.
  if (userinfo) out.push(userinfo, userinfo.includes(":") ? userinfo.slice(userinfo.indexOf(":") + 1) : userinfo);
  const query = text.split(/[?#]/).slice(1).join("&");
  for (const pair of query.split("&")) {
    const value = pair.slice(pair.indexOf("=") + 1);
    out.push(value, safeDecode(value));
  }
  return secretsOf(out);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return s;
  }
}

/** The stretches of `secret` that must never be written: the whole of a short one, every PIECE-long window of a long one. */
export function piecesOf(secret: string): string[] {
  if (secret.length <= PIECE) return [secret];
  return Array.from({ length: secret.length - PIECE + 1 }, (_, i) => secret.slice(i, i + PIECE));
}

/** True when `text` holds any of `secrets`, or a PIECE-long stretch of one. */
export function holdsSecret(text: string, secrets: readonly string[]): boolean {
  return secrets.some((secret) => piecesOf(secret).some((piece) => text.includes(piece)));
}

/** `text` with every stretch that holds a secret (or a PIECE-long piece of one) written as `***`. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  if (!secrets.length) return text;
  const covered = new Uint8Array(text.length);
  let any = false;
  for (const secret of secrets) {
    for (const piece of piecesOf(secret)) {
      for (let at = text.indexOf(piece); at >= 0; at = text.indexOf(piece, at + 1)) {
        covered.fill(1, at, at + piece.length);
        any = true;
      }
    }
  }
  if (!any) return text;
  let out = "";
  for (let i = 0; i < text.length; i++) {
    if (!covered[i]) out += text.charAt(i);
    else if (i === 0 || !covered[i - 1]) out += "***";
  }
  return out;
}

/** How a value given where a string does not belong is shown: its type and length, never its text. */
export function shape(value: string): string {
  return `(a string of ${value.length} character${value.length === 1 ? "" : "s"})`;
}
