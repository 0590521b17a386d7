// Checks the query parameters before any request is sent. The rules (required, enum, minimum,
// maximum, default) come from the spec through generated/query-rules.ts; only the 10,000-result
// window, which GitHub documents as a 400 rather than in the schema, is written here.
import { queryRules, type QueryRule } from "../generated/query-rules.js";
import { InvalidParametersError, type ParameterIssue } from "./errors.js";
import type { ListUserPackagesParams } from "./types.js";

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

const NAMES = Object.keys(queryRules) as (keyof typeof queryRules)[];

function describeRule(rule: QueryRule): string {
  let text: string;
  if (rule.enum) {
    text = `must be one of ${rule.enum.join(", ")}`;
  } else if (rule.type === "integer" || rule.type === "number") {
    const kind = rule.type === "integer" ? "an integer" : "a number";
    if (rule.minimum !== undefined && rule.maximum !== undefined) {
      text = `must be ${kind} from ${rule.minimum} to ${rule.maximum}`;
    } else if (rule.minimum !== undefined) {
      text = `must be ${kind} of at least ${rule.minimum}`;
    } else if (rule.maximum !== undefined) {
      text = `must be ${kind} of at most ${rule.maximum}`;
    } else {
      text = `must be ${kind}`;
    }
  } else {
    text = `must be a ${rule.type}`;
  }
  return rule.required ? `it is required and ${text}` : `it ${text}`;
}

function satisfies(rule: QueryRule, value: unknown): boolean {
  switch (rule.type) {
    case "integer":
    case "number":
      return (
        typeof value === "number" &&
        (rule.type === "integer" ? Number.isSafeInteger(value) : Number.isFinite(value)) &&
        (rule.minimum === undefined || value >= rule.minimum) &&
        (rule.maximum === undefined || value <= rule.maximum)
      );
    case "string":
      return typeof value === "string" && (!rule.enum || rule.enum.includes(value));
    case "boolean":
      return typeof value === "boolean";
  }
}

/**
 * Returns the query to send: only the given parameters, in the spec's order. Throws
 * {@link InvalidParametersError} listing every broken rule.
 */
export function checkParams(params: ListUserPackagesParams): ListUserPackagesParams {
  if (params === null || typeof params !== "object") {
    throw new InvalidParametersError([
      { parameter: "params", value: params, rule: "it must be an object with at least `package_type`" },
    ]);
  }
  const given = params as Record<string, unknown>;
  const issues: ParameterIssue[] = [];
  for (const key of Object.keys(given)) {
    if (!(key in queryRules) && given[key] !== undefined) {
      issues.push({
        parameter: key,
        value: given[key],
        rule: `it is not a parameter of GET /user/packages (known: ${NAMES.join(", ")})`,
      });
    }
  }
  const query: Record<string, unknown> = {};
  for (const name of NAMES) {
    const rule: QueryRule = queryRules[name];
    const value = given[name];
    if (value === undefined && !rule.required) continue;
    if (!satisfies(rule, value)) issues.push({ parameter: name, value, rule: describeRule(rule) });
    else query[name] = value;
  }
  if (issues.length === 0) {
    const page = (params.page ?? queryRules.page.default) as number;
    const perPage = params.per_page ?? DEFAULT_PER_PAGE;
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
  if (issues.length > 0) throw new InvalidParametersError(issues);
  return query as ListUserPackagesParams;
}
