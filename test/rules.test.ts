// The checking kit of the one door, pure: each kind of rule and its words, unknown names and
// what is hidden of them, and the namespace and type checks. The door's own cases (each option,
// each parameter, before any request) are in one-door.test.ts and params.test.ts.
import { describe, expect, it } from "vitest";
import type { QueryRule } from "../generated/query-rules.js";
import { InvalidParametersError, type ParameterIssue } from "../src/index.js";
import { checkNames, checkObject, checkParams, checkRules, checkSignal, checkTypes } from "../src/core/door/params.js";

/** The issues `check` adds, as parameter, value and rule. */
function issuesOf(check: (issues: ParameterIssue[]) => void): ParameterIssue[] {
  const issues: ParameterIssue[] = [];
  check(issues);
  return issues;
}

/** The refusal `run` throws, or `undefined` when it throws none; anything else it throws fails the test. */
function refusal(run: () => unknown): InvalidParametersError | undefined {
  try {
    run();
  } catch (err) {
    if (err instanceof InvalidParametersError) return err;
    throw err;
  }
  return undefined;
}

const rule = (given: Partial<QueryRule> & Pick<QueryRule, "type">): QueryRule => ({ required: false, ...given });

describe("checkRules", () => {
  it.each<[string, QueryRule, unknown[], unknown[], string]>([
    ["an integer range", rule({ type: "integer", minimum: 1, maximum: 5 }), [1, 3, 5], [0, 6, 2.5, "3", NaN, Infinity, null], "it must be an integer from 1 to 5"],
    ["a floor", rule({ type: "integer", minimum: 0 }), [0, 2 ** 40], [-1, 1.5, 2 ** 53], "it must be an integer of at least 0"],
    ["a ceiling", rule({ type: "integer", maximum: 9 }), [-4, 9], [10, 0.5], "it must be an integer of at most 9"],
    ["a number", rule({ type: "number", minimum: 0.5 }), [0.5, 7.25], [0.25, NaN, Infinity, "1"], "it must be a number of at least 0.5"],
    ["a boolean", rule({ type: "boolean" }), [true, false], [0, "true", null], "it must be a boolean"],
    ["a string", rule({ type: "string" }), ["", "x"], [1, null, {}], "it must be a string"],
    ["an enum", rule({ type: "string", enum: ["a", "b"] }), ["a", "b"], ["c", "A", 1], "it must be one of a, b"],
    ["a required enum", rule({ type: "string", enum: ["a"], required: true }), ["a"], [undefined, "b"], "it is required and must be one of a"],
  ])("%s: accepts what fits, refuses the rest in the rule's words", (_, checked, good, bad, words) => {
    for (const value of good) expect([value, issuesOf((issues) => checkRules({ x: checked }, { x: value }, issues))]).toEqual([value, []]);
    for (const value of bad) {
      expect(issuesOf((issues) => checkRules({ x: checked }, { x: value }, issues, "pre."))).toEqual([{ parameter: "pre.x", value, rule: words }]);
    }
  });

  it("lets an optional value be left out, and checks the rules in their order", () => {
    const rules = { b: rule({ type: "integer" }), a: rule({ type: "string" }) };
    expect(issuesOf((issues) => checkRules(rules, {}, issues))).toEqual([]);
    expect(issuesOf((issues) => checkRules(rules, { a: 1, b: "x" }, issues)).map((i) => i.parameter)).toEqual(["b", "a"]);
  });
});

describe("checkNames", () => {
  const known = ["token", "baseUrl", "timeoutMs"];
  it("names each unknown name with a value, suggesting the one probably meant, or listing the known ones", () => {
    expect(issuesOf((issues) => checkNames({ baseUrl: 1, baseUri: 5, zzz: 2, gone: undefined }, known, issues, "option", "o."))).toEqual([
      { parameter: "o.baseUri", value: 5, rule: "it is not a known option; did you mean o.baseUrl?" },
      { parameter: "o.zzz", value: 2, rule: "it is not a known option (known: token, baseUrl, timeoutMs)" },
    ]);
  });

  it("never shows the value of a name that holds a secret, or of a misspelt token", () => {
    for (const name of ["tokn", "auth", "authorization", "secretKey", "password", "apiKey", "credential", "AUTH_TOKEN"]) {
      expect(issuesOf((issues) => checkNames({ [name]: "s3cr3t-value" }, known, issues, "option"))[0]?.value).toBe("(hidden)");
    }
    // A string under an unknown name may be a token in the wrong place: shown by its length only.
    expect(issuesOf((issues) => checkNames({ colour: "blue" }, known, issues, "option"))[0]?.value).toBe("(a string of 4 characters)");
    expect(issuesOf((issues) => checkNames({ colour: 3 }, known, issues, "option"))[0]?.value).toBe(3);
  });
});

