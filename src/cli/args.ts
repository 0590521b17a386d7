// Reading the command line: usage errors with a suggestion, and flag values checked against the
// same rules the client uses.
import { parseArgs } from "node:util";
import { nearest } from "../params.js";

/** A mistake on the command line: exit 2 with the message. */
export class UsageError extends Error {}

/** The flags of one command, as parseArgs takes them. */
export type Flags = NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>["options"]>;

/** "a, b or c" */
export const either = (values: readonly string[]): string => `${values.slice(0, -1).join(", ")} or ${String(values.at(-1))}`;

/** " (did you mean x?)" when something close to `given` is among `known`. */
export function suggestion(given: string, known: readonly string[], prefix = ""): string {
  const meant = nearest(given.replace(/^-+/, ""), known);
  return meant ? ` (did you mean ${prefix}${meant}?)` : "";
}

/** Parses `args` strictly; an unknown flag is a UsageError naming the flag probably meant. */
export function parseFlags<O extends Flags>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const unknown = /Unknown option '([^']+)'/.exec(message)?.[1];
    if (unknown === undefined) throw new UsageError(message.split(". ")[0] ?? message);
    const hint = /^--?token/.test(unknown)
      ? " (the token is read from GITHUB_TOKEN or GH_TOKEN, never from the command line)"
      : suggestion(unknown, Object.keys(options), "--");
    throw new UsageError(`unknown option ${unknown}${hint}`);
  }
}

/** A flag's value when it is one of `allowed`. */
export function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  const found = allowed.find((a) => a === value);
  if (found === undefined) throw new UsageError(`${flag} must be one of ${allowed.join(", ")} (got "${value}")${suggestion(value, allowed)}`);
  return found;
}

/** A flag's comma-separated values, each one of `allowed`, without repeats. */
export function someOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T[] {
  const picked = value.split(",").map((v) => oneOf(flag, v.trim(), allowed) as T);
  if (new Set(picked).size !== picked.length) throw new UsageError(`${flag} names a value twice (got "${value}")`);
  return picked;
}

/** A flag's value as a whole number from `min` to `max`. */
export function integer(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) throw new UsageError(`${flag} must be an integer from ${min} to ${max} (got "${value}")`);
  return n;
}

/** A flag's value as a number from `min` to `max`. */
export function fraction(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) throw new UsageError(`${flag} must be a number from ${min} to ${max} (got "${value}")`);
  return n;
}
