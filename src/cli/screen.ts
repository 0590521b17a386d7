// One writer for the screen. On a terminal, stderr carries a progress line that rewrites itself;
// every other line, on stdout or stderr, is written only after that line is cleared, and the
// progress line is drawn again below it, so progress text is never glued onto data or messages.
import type { CliIO, CliStream } from "./io.js";

/** Clears the current terminal line. */
const CLEAR = "\r\x1b[K";

export interface Screen {
  /** stdout, through the screen. */
  stdout: CliStream;
  /** stderr, through the screen. */
  stderr: CliStream;
  /** Sets the progress line ("" removes it); nothing happens unless stderr is a terminal. */
  status(text: string): void;
}

/** `text` cut to `width` characters (code points), the last one an ellipsis when cut. */
export function cut(text: string, width: number): string {
  const chars = Array.from(text);
  if (chars.length <= width) return text;
  return width < 1 ? "" : `${chars.slice(0, width - 1).join("")}…`;
}

export function createScreen(io: CliIO): Screen {
  const live = io.stderr.isTTY === true;
  // Whether stdout draws on the same screen as the progress line.
  const shared = live && io.stdout.isTTY === true;
  let shown = "";
  // A progress line is drawn only at the start of a line: not after data that did not end one.
  let midLine = false;
  const draw = () => {
    if (shown && !midLine) io.stderr.write(shown);
  };
  const through = (target: CliStream, onScreen: boolean): CliStream => ({
    isTTY: target.isTTY,
    columns: target.columns,
    once: (event, listener) => target.once?.(event, listener),
    write(text: string) {
      if (!onScreen || !text) return target.write(text);
      if (shown && !midLine) io.stderr.write(CLEAR);
      const result = target.write(text);
      midLine = !text.endsWith("\n");
      draw();
      return result;
    },
  });
  return {
    stdout: through(io.stdout, shared),
    stderr: through(io.stderr, live),
    status(text) {
      if (!live) return;
      // One column short of the width: writing into the last column wraps on some terminals.
      const next = text && cut(text, Math.max(1, (io.stderr.columns || 80) - 1));
      if (next === shown) return;
      if (!midLine) io.stderr.write(CLEAR);
      shown = next;
      draw();
    },
  };
}
