// The table format, as gh prints it. On a terminal: aligned columns fitted to the width, ID and
// NAME whole, other cells cut with an ellipsis, and columns that do not fit left out from the right. Piped: one tab-separated line per package,
// no header, so `cut -f2`, `sort` and `| head` work on it as it streams.
import type { Package } from "../core/types.js";
import type { Column } from "./columns.js";
import { cut } from "./screen.js";
import { fuzzyAgo } from "./ago.js";
import { printable, visible } from "./terminal.js";

const GAP = 2;
// The columns that tell packages apart: never cut, never dropped.
const IDENTITY = new Set<string>(["id", "name"]);

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

/** What a column may shrink to before it is dropped: its heading, and no fewer than this. */
const NARROWEST = 6;

/**
 * Which columns fit `limit`, and their widths. The `fixed` ones (ID and NAME) keep their natural
 * width, whatever the limit; the others shrink (to their heading, or {@link NARROWEST}), and
 * when even that does not fit they are dropped from the right.
 */
export function fitColumns(natural: readonly number[], floors: readonly number[], fixed: readonly boolean[], limit: number): { kept: number[]; widths: number[] } {
  const kept = natural.map((_, i) => i);
  const width = (i: number) => natural[i] ?? 0;
  for (;;) {
    const flex = kept.filter((i) => !fixed[i]);
    const room = limit - GAP * (kept.length - 1) - kept.filter((i) => fixed[i]).reduce((sum, i) => sum + width(i), 0);
    const least = flex.reduce((sum, i) => sum + Math.min(width(i), Math.max(floors[i] ?? 0, NARROWEST)), 0);
    if (least <= room || flex.length === 0) {
      const shrunk = fitWidths(flex.map(width), Math.max(flex.length, room + GAP * (flex.length - 1)));
      return { kept, widths: kept.map((i) => (fixed[i] ? width(i) : (shrunk[flex.indexOf(i)] ?? 1))) };
    }
    kept.splice(kept.lastIndexOf(flex.at(-1) ?? -1), 1);
  }
}

export interface TerminalTable {
  width: number;
  header: boolean;
  color: boolean;
  /** Now, for dates in gh's words ("about 2 days ago"); exact dates when not given. */
  now?: number | undefined;
}

/** What a cell shows on a terminal: dates relative to `now`, control and invisible characters escaped. */
function cellOf(c: Column, now: number | undefined): (p: Package) => string {
  const text = c.date && now !== undefined ? (p: Package) => fuzzyAgo(c.value(p), now) : (c.cell ?? c.value);
  return (p) => visible(printable(text(p)));
}

/** The table of `packages` for a terminal, and the headings of the columns left out for want of width. */
export function terminalTable(packages: readonly Package[], all: readonly Column[], how: TerminalTable): { text: string; dropped: string[] } {
  const allCells = all.map((c) => packages.map(cellOf(c, how.now)));
  const natural = all.map((c, i) => (allCells[i] ?? []).reduce((w, text) => Math.max(w, Array.from(text).length), how.header ? c.head.length : 1));
  const fit = fitColumns(
    natural,
    all.map((c) => c.head.length),
    all.map((c) => IDENTITY.has(c.key)),
    how.width,
  );
  const columns = fit.kept.map((i) => all[i] as Column);
  const cells = fit.kept.map((i) => allCells[i] ?? []);
  const line = (row: string[]) =>
    row
      .map((text, i) => {
        const w = fit.widths[i] ?? 0;
        const shown = cut(text, w);
        return shown + " ".repeat(Math.max(0, w - Array.from(shown).length));
      })
      .join(" ".repeat(GAP))
      .trimEnd();
  const head = line(columns.map((c) => c.head));
  const rows = packages.map((_, r) => `${line(cells.map((column) => column[r] ?? ""))}\n`);
  const text = `${how.header ? `${how.color ? `\x1b[1m${head}\x1b[22m` : head}\n` : ""}${rows.join("")}`;
  return { text, dropped: all.filter((_, i) => !fit.kept.includes(i)).map((c) => c.head) };
}

/** One package as a tab-separated line: exact values, control characters (tabs too) escaped. */
export function tsvRow(p: Package, columns: readonly Column[]): string {
  return `${columns.map((c) => printable(c.value(p))).join("\t")}\n`;
}
