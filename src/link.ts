// Parses an RFC 8288 `Link` header in one linear pass. No backtracking regular expression runs
// over the whole header (an unbounded pattern here was a ReDoS bug in another client), so a huge
// or hostile header costs time in proportion to its length.

/** Maps each relation (`next`, `last`, ...) to its URL, as written in the header. */
export function parseLinkHeader(header: string | null | undefined): Record<string, string> {
  const links: Record<string, string> = {};
  if (!header) return links;
  const n = header.length;
  let i = 0;
  while (i < n) {
    const open = header.indexOf("<", i);
    if (open < 0) break;
    const close = header.indexOf(">", open + 1);
    if (close < 0) break;
    // The parameters run to the next "<" (GitHub's URLs are percent-encoded and never hold one).
    let end = header.indexOf("<", close + 1);
    if (end < 0) end = n;
    const rel = relOf(header, close + 1, end);
    if (rel) {
      const target = header.slice(open + 1, close).trim();
      for (const name of rel.split(" ")) if (name && !(name in links)) links[name.toLowerCase()] = target;
    }
    i = end;
  }
  return links;
}

/** Finds `rel=...` among `; key=value` parameters in header[from, to), scanning once. */
function relOf(header: string, from: number, to: number): string | undefined {
  let i = from;
  while (i < to) {
    const semi = header.indexOf(";", i);
    if (semi < 0 || semi >= to) return undefined;
    let k = semi + 1;
    while (k < to && isSpace(header.charCodeAt(k))) k++;
    if (header.slice(k, k + 3).toLowerCase() === "rel") {
      k += 3;
      while (k < to && isSpace(header.charCodeAt(k))) k++;
      if (header.charCodeAt(k) === 61 /* = */) {
        k++;
        while (k < to && isSpace(header.charCodeAt(k))) k++;
        if (header.charCodeAt(k) === 34 /* " */) {
          const q = header.indexOf('"', k + 1);
          if (q < 0 || q >= to) return undefined;
          return header.slice(k + 1, q).trim().replace(/\s+/g, " ");
        }
        let e = k;
        while (e < to && header[e] !== ";" && header[e] !== "," && !isSpace(header.charCodeAt(e))) e++;
        return header.slice(k, e);
      }
    }
    i = k > semi ? k : semi + 1;
  }
  return undefined;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}
