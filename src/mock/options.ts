// The mock's options are checked as the client's are: before it serves anything, every problem at
// once in an InvalidParametersError naming the option and its rule. A `logLimit` of NaN would keep
// every request, a negative one none, and a typo'd name would be silently ignored.
import { LONGEST_WAIT_MS } from "../core/request/clock.js";
import type { ParameterIssue } from "../core/errors.js";
import { checkNames, checkObject, checkRules, refuse } from "../core/door/params.js";
import { shape } from "../core/door/secrets.js";
import { FAULT_KINDS } from "./faults.js";

const WHOLE = { required: false, type: "integer", minimum: 0 } as const;
const RULES = {
  latencyMs: { ...WHOLE, maximum: LONGEST_WAIT_MS },
  port: { ...WHOLE, maximum: 65_535 },
  links: { required: false, type: "string", enum: ["full", "next-only", "none"] },
  serializeOnce: { required: false, type: "boolean" },
  login: { required: false, type: "string" },
} as const;
const FAULT_RULES = {
  rate: { required: true, type: "number", minimum: 0, maximum: 1 },
  seed: { required: false, type: "integer" },
  retryAfterSeconds: WHOLE,
  resetInSeconds: WHOLE,
} as const;

const isString = (v: unknown) => typeof v === "string";
const isLogins = (v: unknown) => v !== null && typeof v === "object" && Object.values(v).every(Array.isArray);

// Options of other kinds, and what each must be.
const KINDS: Record<string, [(value: unknown) => boolean, string]> = {
  packages: [Array.isArray, "an array of packages"],
  orgs: [isLogins, "an object of package arrays, by login"],
  users: [isLogins, "an object of package arrays, by login"],
  scopes: [(v) => Array.isArray(v) && v.every(isString), "an array of scope names"],
  onRequest: [(v) => typeof v === "function", "a function"],
};

/** The names each entry takes: the server's, and the MSW handlers' (no port, latency or log; an API root). */
const ANSWER_OPTIONS = ["packages", "orgs", "users", "login", "token", "scopes", "onRequest", "links", "serializeOnce", "faults"];
const NAMES = { server: [...ANSWER_OPTIONS, "latencyMs", "port", "logLimit"], handlers: [...ANSWER_OPTIONS, "baseUrl"] } as const;

/**
 * Checks the options of `startMockGitHub` or `mockGitHubHandlers`, throwing
 * InvalidParametersError listing every problem. The token is never shown.
 */
export function checkMockOptions(options: unknown, entry: keyof typeof NAMES): void {
  checkObject(options, "options", "mock options");
  const given: Record<string, unknown> = { ...options };
  const issues: ParameterIssue[] = [];
  checkNames(given, NAMES[entry], issues, entry === "server" ? "option of the mock GitHub" : "option of the MSW handlers");
  checkRules(RULES, given, issues);
  for (const [name, [ok, what]] of Object.entries(KINDS)) {
    if (given[name] !== undefined && !ok(given[name])) issues.push({ parameter: name, value: given[name], rule: `it must be ${what}` });
  }
  const { token, logLimit, baseUrl, faults } = given;
  if (token !== undefined && (typeof token !== "string" || !token)) issues.push({ parameter: "token", value: "(hidden)", rule: "it must be a non-empty string" });
  if (logLimit !== undefined && logLimit !== Infinity && !(Number.isSafeInteger(logLimit) && (logLimit as number) >= 0)) {
    issues.push({ parameter: "logLimit", value: logLimit, rule: "it must be a whole number of at least 0, or Infinity to keep every request" });
  }
  if (baseUrl !== undefined && !(typeof baseUrl === "string" && URL.canParse(baseUrl) && /^https?:$/.test(new URL(baseUrl).protocol))) {
    const value = typeof baseUrl === "string" ? shape(baseUrl) : baseUrl; // a URL may hold a credential: not quoted back
    issues.push({ parameter: "baseUrl", value, rule: "it must be an absolute http(s) URL, such as https://ghe.example.com/api/v3" });
  }
  checkFaults(faults, issues);
  refuse(issues);
}

function checkFaults(faults: unknown, issues: ParameterIssue[]): void {
  if (faults === undefined) return;
  if (faults === null || typeof faults !== "object") {
    issues.push({ parameter: "faults", value: faults, rule: "it must be an object of fault options" });
    return;
  }
  const given: Record<string, unknown> = { ...faults };
  checkNames(given, [...Object.keys(FAULT_RULES), "kinds"], issues, "fault option", "faults.");
  checkRules(FAULT_RULES, given, issues, "faults.");
  const { kinds } = given;
  const known: readonly unknown[] = FAULT_KINDS;
  if (kinds !== undefined && !(Array.isArray(kinds) && kinds.every((k) => known.includes(k)))) {
    issues.push({ parameter: "faults.kinds", value: kinds, rule: `it must be a list of ${FAULT_KINDS.join(", ")}` });
  }
}
