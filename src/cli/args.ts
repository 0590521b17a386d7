// Reading the command line: usage errors, and flag values checked against the same rules the
// client uses.
import { parseArgs } from "node:util";

/** A mistake on the command line: exit 2 with the message. */
export class UsageError extends Error {}

/** True for the errors node:util's parseArgs throws. */
export function isParseArgsError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("ERR_PARSE_ARGS");
}

/** A usage error in words, with a hint where a token was passed on the command line. */
export function usageMessage(err: Error): string {
  const unknown = /Unknown option '([^']+)'/.exec(err.message);
  if (!unknown?.[1]) return err.message;
  const hint = /^--?token/.test(unknown[1]) ? " (the token is read from GITHUB_TOKEN or GH_TOKEN, never from the command line)" : "";
  return `unknown option ${unknown[1]}${hint}`;
}

/** "a, b or c" */
export const either = (values: readonly string[]): string => `${values.slice(0, -1).join(", ")} or ${String(values.at(-1))}`;

/** A flag's value when it is one of `allowed`. */
export function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  const found = allowed.find((a) => a === value);
  if (found === undefined) throw new UsageError(`${flag} must be one of ${allowed.join(", ")} (got "${value}")`);
  return found;
}

/** A flag's value as a whole number from `min` to `max`. */
export function integer(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) throw new UsageError(`${flag} must be an integer from ${min} to ${max} (got "${value}")`);
  return n;
}

/** The options of parseArgs for one command. */
export type OptionSpec = NonNullable<Parameters<typeof parseArgs>[0]>["options"];

/** Parses `args` strictly (no positionals, no unknown flags). */
export function parseFlags<O extends NonNullable<OptionSpec>>(args: string[], options: O) {
  return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
}
