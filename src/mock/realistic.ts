// Fixtures that look like GitHub's answers: built from the spec's schema, so every optional field
// is present in some packages and absent in others; an unlinked repository is sometimes an absent
// key and sometimes null; a few owners are null; and one package in eight carries every optional
// field there is. Deterministic by seed.
import { packageSchema } from "../../generated/package-schema.js";
import { queryRules } from "../../generated/query-rules.js";
import type { AllowUndefined, Package } from "../core/types.js";
import { mulberry32 } from "./faults.js";
import { makePackage, makeRepository, type PackageOverrides } from "./fixtures.js";

/** The parts of a JSON Schema the sampler reads. */
interface Schema {
  type?: string | readonly string[];
  properties?: Readonly<Record<string, Schema>>;
  required?: readonly string[];
  items?: Schema;
  enum?: readonly unknown[];
  format?: string;
}

// The generated schema is a deep `as const` literal; read it through the loose shape above.
const PACKAGE = packageSchema as unknown as Schema;
const REPOSITORY = PACKAGE.properties?.repository ?? {};
const OWNER = PACKAGE.properties?.owner ?? {};

/** How to fill optional fields: each with probability `share` (1: all of them). */
interface Fill {
  random: () => number;
  share: number;
}

/** A scalar for `schema`, named after the field (`name`). */
function scalar(schema: Schema, type: string, name: string, fill: Fill): unknown {
  if (schema.enum) return schema.enum[Math.floor(fill.random() * schema.enum.length)];
  if (type === "integer" || type === "number") return Math.floor(fill.random() * 1000);
  if (type === "boolean") return fill.random() < 0.5;
  if (schema.format === "date-time") return new Date(Date.UTC(2024, 0, 1) + Math.floor(fill.random() * 3e10)).toISOString();
  if (schema.format === "uri") return `https://example.invalid/${name}`;
  if (schema.format === "email") return `${name}@example.invalid`;
  return `${name}-${Math.floor(fill.random() * 1000)}`;
}

/** A value for `schema`; optional object fields are filled as `fill` says. */
function sample(schema: Schema, name: string, fill: Fill, depth = 0): unknown {
  const types = (Array.isArray(schema.type) ? schema.type : [schema.type ?? "object"]) as string[];
  const type = types.find((t) => t !== "null") ?? "null";
  if (type === "null") return null;
  if (type === "array") return depth > 3 ? [] : [sample(schema.items ?? {}, name, fill, depth + 1)];
  if (type !== "object") return scalar(schema, type, name, fill);
  return fillObject({}, schema, fill, depth);
}

/** `base` with the schema's missing required fields, and optional ones as `fill` says. */
function fillObject(base: Record<string, unknown>, schema: Schema, fill: Fill, depth: number): Record<string, unknown> {
  const out = { ...base };
  const required = new Set(schema.required ?? []);
  for (const [name, field] of Object.entries(schema.properties ?? {})) {
    const given = out[name];
    // A nested object already there (a repository's owner, say) gets its optional fields too.
    if (given !== null && typeof given === "object" && !Array.isArray(given) && field.properties) {
      out[name] = fillObject(given as Record<string, unknown>, field, fill, depth + 1);
    } else if (!(name in out) && (required.has(name) || fill.random() < fill.share)) {
      out[name] = sample(field, name, fill, depth + 1);
    }
  }
  return out;
}

/** One package as GitHub might send it; `rich` fills every optional field. */
function realisticPackage(index: number, overrides: AllowUndefined<Partial<Package>>, random: () => number, rich: boolean): Record<string, unknown> {
  const fill: Fill = { random, share: rich ? 1 : 0.5 };
  const base = makePackage(index, overrides) as Record<string, unknown>;
  const out: Record<string, unknown> = { ...base, owner: fillObject({ ...(base.owner as object) }, OWNER, fill, 1) };
  const who = rich ? 1 : random();
  if (who < 0.04) delete out.owner; // an optional field: GitHub may leave it out
  else if (who < 0.1) out.owner = null;
  delete out.repository;
  const roll = random();
  if (rich || roll < 0.5) out.repository = fillObject({ ...makeRepository(`repo-${index + 1}`, undefined, 10_000 + index) }, REPOSITORY, fill, 1);
  else if (roll < 0.75) out.repository = null; // unlinked, said as null
  // else: unlinked, the key left out, as in GitHub's own example
  return out;
}

/**
 * `count` packages that look like GitHub's, the same for the same seed. `overrides` works as for
 * `makePackages` (the package type defaults to `container`).
 *
 * @example
 * const mock = await startMockGitHub({ packages: makeRealisticPackages(60, { seed: 7 }) });
 */
export function makeRealisticPackages(count: number, options: { seed?: number; overrides?: PackageOverrides } = {}): Package[] {
  const random = mulberry32(options.seed ?? 1);
  const { overrides = {} } = options;
  // Built from the schema's own fields: each has the type the spec gives it.
  return Array.from({ length: count }, (_, i) => realisticPackage(i, typeof overrides === "function" ? overrides(i) : overrides, random, i % 8 === 7) as Package);
}

/** The fixture set a mock serves when given none: seven packages of each of the six types, as GitHub might send them. */
export function defaultPackages(): Package[] {
  const types = queryRules.package_type.enum;
  const names = ["api", "web", "worker", "cli", "sdk", "docs", "base-image"];
  return makeRealisticPackages(types.length * names.length, {
    overrides: (i) => {
      const k = Math.floor(i / types.length);
      return { package_type: types[i % types.length], name: names[k], visibility: k % 3 === 1 ? "private" : "public" };
    },
  });
}
