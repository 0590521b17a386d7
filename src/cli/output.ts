// How a listing is written. Everything but the terminal table is written page by page as pages
// arrive, so memory does not grow with the listing and `| head` returns after the first page; the
// terminal table needs every row to size its columns. Each writer can say what it has written,
// for the message of an interruption.
import type { Package } from "../core/types.js";
import { COLUMN_KEYS, columnsNamed, pick, TABLE_COLUMNS, type Column } from "./columns.js";
import { csvHeader, csvLine } from "./csv.js";
import type { CliStream } from "./io.js";
import { terminalTable, tsvRow } from "./table.js";
import { terminalJson } from "./terminal.js";

export const FORMATS = ["table", "json", "ndjson", "csv"] as const;
export type Format = (typeof FORMATS)[number];

/** Receives the listing page by page. */
export interface Writer {
  page(packages: Package[]): Promise<void>;
  end(): Promise<void>;
  /** What is on stdout when the listing stops before `end`, in words. */
  sofar(): string;
}

export interface WriterOptions {
  /** `--columns`, when given. */
  columns: string[] | undefined;
  header: boolean;
  /** How many package types are listed (one: the table leaves out the type column). */
  types: number;
  color: boolean;
  /** Now, for the terminal table's dates in gh's words. */
  now?: number | undefined;
  /** Says a line on stderr (the terminal table's columns left out). */
  note?: ((text: string) => void) | undefined;
}

/** Writes `text`, and waits for the stream to drain when it asks to (a slow pipe). */
async function put(stream: CliStream, text: string): Promise<void> {
  if (stream.write(text) === false && stream.once) await new Promise<void>((resolve) => stream.once?.("drain", resolve));
}

// Pieces are written in chunks of about this size: a page joined into one string would be a large
// object, which only a full collection frees, so memory would grow with the listing.
const CHUNK = 32 * 1024;

/** Writes `pieces` in order, joined into chunks of about {@link CHUNK} characters. */
async function putAll(stream: CliStream, pieces: string[]): Promise<void> {
  let chunk = "";
  for (const piece of pieces) {
    chunk += piece;
    if (chunk.length >= CHUNK) {
      await put(stream, chunk);
      chunk = "";
    }
  }
  if (chunk) await put(stream, chunk);
}

const packagesWord = (n: number) => `${n} package${n === 1 ? "" : "s"}`;

/** A writer of one line (or block) per package, with an optional head and tail. */
function streamed(stream: CliStream, line: (p: Package, index: number) => string, frame: { head?: string; tail?: (count: number) => string; cut?: string }): Writer {
  let count = 0;
  let started = false;
  const start = () => (started ? "" : ((started = true), frame.head ?? ""));
  return {
    async page(packages) {
      if (packages.length) await putAll(stream, [start(), ...packages.map((p) => line(p, count++))]);
    },
    async end() {
      await put(stream, start() + (frame.tail?.(count) ?? ""));
    },
    sofar: () => (count ? `the ${packagesWord(count)} listed so far were written${frame.cut ?? ""}` : "nothing was written"),
  };
}

/** JSON text of `p` (only the fields named, when named); on a terminal, DEL and C1 escaped too. */
function jsonOf(columns: string[] | undefined, terminal: boolean, indent?: number): (p: Package) => string {
  return (p) => {
    const text = JSON.stringify(columns ? pick(p, columns) : p, null, indent);
    return terminal ? terminalJson(text) : text;
  };
}

/**
 * The same text as JSON.stringify(all, null, 2), a page at a time. The last package of a page is
 * held back until the next one comes (or the end), so each write ends a line ("},\n"): a progress
 * line can be drawn between writes. Cut short, it lacks its closing "]".
 */
function jsonWriter(stream: CliStream, json: (p: Package) => string): Writer {
  let written = 0;
  let held: string | undefined;
  const item = (p: Package) => json(p).replace(/^/gm, "  ");
  return {
    async page(packages) {
      if (!packages.length) return;
      const items = packages.map(item);
      // The package held from the previous page, then all of this page's but its last.
      const out = held === undefined ? items.slice(0, -1) : [held, ...items.slice(0, -1)];
      const open = held === undefined ? "[\n" : "";
      held = items.at(-1);
      await putAll(stream, [open, ...out.map((text) => `${text},\n`)]);
      written += out.length;
    },
    async end() {
      await put(stream, held === undefined ? "[]\n" : `${held}\n]\n`);
      if (held !== undefined) written++;
    },
    sofar: () => (written ? `the first ${packagesWord(written)} listed were written, as JSON without its closing "]"` : "nothing was written"),
  };
}

/** The table's columns: the type column only when several types are listed, unless named. */
function tableColumns(options: WriterOptions): Column[] {
  return columnsNamed(options.columns ?? (options.types > 1 ? TABLE_COLUMNS : TABLE_COLUMNS.filter((k) => k !== "package_type")));
}

/** The terminal table, written once the listing is complete; a terminal that reports no width is taken as 80 columns, as gh does. */
function terminalTableWriter(stream: CliStream, options: WriterOptions): Writer {
  const rows: Package[] = [];
  const end = async () => {
    if (!rows.length) return;
    const width = stream.columns || 80;
    const table = terminalTable(rows, tableColumns(options), { width, header: options.header, color: options.color, now: options.now });
    await put(stream, table.text);
    if (table.dropped.length) options.note?.(`${table.dropped.join(", ")} left out: ${width} columns are too narrow (widen the terminal, or choose with --columns)`);
  };
  return {
    page: (packages) => Promise.resolve(void rows.push(...packages)),
    end,
    sofar: () => `nothing was written (on a terminal the table is printed when the listing is complete; ${packagesWord(rows.length)} had been listed)`,
  };
}

/** The writer for `format`, to `stdout`. */
export function writerFor(format: Format, stdout: CliStream, options: WriterOptions): Writer {
  const terminal = stdout.isTTY === true;
  switch (format) {
    case "json":
      return jsonWriter(stdout, jsonOf(options.columns, terminal, 2));
    case "ndjson": {
      const json = jsonOf(options.columns, terminal);
      return streamed(stdout, (p) => `${json(p)}\n`, {});
    }
    case "csv": {
      const columns = columnsNamed(options.columns ?? COLUMN_KEYS);
      return streamed(stdout, (p) => csvLine(p, columns, terminal), options.header ? { head: csvHeader(columns) } : {});
    }
    case "table": {
      if (terminal) return terminalTableWriter(stdout, options);
      const columns = tableColumns(options);
      return streamed(stdout, (p) => tsvRow(p, columns), {});
    }
  }
}
