// Checks the query parameters before any request is sent. The rules (required, enum, minimum,
// maximum, default) come from the spec through generated/query-rules.ts; only the 10,000-result
// window, which GitHub documents as a 400 rather than in the schema, is written here. The same
// checker serves the client's own options (concurrency, maxItems, timeoutMs), so every refusal
// reads alike.
import { queryRules, type QueryRule } from "../../../generated/query-rules.js";
import { InvalidParametersError, type ParameterIssue } from "../errors.js";
import { shape } from "./secrets.js";
import { isSignal } from "./signal.js";
import type { ListAllUserPackagesParams, ListUserPackagesParams, Owner, PackageType, Query } from "../types.js";

/** GitHub refuses `page * per_page` above this value with a 400. */
export const RESULT_WINDOW = 10_000;
// Read in pure calls: a bundle without listings leaves these out (a property read is otherwise kept, in case a getter had effects).
/** The largest `per_page` GitHub honours (the spec's `maximum`). */
export const MAX_PER_PAGE: number = /* @__PURE__ */ (() => queryRules.per_page.maximum)();
/** GitHub's default `per_page` (the spec's `default`). */
export const DEFAULT_PER_PAGE: number = queryRules.per_page.default;
/** The six package types, in the spec's order. */
export const PACKAGE_TYPES = /* @__PURE__ */ (() => queryRules.package_type.enum)();
/** The values of the `visibility` filter, in the spec's order. */
export const VISIBILITIES = queryRules.visibility.enum;

/** A rule in words: "it is required and must be one of ...", "it must be an integer from 1 to 100". */
function describeRule(rule: QueryRule): string {
  const { minimum: min, maximum: max, type } = rule;
  const kind = type === "integer" ? "an integer" : `a ${type}`;
  const range =
    min !== undefined
      ? max !== undefined
        ? ` from ${min} to ${max}`
        : ` of at least ${min}`
      : max !== undefined
        ? ` of at most ${max}`
        : "";
  return `it ${rule.required ? "is required and " : ""}must be ${rule.enum ? `one of ${rule.enum.join(", ")}` : kind + range}`;
}

function satisfies(rule: QueryRule, value: unknown): boolean {
  const { type } = rule;
  return type === "string"
    ? typeof value === "string" && (!rule.enum || rule.enum.includes(value))
    : type === "boolean"
      ? typeof value === "boolean"
      : typeof value === "number" &&
        (type === "integer" ? Number.isSafeInteger(value) : Number.isFinite(value)) &&
        !(value < (rule.minimum ?? -Infinity)) &&
        !(value > (rule.maximum ?? Infinity));
}

/** Checks the values of `given` named in `rules` (in the rules' order); each broken rule is added to `issues`. */
export function checkRules(rules: Record<string, QueryRule>, given: object, issues: ParameterIssue[], prefix = ""): void {
  for (const [name, rule] of Object.entries(rules)) {
    const value: unknown = (given as Record<string, unknown>)[name]; // any object: read by name
    if (!(value === undefined && !rule.required) && !satisfies(rule, value)) issues.push({ parameter: prefix + name, value, rule: describeRule(rule) });
  }
}

// Names people bring from other clients, and what they are called here.
const ALIASES: Record<string, string> = {
  auth: "token",
  authToken: "token",
  baseURL: "baseUrl",
  url: "baseUrl",
  timeout: "timeoutMs",
  retries: "retry",
  perPage: "per_page",
  packageType: "package_type",
  type: "package_type",
  limit: "maxItems",
};

/** The edit distance between two short names (insertions, deletions, substitutions). */
export function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min((row[j] ?? 0) + 1, (next[j - 1] ?? 0) + 1, (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length] ?? 0;
}

