// Streams for driving the CLI in-process (its IO seam), and a small terminal that stdout and
// stderr can share: it applies "\r", "\n" and "erase to end of line" (ESC [ K) as a terminal
// does, wrapping at its width, so a test can read the screen a user would see.
import type { CliStream } from "../src/cli/main.js";

/** A stream that keeps what was written to it. */
export interface Recorder extends CliStream {
  /** Everything written, in one string. */
  text(): string;
  /** Each write, in order. */
  writes: string[];
}

export function recorder(isTTY: boolean, columns?: number, onWrite?: (text: string) => void): Recorder {
  const writes: string[] = [];
  return {
    isTTY,
    columns,
    writes,
    write: (t: string) => {
      writes.push(t);
      onWrite?.(t);
      return true;
    },
    text: () => writes.join(""),
  };
}

/** A terminal `width` columns wide that stdout and stderr both draw on. */
export class FakeTerminal {
  private lines: string[] = [""];
  private col = 0;
  readonly stdout: Recorder;
  readonly stderr: Recorder;

  constructor(readonly width: number) {
    this.stdout = recorder(true, width, (t) => this.draw(t));
    this.stderr = recorder(true, width, (t) => this.draw(t));
  }

  /** The screen's lines, as shown (the last one is where the cursor is). */
  screen(): string[] {
    return [...this.lines];
  }

  private draw(text: string): void {
    // ESC [ K, "\r", "\n", or one character. Other sequences are drawn as text: this terminal
    // shows what a test must not see, rather than obeying it.
    for (const [token] of text.matchAll(/\x1b\[K|[\s\S]/gu)) {
      if (token === "\x1b[K") this.setLine(this.current().slice(0, this.col));
      else if (token === "\r") this.col = 0;
      else if (token === "\n") this.newLine();
      else this.put(token);
    }
  }

  private current(): string {
    return this.lines[this.lines.length - 1] ?? "";
  }

  private setLine(text: string): void {
    this.lines[this.lines.length - 1] = text;
  }

  private newLine(): void {
    this.lines.push("");
    this.col = 0;
  }

  private put(char: string): void {
    if (this.col >= this.width) this.newLine(); // it wraps: "\r" then only reaches this new line
    const line = this.current().padEnd(this.col);
    this.setLine(line.slice(0, this.col) + char + line.slice(this.col + 1));
    this.col++;
  }
}
