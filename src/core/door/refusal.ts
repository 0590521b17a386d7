// What a refusal may show. The door knows every credential it was given (src/core/door/secrets.ts); before an
// InvalidParametersError is made, any issue whose name or value holds one of them, or a piece of
// one, is shown as "(hidden)", and a value that cannot even be rendered as "(unreadable)": its
// message, `issues`, JSON and inspected forms then hold no credential and cannot throw.
import { holdsSecret } from "./secrets.js";

/** How `value` would be written out (JSON and String), or `undefined` when writing it throws. */
function renderingOf(value: unknown): string | undefined {
  try {
    // Any value at all: what JSON.stringify(error) and the message would write.
    return [JSON.stringify(value), String(value)].join(" ");
  } catch {
    return undefined;
  }
}

function hiddenValue(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === "string") return holdsSecret(value, secrets) ? "(hidden)" : value;
  if (value === null || (typeof value !== "object" && typeof value !== "function")) return value;
  const text = renderingOf(value);
  if (text === undefined) return "(unreadable)";
  return holdsSecret(text, secrets) ? "(hidden)" : value;
}

/** One broken rule, as errors.ts declares it (restated structurally: errors.ts reads this module). */
interface Issue {
  parameter: string;
  value: unknown;
  rule: string;
}

/** `issues` as a refusal may show them, given the credentials known (`secrets`). */
export function hideIn(issues: readonly Issue[], secrets: readonly string[]): Issue[] {
  return issues.map(({ parameter, value, rule }) => ({
    parameter: holdsSecret(parameter, secrets) ? "(a name that holds a credential)" : parameter,
    value: hiddenValue(value, secrets),
    rule,
  }));
}
