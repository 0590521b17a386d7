// Credentials taken out of URLs in a message the CLI did not write itself (an unexpected failure's).
import { SECRET_VALUE } from "../core/errors.js";

// Query parameters whose values are secrets by their name.
const SECRET_NAME = /token|secret|password|passwd|auth|key|sig|code|credential/i;

/** `text` with credentials taken out of any URL in it: userinfo, and secret-looking query values. */
export function redact(text: string): string {
  return text.replace(/\b[a-z][a-z\d+.-]*:\/\/[^\s"'<>]+/gi, (found) => {
    if (!URL.canParse(found)) return found.replace(/\/\/[^/@]*@/, "//***@");
    const url = new URL(found);
    let changed = false;
    if (url.username || url.password) {
      url.username = "***";
      url.password = "";
      changed = true;
    }
    for (const [name, value] of [...url.searchParams]) {
      if (SECRET_NAME.test(name) || SECRET_VALUE.test(value)) {
        url.searchParams.set(name, "***");
        changed = true;
      }
    }
    return changed ? url.href : found;
  });
}
