// GitHub announces the end of an endpoint with `Deprecation` and `Sunset` headers; the client
// passes each distinct pair to `onWarning` once (among the last `SEEN_LIMIT` distinct pairs, so
// that a client living as long as an app holds a bounded set).
import type { GitHubWarning } from "../types.js";

/** How many distinct warnings a client remembers. */
export const SEEN_LIMIT = 100;

/** Looks at a response's headers and calls `onWarning` for each warning not seen before. */
export type WarningStep = (headers: Headers, url: string) => void;

/** The warning step of a client, wired only when there is an `onWarning`. */
export function warningStep(onWarning: (warning: GitHubWarning) => void): WarningStep {
  const seen = new Set<string>();
  return (headers, url) => {
    const deprecation = headers.get("deprecation");
    const sunset = headers.get("sunset");
    const key = `${deprecation}|${sunset}`;
    if ((deprecation ?? sunset) === null || seen.has(key)) return;
    if (seen.size >= SEEN_LIMIT) seen.delete(seen.values().next().value ?? ""); // the oldest: a client may live for long
    seen.add(key);
    const message = warningMessage(new URL(url).pathname, deprecation, sunset);
    onWarning({ kind: deprecation !== null ? "deprecation" : "sunset", message, deprecation, sunset, url });
  };
}

// Names the listing the warning came with: the user's, an organization's or another user's.
function warningMessage(path: string, deprecation: string | null, sunset: string | null): string {
  return (
    `GitHub marks GET ${path} as ${deprecation !== null ? "deprecated" : "going away"}` +
    (deprecation ? ` (Deprecation: ${deprecation})` : "") +
    (sunset ? `; it stops working after ${sunset}` : "") +
    "."
  );
}
