// Reading the command line: usage errors with a suggestion, and flag values checked against the
// same rules the client uses.
import { parseArgs } from "node:util";
import { nearest } from "../core/door/params.js";

/**
 * A mistake on the command line: exit 2 with the message, on one line (what it quotes of the
 * command line is escaped), then the `hint`, our own words, which may take more lines.
 */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint = "",
  ) {
    super(message);
  }
}

/** The flags of one command, as parseArgs takes them. */
export type Flags = NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>["options"]>;

/** "a, b or c" */
export const either = (values: readonly string[]): string => `${values.slice(0, -1).join(", ")} or ${String(values.at(-1))}`;

/** " (did you mean x?)" when something close to `given` is among `known`. */
export function suggestion(given: string, known: readonly string[], prefix = ""): string {
  const meant = nearest(given.replace(/^-+/, ""), known);
  return meant ? ` (did you mean ${prefix}${meant}?)` : "";
}

/** The long name of the flag a parseArgs message is about: "--type" for "'-t, --type <value>'". */
function flagIn(message: string): string {
  return /'(?:-\w, )?(--?[\w-]+)/.exec(message)?.[1] ?? "an option";
}

/** A parseArgs failure in our words (its own wording names internals such as "positional arguments"). */
function ownWords(err: unknown, options: Flags): UsageError {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: unknown } | null)?.code;
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const unknown = /Unknown option '([^']+)'/.exec(message)?.[1] ?? "";
    const hint = /^--?token/.test(unknown)
      ? " (the token is read from GH_TOKEN, GITHUB_TOKEN or gh's login, never from the command line)"
      : suggestion(unknown, Object.keys(options), "--");
    return new UsageError(`unknown option ${unknown}${hint}`);
  }
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
    const word = /argument '([^']*)'/.exec(message)?.[1] ?? "";
    return new UsageError(`unexpected "${word}": this command takes only options (a value with spaces needs quotes)`);
  }
  const flag = flagIn(message);
  if (/does not take an argument/.test(message)) return new UsageError(`${flag} is a switch and takes no value`);
  if (/argument is ambiguous/.test(message)) return new UsageError(`${flag} needs a value, not another option (a value that starts with "-" is written ${flag}=-value)`);
  if (/argument missing/.test(message)) return new UsageError(`${flag} needs a value`);
  return new UsageError(`the options could not be read (${flag})`);
}

/** Parses `args` strictly; every mistake is a UsageError in our words, naming the flag. */
export function parseFlags<O extends Flags>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw ownWords(err, options);
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
