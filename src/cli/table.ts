// The table format: names are shown whole; on a narrow terminal the least useful columns go first.
import type { Package } from "../types.js";
import type { Column } from "./columns.js";
import type { CliIO } from "./main.js";
import { printable } from "./terminal.js";

const GAP = 2;

/** The columns that fit in `limit`, dropping those with the highest `dropOrder` first. */
function fittingColumns(columns: Column[], widths: Map<Column, number>, limit: number): Column[] {
  const total = (cols: Column[]) => cols.reduce((sum, c) => sum + (widths.get(c) ?? 0), 0) + GAP * (cols.length - 1);
  const droppable = columns.filter((c) => c.dropOrder).sort((a, b) => (b.dropOrder ?? 0) - (a.dropOrder ?? 0));
  let kept = columns;
  for (let drop; total(kept) > limit && (drop = droppable.shift()); ) {
    const gone = drop;
    kept = kept.filter((c) => c !== gone);
  }
  return kept;
}

/**
 * The table for `packages`, fitted to the terminal when stdout is one. The type column is left
 * out when a single type is listed (every row would say the same).
 */
export function table(packages: Package[], io: CliIO, wanted: Column[], types: number): string {
  if (packages.length === 0) return "No packages.\n";
  const limit = io.stdout.isTTY && io.stdout.columns ? io.stdout.columns : Infinity;
  const columns = types > 1 ? wanted : wanted.filter((c) => c.key !== "package_type");
  // Every cell once, and each column's natural width once.
  const cells = new Map(columns.map((c) => [c, packages.map((p) => printable((c.cell ?? c.value)(p)))]));
  const widths = new Map(columns.map((c) => [c, (cells.get(c) ?? []).reduce((w, text) => Math.max(w, text.length), c.head.length)]));
  const shown = fittingColumns(columns, widths, limit);
  const shownWidths = shown.map((c) => widths.get(c) ?? 0);
  const line = (row: string[]) => row.map((text, i) => text.padEnd(shownWidths[i] ?? 0)).join(" ".repeat(GAP)).trimEnd();
  const color = io.stdout.isTTY === true && !io.env.NO_COLOR;
  const head = line(shown.map((c) => c.head));
  const rows = packages.map((_, r) => `${line(shown.map((c) => cells.get(c)?.[r] ?? ""))}\n`).join("");
  return `${color ? `\x1b[1m${head}\x1b[22m` : head}\n${rows}`;
}