/** The known name someone probably meant by `name`, if any is close. */
export function nearest(name: string, known: readonly string[]): string | undefined {
  const alias = Object.hasOwn(ALIASES, name) ? ALIASES[name] : undefined;
  if (alias !== undefined && known.includes(alias)) return alias;
  const scored = known.map((k) => [distance(name.toLowerCase(), k.toLowerCase()), k] as const).sort((x, y) => x[0] - y[0]);
  const [best] = scored;
  return best && best[0] <= Math.max(1, Math.ceil(name.length / 3)) ? best[1] : undefined;
}

// What a name of an option or parameter looks like.
const NAME = /^[A-Za-z_$][\w$]{0,39}$/;

/**
 * Adds an issue for each own property of `given` (with a value) that is not in `known`, suggesting
 * the name probably meant. Own properties only: `constructor` or `__proto__` are not names here.
 */
export function checkNames(given: object, known: readonly string[], issues: ParameterIssue[], what: string, prefix = ""): void {
  for (const [name, value] of Object.entries(given) as [string, unknown][]) {
    if (known.includes(name) || value === undefined) continue;
    const meant = nearest(name, known);
    const rule = `it is not a known ${what}${meant ? `; did you mean ${prefix}${meant}?` : ` (known: ${known.join(", ")})`}`;
    // A misspelt token is still a token: its value is never shown. A string under an unknown name
    // (`pat`, `bearer`) may be one too: shown by its length only.
    const secret = meant === "token" || /auth|token|secret|pass|key|cred/i.test(name);
    const shown = secret ? "(hidden)" : typeof value === "string" ? shape(value) : value;
    // A name that is no identifier may be anything, a pasted token among them.
    issues.push({ parameter: prefix + (NAME.test(name) ? name : `(a name of ${name.length} characters)`), value: shown, rule });
  }
}

/**
 * The signal when `signal` is given and shaped like an AbortSignal of any realm (jsdom's, an
 * iframe's: `instanceof` would refuse them); else an issue, and `undefined`.
 */
export function checkSignal(signal: unknown, issues: ParameterIssue[]): AbortSignal | undefined {
  if (signal === undefined || isSignal(signal)) return signal;
  issues.push({ parameter: "signal", value: signal, rule: "it must be an AbortSignal" });
  return undefined;
}

/**
 * Refuses a value that is not an object at all (JavaScript callers can pass anything). A string
 * here (a token passed for the options, say) is shown by its length only.
 */
export function checkObject(value: unknown, parameter: string, what: string): asserts value is object {
  if (value === null || typeof value !== "object") refuse([{ parameter, value: typeof value === "string" ? shape(value) : value, rule: `it must be an object of ${what}` }]);
}

/** The own entries of a caller's object, or `undefined` when reading them throws (a hostile Proxy, a throwing getter). */
export function entriesOf(value: object): [string, unknown][] | undefined {
  try {
    return Object.entries(value);
  } catch {
    return undefined;
  }
}

/**
 * A plain copy of a caller's object, read once: what is checked is what is used, whatever a getter
 * would answer next. Refuses what is not an object, or cannot be read, naming `parameter`.
 */
export function readObject<T extends object>(value: T, parameter: string, what: string): T {
  checkObject(value, parameter, what);
  const entries = entriesOf(value);
  if (!entries) refuse([{ parameter, value: "(unreadable)", rule: `it must be a readable object of ${what}: reading it threw` }]);
  // A plain copy of the caller's own properties: each is checked by name and rule before use.
  return Object.fromEntries(entries ?? []) as T;
}

/** True for this library's refusal; a hostile thrown value cannot make the check itself throw. */
function isRefusal(err: unknown): boolean {
  try {
    return err instanceof InvalidParametersError;
  } catch {
    return false;
  }
}

/**
 * Runs one check of a caller's value; when reading the value throws (a getter, a Proxy trap, a
 * `Symbol.toStringTag`), adds an issue naming `parameter` instead of letting the throw through.
 */
