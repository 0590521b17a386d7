// How a listing is written: JSON, NDJSON, CSV or a table (see table.ts).
import type { Package } from "../types.js";
import { COLUMNS, table } from "./table.js";
import type { CliIO } from "./main.js";

export const FORMATS = ["table", "json", "ndjson", "csv"] as const;
export type Format = (typeof FORMATS)[number];

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csv(packages: Package[]): string {
  const rows = [COLUMNS.map((c) => c.head.toLowerCase()), ...packages.map((p) => COLUMNS.map((c) => c.get(p)))];
  return rows.map((row) => `${row.map(csvCell).join(",")}\r\n`).join("");
}

/** The whole output for `packages` in `format`. */
export function render(packages: Package[], format: Format, io: CliIO): string {
  switch (format) {
    case "json":
      return `${JSON.stringify(packages, null, 2)}\n`;
    case "ndjson":
      return packages.map((p) => `${JSON.stringify(p)}\n`).join("");
    case "csv":
      return csv(packages);
    case "table":
      return table(packages, io);
  }
}
