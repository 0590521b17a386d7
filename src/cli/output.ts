// How a listing is written. JSON, NDJSON and CSV are written page by page as pages arrive, so
// memory does not grow with the listing; the table needs every row to size its columns.
import type { Package } from "../types.js";
import { columnsNamed, type Column } from "./columns.js";
import type { CliIO, CliStream } from "./main.js";
import { table } from "./table.js";

export const FORMATS = ["table", "json", "ndjson", "csv"] as const;
export type Format = (typeof FORMATS)[number];

/** Receives the listing page by page. */
export interface Writer {
  page(packages: Package[]): Promise<void>;
  end(): Promise<void>;
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

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const csvRow = (cells: string[]) => `${cells.map(csvCell).join(",")}\r\n`;

function csvWriter(stream: CliStream, columns: Column[], header: boolean): Writer {
  let started = !header;
  return {
    async page(packages) {
      const head = started ? "" : csvRow(columns.map((c) => c.key));
      started = true;
      await putAll(stream, [head, ...packages.map((p) => csvRow(columns.map((c) => c.value(p))))]);
    },
    async end() {
      if (!started) await put(stream, csvRow(columns.map((c) => c.key)));
    },
  };
}

// The same text as JSON.stringify(all, null, 2), written a page at a time.
function jsonWriter(stream: CliStream): Writer {
  let count = 0;
  return {
    async page(packages) {
      await putAll(stream, packages.map((p) => `${count++ ? ",\n" : "[\n"}${JSON.stringify(p, null, 2).replace(/^/gm, "  ")}`));
    },
    async end() {
      await put(stream, count ? "\n]\n" : "[]\n");
    },
  };
}

/** The writer for `format`; `columns` (keys) apply to table and CSV. */
export function writerFor(format: Format, io: CliIO, columns: string[], options: { header: boolean; types: number }): Writer {
  const stream = io.stdout;
  switch (format) {
    case "json":
      return jsonWriter(stream);
    case "ndjson":
      return { page: (packages) => putAll(stream, packages.map((p) => `${JSON.stringify(p)}\n`)), end: () => Promise.resolve() };
    case "csv":
      return csvWriter(stream, columnsNamed(columns), options.header);
    case "table": {
      const rows: Package[] = [];
      return {
        page: (packages) => Promise.resolve(void rows.push(...packages)),
        end: () => put(stream, table(rows, io, columnsNamed(columns), options.types)),
      };
    }
  }
}
