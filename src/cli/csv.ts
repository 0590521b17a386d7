// The CSV format (RFC 4180), safe to open in a spreadsheet: a cell that starts like a formula
// gets a leading apostrophe (OWASP's rule for CSV injection), so a package name cannot run code.
import type { Package } from "../core/types.js";
import type { Column } from "./columns.js";
import { printable, visible } from "./terminal.js";

// What a spreadsheet may read as the start of a formula: = + - @, or a tab or CR before one.
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell; `terminal` escapes control characters, as on a terminal they would act. */
export function csvCell(value: string, terminal: boolean): string {
  const neutral = FORMULA_START.test(value) ? `'${value}` : value;
  const shown = terminal ? visible(printable(neutral)) : neutral;
  return /[",\r\n]/.test(shown) ? `"${shown.replace(/"/g, '""')}"` : shown;
}

export const csvRow = (cells: readonly string[], terminal: boolean): string => `${cells.map((c) => csvCell(c, terminal)).join(",")}\r\n`;

export const csvHeader = (columns: readonly Column[]): string => csvRow(columns.map((c) => c.key), false);

export const csvLine = (p: Package, columns: readonly Column[], terminal: boolean): string => csvRow(columns.map((c) => c.value(p)), terminal);
