// The columns the CLI can show, by the names `--columns` takes: the package's own field names.
import type { Package } from "../types.js";

export interface Column {
  key: string;
  /** The table's heading. */
  head: string;
  /** The exact value, for CSV. */
  value: (p: Package) => string;
  /** What the table shows, when it differs (shorter). */
  cell?: (p: Package) => string;
  /** Dropped from a narrow table: higher goes first. Columns without it are always kept. */
  dropOrder?: number;
}

export const COLUMNS: readonly Column[] = [
  { key: "id", head: "ID", value: (p) => String(p.id) },
  { key: "name", head: "NAME", value: (p) => p.name },
  { key: "package_type", head: "TYPE", value: (p) => p.package_type, dropOrder: 3 },
  { key: "visibility", head: "VISIBILITY", value: (p) => p.visibility, dropOrder: 1 },
  { key: "version_count", head: "VERSIONS", value: (p) => String(p.version_count), dropOrder: 5 },
  { key: "repository", head: "REPOSITORY", value: (p) => p.repository?.full_name ?? "", cell: (p) => p.repository?.full_name ?? "-", dropOrder: 4 },
  { key: "html_url", head: "URL", value: (p) => p.html_url, dropOrder: 7 },
  { key: "created_at", head: "CREATED", value: (p) => p.created_at, cell: (p) => p.created_at.slice(0, 10), dropOrder: 8 },
  { key: "updated_at", head: "UPDATED", value: (p) => p.updated_at, cell: (p) => p.updated_at.slice(0, 10), dropOrder: 6 },
];

/** The table's columns unless `--columns` says otherwise. */
export const TABLE_COLUMNS = ["id", "name", "package_type", "visibility", "version_count", "repository", "updated_at"];
/** The CSV's columns unless `--columns` says otherwise: every one. */
export const CSV_COLUMNS = COLUMNS.map((c) => c.key);

/** The columns named, in the order named. */
export function columnsNamed(keys: readonly string[]): Column[] {
  return keys.flatMap((key) => COLUMNS.filter((c) => c.key === key));
}
