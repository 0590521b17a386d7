// The table format: columns fitted to the terminal's width, the least useful dropped first, the
// flexible ones shrunk with an ellipsis.
import type { Package } from "../types.js";
import type { CliIO } from "./main.js";
import { printable } from "./terminal.js";

export interface Column {
  head: string;
  get: (p: Package) => string;
  /** Shrinks (with an ellipsis) when the terminal is narrow. */
  flexible?: boolean;
  /** Dropped when even shrinking is not enough: higher goes first. */
  dropOrder?: number;
}

export const COLUMNS: Column[] = [
  { head: "ID", get: (p) => String(p.id) },
  { head: "NAME", get: (p) => p.name, flexible: true },
  { head: "TYPE", get: (p) => p.package_type, dropOrder: 2 },
  { head: "VISIBILITY", get: (p) => p.visibility },
  { head: "VERSIONS", get: (p) => String(p.version_count), dropOrder: 3 },
  { head: "REPOSITORY", get: (p) => p.repository?.full_name ?? "-", flexible: true, dropOrder: 1 },
  { head: "UPDATED", get: (p) => p.updated_at.slice(0, 10), dropOrder: 4 },
];

const GAP = 2;
const MIN_FLEX = 8;

/** The columns that fit in `limit`: the least useful dropped while even their narrowest form does not. */
function fittingColumns(natural: Map<Column, number>, limit: number): Column[] {
  const width = (c: Column) => natural.get(c) ?? 0;
  const smallest = (cols: Column[]) => cols.reduce((sum, c) => sum + (c.flexible ? Math.min(MIN_FLEX, width(c)) : width(c)), 0) + GAP * (cols.length - 1);
  const droppable = COLUMNS.filter((c) => c.dropOrder).sort((a, b) => (b.dropOrder ?? 0) - (a.dropOrder ?? 0));
  let columns = COLUMNS;
  for (let drop; smallest(columns) > limit && (drop = droppable.shift()); ) {
    const gone = drop;
    columns = columns.filter((c) => c !== gone);
  }
  return columns;
}

/** Widths for `columns`, the flexible ones shrunk (widest first) until the row fits in `limit`. */
function fittedWidths(columns: Column[], natural: Map<Column, number>, limit: number): number[] {
  const widths = columns.map((c) => natural.get(c) ?? 0);
  const total = () => widths.reduce((a, b) => a + b, 0) + GAP * (widths.length - 1);
  const flexible = columns.flatMap((c, i) => (c.flexible ? [i] : []));
  while (total() > limit && flexible.length) {
    const widest = flexible.reduce((a, b) => ((widths[b] ?? 0) > (widths[a] ?? 0) ? b : a));
    if ((widths[widest] ?? 0) <= MIN_FLEX) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
  }
  return widths;
}

/** The table for `packages`, fitted to the terminal when stdout is one. */
export function table(packages: Package[], io: CliIO): string {
  if (packages.length === 0) return "No packages.\n";
  const limit = io.stdout.isTTY && io.stdout.columns ? io.stdout.columns : Infinity;
  // Every cell once, and each column's natural width once.
  const cells = new Map(COLUMNS.map((c) => [c, packages.map((p) => printable(c.get(p)))]));
  const natural = new Map(COLUMNS.map((c) => [c, (cells.get(c) ?? []).reduce((w, text) => Math.max(w, text.length), c.head.length)]));
  const columns = fittingColumns(natural, limit);
  const widths = fittedWidths(columns, natural, limit);
  const fit = (text: string, w: number) => (text.length > w ? `${text.slice(0, w - 1)}…` : text.padEnd(w));
  const line = (row: string[]) => row.map((c, i) => fit(c, widths[i] ?? 0)).join(" ".repeat(GAP)).trimEnd();
  const color = io.stdout.isTTY === true && !io.env.NO_COLOR;
  const head = line(columns.map((c) => c.head));
  const rows = packages.map((_, r) => `${line(columns.map((c) => cells.get(c)?.[r] ?? ""))}\n`).join("");
  return `${color ? `\x1b[1m${head}\x1b[22m` : head}\n${rows}`;
}