describe("checkSignal and checkObject", () => {
  it("refuses a signal that is not an AbortSignal, and takes a real one or none", () => {
    expect(issuesOf((issues) => checkSignal({ aborted: false }, issues))).toEqual([{ parameter: "signal", value: { aborted: false }, rule: "it must be an AbortSignal" }]);
    expect(issuesOf((issues) => checkSignal(new AbortController().signal, issues))).toEqual([]);
    expect(issuesOf((issues) => checkSignal(undefined, issues))).toEqual([]);
  });

  it("refuses what is not an object at all, naming what it must be", () => {
    for (const value of [null, 1, "x", true, undefined]) {
      expect(() => checkObject(value, "options", "listing options")).toThrow(InvalidParametersError);
      expect(() => checkObject(value, "options", "listing options")).toThrow(/"options": .* it must be an object of listing options\./);
    }
    expect(() => checkObject([], "options", "listing options")).not.toThrow();
  });
});

describe("checkParams", () => {
  it("returns only the given query parameters, in the spec's order, and the namespace", () => {
    expect(checkParams({ per_page: 5, org: "acme", package_type: "npm", page: undefined })).toEqual({ query: { package_type: "npm", per_page: 5 }, owner: { org: "acme" } });
    expect(checkParams({ package_type: "npm", username: "octo-cat" })).toEqual({ query: { package_type: "npm" }, owner: { username: "octo-cat" } });
    expect(checkParams({ package_type: "npm" }).owner).toBeUndefined();
  });

  it("refuses org with username, and logins GitHub would not give", () => {
    expect(() => checkParams({ package_type: "npm", org: "a", username: "b" } as never)).toThrow(/"username": "b" is not allowed; it cannot be given with org: list one namespace at a time\./);
    for (const login of ["-a", "a-", "a--b", "a_b", "", "a".repeat(40), 7]) {
      const err = refusal(() => checkParams({ package_type: "npm", org: login } as never));
      expect([login, err?.issues.map((i) => i.parameter)]).toEqual([login, ["org"]]);
      expect(err?.message).toMatch(/it must be a GitHub login: letters, digits and single hyphens, not first or last, at most 39 characters/);
    }
    expect(checkParams({ package_type: "npm", username: "a".repeat(39) }).owner).toEqual({ username: "a".repeat(39) });
    expect(checkParams({ package_type: "npm", org: "A-1-b" }).owner).toEqual({ org: "A-1-b" });
  });

  it("checks the result window only once every rule holds", () => {
    const err = refusal(() => checkParams({ package_type: "pypi", page: 200 } as never));
    expect(err?.issues.map((i) => i.parameter)).toEqual(["package_type"]);
  });
});

describe("checkTypes", () => {
  it("takes one type or a list of distinct types, refusing the rest in one issue", () => {
    expect(issuesOf((issues) => expect(checkTypes({ package_type: ["npm", "maven"] }, issues)).toEqual(["npm", "maven"]))).toEqual([]);
    for (const bad of [[], ["npm", "npm"], ["pypi"], "pypi", [1], undefined]) {
      const issues = issuesOf((found) => checkTypes({ package_type: bad } as never, found));
      expect(issues).toEqual([
        { parameter: "package_type", value: bad, rule: "it is required and must be one of npm, maven, rubygems, docker, nuget, container, or a list of them without repeats" },
      ]);
    }
  });

  it("refuses pages among a listing's params, pointing at the listing option", () => {
    const issues = issuesOf((found) => checkTypes({ package_type: "npm", page: 2, visibility: "public", org: "a" } as never, found));
    expect(issues).toEqual([
      { parameter: "page", value: 2, rule: "it is not a known filter of a listing (pages are the listing's own; per_page is a listing option) (known: package_type, visibility, org, username)" },
    ]);
  });
});
