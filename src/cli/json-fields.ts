// `--json fields`, as gh's: the named fields of each package, in that order, as one JSON array.
// `--json` with no fields lists the fields (exit 1), as gh does.
import { packageSchema } from "../../generated/package-schema.js";
import { suggestion, UsageError } from "./args.js";

/** Every field of a package, as the generated schema names them. */
export const JSON_FIELDS: readonly string[] = Object.keys(packageSchema.properties);

/** True when `--json` is given without fields: last, empty (`--json=`), or followed by another option. */
export function fieldsMissing(args: readonly string[]): boolean {
  return args.some((arg, i) => arg === "--json=" || (arg === "--json" && (args[i + 1] === undefined || args[i + 1]?.startsWith("-") === true)));
}

/** What gh prints for `--json` without fields. */
export const FIELD_LIST = `Specify one or more comma-separated fields for \`--json\`:\n${JSON_FIELDS.map((f) => `  ${f}\n`).join("")}`;

/** `--json`'s fields, checked: known, none twice. */
export function jsonFields(value: string): string[] {
  const fields = value.split(",").map((f) => f.trim());
  const unknown = fields.find((f) => !JSON_FIELDS.includes(f));
  if (unknown !== undefined) throw new UsageError(`--json: unknown field "${unknown}"${suggestion(unknown, JSON_FIELDS)} (fields: ${JSON_FIELDS.join(", ")})`);
  if (new Set(fields).size !== fields.length) throw new UsageError(`--json names a field twice (got "${value}")`);
  return fields;
}
