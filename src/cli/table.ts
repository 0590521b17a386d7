// The table format, as gh prints it. On a terminal: aligned columns fitted to the width, long
// cells cut with an ellipsis, every named column kept. Piped: one tab-separated line per package,
// no header, so `cut -f2`, `sort` and `| head` work on it as it streams.
import type { Package } from "../types.js";
import type { Column } from "./columns.js";
import { cut } from "./screen.js";
import { printable } from "./terminal.js";

const GAP = 2;

/**
 * Column widths that fit `limit` with gaps: the natural widths when they fit, else the widest
 * columns narrowed to one common cap (and the room left over shared out), none below 1.
 */
export function fitWidths(natural: readonly number[], limit: number): number[] {
  const room = limit - GAP * (natural.length - 1);
  const sum = (ws: readonly number[]) => ws.reduce((a, b) => a + b, 0);
  if (sum(natural) <= room) return [...natural];
  const capped = (cap: number) => natural.map((w) => Math.min(w, cap));
  let cap = 1;
  while (sum(capped(cap + 1)) <= room) cap++;
  const widths = capped(cap);
  let spare = room - sum(widths);
  return widths.map((w, i) => (spare > 0 && (natural[i] ?? 0) > w ? (spare--, w + 1) : w));
}

export interface TerminalTable {
  width: number;
  header: boolean;
  color: boolean;
}

/** The table of `packages` for a terminal. */
export function terminalTable(packages: readonly Package[], columns: readonly Column[], how: TerminalTable): string {
  const cells = columns.map((c) => packages.map((p) => printable((c.cell ?? c.value)(p))));
  const natural = columns.map((c, i) => (cells[i] ?? []).reduce((w, text) => Math.max(w, Array.from(text).length), how.header ? c.head.length : 1));
  const widths = fitWidths(natural, how.width);
  const line = (row: string[]) =>
    row
      .map((text, i) => {
        const w = widths[i] ?? 0;
        const shown = cut(text, w);
        return shown + " ".repeat(Math.max(0, w - Array.from(shown).length));
      })
      .join(" ".repeat(GAP))
      .trimEnd();
  const head = line(columns.map((c) => c.head));
  const rows = packages.map((_, r) => `${line(cells.map((column) => column[r] ?? ""))}\n`);
  return `${how.header ? `${how.color ? `\x1b[1m${head}\x1b[22m` : head}\n` : ""}${rows.join("")}`;
}

/** One package as a tab-separated line: exact values, control characters (tabs too) escaped. */
export function tsvRow(p: Package, columns: readonly Column[]): string {
  return `${columns.map((c) => printable(c.value(p))).join("\t")}\n`;
}
