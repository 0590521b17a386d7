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
      await put(stream, head + packages.map((p) => csvRow(columns.map((c) => c.value(p)))).join(""));
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
      const items = packages.map((p) => `${count++ ? ",\n" : "[\n"}${JSON.stringify(p, null, 2).replace(/^/gm, "  ")}`);
      await put(stream, items.join(""));
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
      return { page: (packages) => put(stream, packages.map((p) => `${JSON.stringify(p)}\n`).join("")), end: () => Promise.resolve() };
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
