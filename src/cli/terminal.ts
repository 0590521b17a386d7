// Text from the server (package names, GitHub's messages) is shown on a terminal as data: its
// control characters are escaped, so it cannot move the cursor, clear the screen or set the title.

// C0 controls but the line feed, DEL, and the C1 controls (0x9b is a one-byte CSI). Matching
// control characters is the point here.
/* eslint-disable no-control-regex */
const CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/g;
const ANY_CONTROL = /[\x00-\x1f\x7f-\x9f]/g;
/* eslint-enable no-control-regex */

const escaped = (c: string) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`;

/** `text` with every control character written as `\xNN`. */
export function printable(text: string): string {
  return text.replace(ANY_CONTROL, escaped);
}

/** A message for stderr: its own line breaks kept, every other control character escaped. */
export function printableLines(text: string): string {
  return text.replace(CONTROL, escaped);
}
