// Checks the query parameters before any request is sent. The rules (required, enum, minimum,
// maximum, default) come from the spec through generated/query-rules.ts; only the 10,000-result
// window, which GitHub documents as a 400 rather than in the schema, is written here. The same
// checker serves the client's own options (concurrency, maxItems, timeoutMs), so every refusal
// reads alike.
import { queryRules, type QueryRule } from "../generated/query-rules.js";
import { InvalidParametersError, type ParameterIssue } from "./errors.js";
import type { ListUserPackagesParams, Query } from "./types.js";

/** GitHub refuses `page * per_page` above this value with a 400. */
export const RESULT_WINDOW = 10_000;
/** The largest `per_page` GitHub honours (the spec's `maximum`). */
export const MAX_PER_PAGE: number = queryRules.per_page.maximum;
/** GitHub's default `per_page` (the spec's `default`). */
export const DEFAULT_PER_PAGE: number = queryRules.per_page.default;
/** The six package types, in the spec's order. */
export const PACKAGE_TYPES = queryRules.package_type.enum;
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

/**
 * Checks `given` against `rules` (in the rules' order) and returns the values that were given;
 * each broken rule is added to `issues`.
 */
export function checkRules<T extends Record<string, QueryRule>>(
  rules: T,
  given: Record<string, unknown>,
  issues: ParameterIssue[],
  prefix = "",
): Partial<Record<keyof T, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [name, rule] of Object.entries(rules)) {
    const value = given[name];
    if (value === undefined && !rule.required) continue;
    if (satisfies(rule, value)) out[name] = value;
    else issues.push({ parameter: prefix + name, value, rule: describeRule(rule) });
  }
  return out as Partial<Record<keyof T, unknown>>;
}

/** Throws {@link InvalidParametersError} when `issues` holds any. */
export function refuse(issues: ParameterIssue[]): void {
  if (issues.length) throw new InvalidParametersError(issues);
}

/**
 * Returns the query to send: only the given parameters, in the spec's order. Throws
 * {@link InvalidParametersError} listing every broken rule.
 */
export function checkParams(params: ListUserPackagesParams): Query {
  // JavaScript callers can pass anything.
  if ((params as unknown) === null || typeof params !== "object") {
    refuse([{ parameter: "params", value: params, rule: "it must be an object with at least `package_type`" }]);
  }
  const given = params as Record<string, unknown>;
  const issues: ParameterIssue[] = [];
  for (const key of Object.keys(given)) {
    if (!(key in queryRules) && given[key] !== undefined) {
      issues.push({
        parameter: key,
        value: given[key],
        rule: `it is not a parameter of GET /user/packages (known: ${Object.keys(queryRules).join(", ")})`,
      });
    }
  }
  const query = checkRules(queryRules, given, issues) as Query;
  if (!issues.length) {
    const { page = queryRules.page.default, per_page: perPage = DEFAULT_PER_PAGE } = query;
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
  return query;
}
