// Text from the server (package names, GitHub's messages) is shown on a terminal as data: its
// control characters are escaped, so it cannot move the cursor, clear the screen or set the title;
// nor can bidirectional or invisible characters make one name look like another.
import type { CliStream } from "./io.js";

// C0 controls, DEL, and the C1 controls (0x9b is a one-byte CSI). Matching control characters is
// the point here.
/* eslint-disable no-control-regex */
const ANY_CONTROL = /[\x00-\x1f\x7f-\x9f]/g;
const HAS_CONTROL = /[\x00-\x1f\x7f-\x9f]/;
const CONTROL_BUT_NEWLINE = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/g;
// What JSON.stringify leaves raw: DEL and the C1 controls (it escapes C0 itself).
const RAW_IN_JSON = /[\x7f-\x9f]/g;
/* eslint-enable no-control-regex */

// Characters that reorder or hide text (bidirectional controls, zero-width characters, the BOM):
// a name holding U+202E can display as another name.
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const HAS_INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

const hex = (c: string) => c.charCodeAt(0).toString(16).padStart(2, "0");

/** `text` with every bidirectional or invisible character written as `\uNNNN` (valid in JSON strings too). */
export function visible(text: string): string {
  return HAS_INVISIBLE.test(text) ? text.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16)}`) : text;
}

/** `stream`, with the bidirectional and invisible characters of every write escaped when it is a terminal. */
export function onTerminal(stream: CliStream): CliStream {
  if (stream.isTTY !== true) return stream;
  return {
    isTTY: stream.isTTY,
    columns: stream.columns,
    once: (event, listener) => stream.once?.(event, listener),
    write: (text: string) => stream.write(visible(text)),
  };
}

/** `text` with every control character written as `\xNN`: one line, however it came. */
export function printable(text: string): string {
  // Tested first: most text has none, and a listing calls this for every cell.
  return HAS_CONTROL.test(text) ? text.replace(ANY_CONTROL, (c) => `\\x${hex(c)}`) : text;
}

/** A message of our own for stderr: its line breaks kept, every other control character escaped. */
export function printableLines(text: string): string {
  return text.replace(CONTROL_BUT_NEWLINE, (c) => `\\x${hex(c)}`);
}

/**
 * JSON text with DEL and C1 written as `\u00NN` escapes: the same JSON value, safe on a terminal
 * (JSON.stringify already escapes C0, ESC included).
 */
export function terminalJson(json: string): string {
  return visible(json.replace(RAW_IN_JSON, (c) => `\\u00${hex(c)}`));
}
