// Parses an RFC 8288 `Link` header. The header is split at each "<" (GitHub's URLs are
// percent-encoded and never hold one) and each part is read with a pattern anchored at a ";" that
// has no nested or overlapping repetition, so a huge or hostile header costs time in proportion
// to its length (an unbounded pattern here was a ReDoS bug in another client).

const REL = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,"]+))/i;

/** Maps each relation (`next`, `last`, ...) to its URL, as written in the header. */
export function parseLinkHeader(header: string | null | undefined): Record<string, string> {
  const links: Record<string, string> = {};
  for (const part of header ? header.split("<").slice(1) : []) {
    const close = part.indexOf(">");
    const rel = close < 0 ? null : REL.exec(part.slice(close));
    if (rel) {
      for (const name of (rel[1] ?? rel[2] ?? "").toLowerCase().split(/\s+/)) {
        if (name) links[name] ??= part.slice(0, close).trim();
      }
    }
  }
  return links;
}
