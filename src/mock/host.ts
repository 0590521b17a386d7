// Reads a request's Host header as GitHub would accept it: a name of dot-separated labels (letters,
// digits and inner hyphens) or a bracketed address, then an optional port of 1 to 5 digits. A
// scanner that moves forward only, so a client's hostile Host costs one read per character (a
// pattern with `[A-Za-z0-9-]*[A-Za-z0-9]` could go back over each label).

/** The text as the scanner reads it, one character code at a time (a test counts the reads). */
export interface HostText {
  readonly length: number;
  code(at: number): number;
}

const DOT = 0x2e;
const COLON = 0x3a;
const HYPHEN = 0x2d;
const OPEN = 0x5b; // [
const CLOSE = 0x5d; // ]

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isLetterOrDigit = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isHex = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

/** True for a Host header GitHub would accept: a name or an address, and an optional port. */
export function isHostHeader(host: string): boolean {
  return scanHost({ length: host.length, code: (at) => host.charCodeAt(at) });
}

/** `isHostHeader` read through `text`. */
export function scanHost(text: HostText): boolean {
  const end = text.length > 0 && text.code(0) === OPEN ? bracketed(text) : name(text);
  return end > 0 && port(text, end);
}

/** Where a bracketed address (`[` hex digits, ":" and "." `]`) ends, or -1. */
function bracketed(text: HostText): number {
  for (let at = 1; at < text.length; at++) {
    const c = text.code(at);
    if (c === CLOSE) return at > 1 ? at + 1 : -1;
    if (!isHex(c) && c !== COLON && c !== DOT) return -1;
  }
  return -1;
}

/** Where a name of labels ends, or -1: each label starts and ends with a letter or digit. */
function name(text: HostText): number {
  let at = 0;
  for (;;) {
    if (at >= text.length || !isLetterOrDigit(text.code(at))) return -1;
    let last = 0;
    let c = text.code(at);
    while (isLetterOrDigit(c) || c === HYPHEN) {
      last = c;
      c = ++at < text.length ? text.code(at) : -1;
    }
    if (last === HYPHEN) return -1;
    if (c !== DOT) return at;
    at++;
  }
}

/** True when the text from `at` is nothing, or ":" and 1 to 5 digits. */
function port(text: HostText, at: number): boolean {
  if (at === text.length) return true;
  if (text.code(at) !== COLON) return false;
  let digits = 0;
  for (let i = at + 1; i < text.length; i++, digits++) if (!isDigit(text.code(i)) || digits >= 5) return false;
  return digits >= 1;
}
