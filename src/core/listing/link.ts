// Parses an RFC 8288 `Link` header with a scanner, no regular expression: the header is cut at
// each "<" (GitHub's URLs are percent-encoded and never hold one), and in each part the URL runs
// to the first ">" and the relations are the first `; rel=...` after it. Every character is read
// a bounded number of times, so a huge or hostile header costs time in proportion to its length
// (a backtracking pattern here was a ReDoS bug in another client). The scanner reads through a
// `LinkText`, so a test can count the reads.

/** The header as the scanner reads it: one character code at a time, and slices it keeps. */
interface LinkText {
  readonly length: number;
  code(at: number): number;
  slice(from: number, to: number): string;
}

const LT = 0x3c; // <
const GT = 0x3e; // >
const SEMI = 0x3b; // ;
const COMMA = 0x2c; // ,
const QUOTE = 0x22; // "
const EQUALS = 0x3d; // =
const LOWER = 0x20; // the bit that makes an ASCII letter lower case

/** True for what `\s` and `String.prototype.trim` take as white space (the old pattern's `\s`). */
export function isSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 ||
    code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}

/** Maps each relation (`next`, `last`, ...) to its URL, as written in the header. */
export function parseLinkHeader(header: string | null | undefined): Record<string, string> {
  if (!header) return {};
  return scanLinks({ length: header.length, code: (at) => header.charCodeAt(at), slice: (from, to) => header.slice(from, to) });
}

/** The relations of a whole header, read through `text`; the first link of a relation wins. */
export function scanLinks(text: LinkText): Record<string, string> {
  const links: Record<string, string> = {};
  let open = find(text, LT, 0, text.length);
  while (open >= 0) {
    const next = find(text, LT, open + 1, text.length);
    readPart(text, open + 1, next < 0 ? text.length : next, links);
    open = next;
  }
  return links;
}

/** The position of the first `code` in `[from, to)`, or -1. */
function find(text: LinkText, code: number, from: number, to: number): number {
  for (let at = from; at < to; at++) if (text.code(at) === code) return at;
  return -1;
}

/** The first position at or after `from` (below `to`) that is not white space. */
function skipSpace(text: LinkText, from: number, to: number): number {
  let at = from;
  while (at < to && isSpace(text.code(at))) at++;
  return at;
}

/** Reads one part, `[from, to)` between two "<": its URL up to ">" and its first `rel`. */
function readPart(text: LinkText, from: number, to: number, links: Record<string, string>): void {
  const close = find(text, GT, from, to);
  if (close < 0) return;
  // Each ";" is tried in turn, as the old pattern's search did. A failed try reads only white
  // space, "rel" and "=" (no ";"), so tries never read the same text twice; a quoted value left
  // unclosed reads to the end once, and then no later quote is left to open another.
  for (let semi = find(text, SEMI, close + 1, to); semi >= 0; semi = find(text, SEMI, semi + 1, to)) {
    const value = relValue(text, semi + 1, to);
    if (value) {
      addRelations(text, value, text.slice(from, close).trim(), links);
      return;
    }
  }
}

/** The span of the value of a `rel=` that starts at `from` (after its ";"), or `undefined`. */
function relValue(text: LinkText, from: number, to: number): [number, number] | undefined {
  let at = skipSpace(text, from, to);
  if (to - at < 3 || (text.code(at) | LOWER) !== 0x72 || (text.code(at + 1) | LOWER) !== 0x65 || (text.code(at + 2) | LOWER) !== 0x6c) return undefined;
  at = skipSpace(text, at + 3, to);
  if (at >= to || text.code(at) !== EQUALS) return undefined;
  at = skipSpace(text, at + 1, to);
  if (at >= to) return undefined;
  if (text.code(at) === QUOTE) {
    const end = find(text, QUOTE, at + 1, to);
    return end < 0 ? undefined : [at + 1, end];
  }
  let end = at;
  while (end < to && isToken(text.code(end))) end++;
  return end > at ? [at, end] : undefined;
}

/** True for a character of an unquoted relation: not white space, ";", "," or a quote. */
function isToken(code: number): boolean {
  return code !== SEMI && code !== COMMA && code !== QUOTE && !isSpace(code);
}

/** Adds each space-separated relation of `[from, to)`, lower-cased, that has no URL yet. */
function addRelations(text: LinkText, [from, to]: [number, number], url: string, links: Record<string, string>): void {
  let at = skipSpace(text, from, to);
  while (at < to) {
    let end = at;
    while (end < to && !isSpace(text.code(end))) end++;
    links[text.slice(at, end).toLowerCase()] ??= url;
    at = skipSpace(text, end, to);
  }
}