export function reading<T>(parameter: string, issues: ParameterIssue[], check: () => T): T | undefined {
  try {
    return check();
  } catch (err) {
    if (isRefusal(err)) throw err;
    issues.push({ parameter, value: "(unreadable)", rule: "it must be readable: reading it threw" });
    return undefined;
  }
}

/** Throws {@link InvalidParametersError} when `issues` holds any. */
export function refuse(issues: ParameterIssue[]): void {
  if (issues.length) throw new InvalidParametersError(issues);
}

/**
 * Returns the query to send: only the given parameters, in the spec's order. Throws
 * {@link InvalidParametersError} listing every broken rule.
 */
export function checkParams(params: ListUserPackagesParams): { query: Query; owner: Owner } {
  // Each value read once: what is checked is what is sent.
  const given: Record<string, unknown> = readObject(params, "params", "parameters with at least `package_type`");
  const issues: ParameterIssue[] = [];
  checkNames(given, [...Object.keys(queryRules), "org", "username"], issues, "parameter of a package listing");
  const owner = checkOwner(given.org, given.username, issues);
  checkRules(queryRules, given, issues);
  if (!issues.length) {
    const { page = queryRules.page.default, per_page: perPage = DEFAULT_PER_PAGE } = given as ListUserPackagesParams;
    if (page * perPage > RESULT_WINDOW) {
      issues.push({
        parameter: "page",
        value: page,
        rule:
          `with per_page ${perPage} it reaches past GitHub's result window: page × per_page must be at ` +
          `most ${RESULT_WINDOW}, so page can be at most ${Math.floor(RESULT_WINDOW / perPage)}`,
      });
    }
  }
  refuse(issues);
  // Checked against the spec's rules above; only the given ones, in the spec's order.
  const query: Record<string, unknown> = {};
  for (const name in queryRules) if (given[name] !== undefined) query[name] = given[name];
  return { query: query as Query, owner };
}

const LISTING_NAMES = ["package_type", "visibility", "org", "username"];

/**
 * The package types a listing names, checked: one or more of the six, each once. Pages are the
 * listing's to choose, so `page` and `per_page` among the params are refused like unknown names.
 * `visibility` and the namespace are checked by each page's request.
 */
export function checkTypes(params: ListAllUserPackagesParams, issues: ParameterIssue[]): PackageType[] {
  checkNames(params, LISTING_NAMES, issues, "filter of a listing (pages are the listing's own; per_page is a listing option)");
  const packageType = params.package_type;
  const types: readonly unknown[] = Array.isArray(packageType) ? [...(packageType as readonly unknown[])] : [packageType];
  const bad = types.filter((t) => !PACKAGE_TYPES.includes(t as PackageType)); // any value: looked up, not trusted
  if (types.length === 0 || bad.length || new Set(types).size !== types.length) {
    issues.push({ parameter: "package_type", value: packageType, rule: `it is required and must be one of ${PACKAGE_TYPES.join(", ")}, or a list of them without repeats` });
  }
  return types as PackageType[]; // refused by the caller unless each is one of the six
}

// GitHub's rule for logins: letters, digits and single hyphens, neither first nor last, at most 39.
const LOGIN = /^[a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38}$/i;

/** The namespace named by `org` or `username` (never both), checked against GitHub's login rule. */
function checkOwner(org: unknown, username: unknown, issues: ParameterIssue[]): Owner {
  if (org !== undefined && username !== undefined) {
    issues.push({ parameter: "username", value: username, rule: "it cannot be given with org: list one namespace at a time" });
    return undefined;
  }
  const [parameter, login] = org !== undefined ? ["org", org] : ["username", username];
  if (login === undefined) return undefined;
  if (typeof login !== "string" || !LOGIN.test(login)) {
    const rule = "it must be a GitHub login: letters, digits and single hyphens, not first or last, at most 39 characters";
    issues.push({ parameter, value: login, rule });
    return undefined;
  }
  return parameter === "org" ? { org: login } : { username: login };
}
