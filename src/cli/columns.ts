// The columns the CLI can show, by the names `--columns` takes: the package's own field names.
import type { Package } from "../core/types.js";

export interface Column {
  key: keyof Package;
  /** The table's heading. */
  head: string;
  /** The exact value, for CSV and the piped table. */
  value: (p: Package) => string;
  /** What the terminal table shows, when it differs (shorter). */
  cell?: (p: Package) => string;
  /** A time: on a terminal, said as gh says it ("about 2 days ago"). */
  date?: true;
}

/**
 * A field the spec does not hold the server to, as text: a string as is, a number or a boolean as
 * written, anything else (an object, null) empty, so that a wrong type prints as the other fields do.
 */
const textOf = (value: unknown): string => (typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : "");

export const COLUMNS: readonly Column[] = [
  { key: "id", head: "ID", value: (p) => String(p.id) },
  { key: "name", head: "NAME", value: (p) => p.name },
  { key: "package_type", head: "TYPE", value: (p) => p.package_type },
  { key: "visibility", head: "VISIBILITY", value: (p) => p.visibility },
  { key: "version_count", head: "VERSIONS", value: (p) => String(p.version_count) },
  { key: "repository", head: "REPOSITORY", value: (p) => textOf(p.repository?.full_name), cell: (p) => textOf(p.repository?.full_name) || "-" },
  { key: "html_url", head: "URL", value: (p) => p.html_url },
  { key: "created_at", head: "CREATED", value: (p) => p.created_at, cell: (p) => p.created_at.slice(0, 10), date: true },
  { key: "updated_at", head: "UPDATED", value: (p) => p.updated_at, cell: (p) => p.updated_at.slice(0, 10), date: true },
];

/** The names `--columns` takes. */
export const COLUMN_KEYS = COLUMNS.map((c) => c.key);
/** The table's columns unless `--columns` says otherwise. */
export const TABLE_COLUMNS = ["id", "name", "package_type", "visibility", "version_count", "repository", "updated_at"];
/** The CSV's columns unless `--columns` says otherwise: every one. */
export const CSV_COLUMNS = COLUMN_KEYS;

/** The columns named, in the order named. */
export function columnsNamed(keys: readonly string[]): Column[] {
  return keys.flatMap((key) => COLUMNS.filter((c) => c.key === key));
}

/** The package with only the fields named (for JSON), in the order named; absent ones stay absent. */
export function pick(p: Package, keys: readonly string[]): Partial<Package> {
  return Object.fromEntries(keys.filter((k) => Object.hasOwn(p, k)).map((k) => [k, p[k as keyof Package]]));
}
