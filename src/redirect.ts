// Redirects are not followed (`redirect: "manual"`), and one that points at another origin is an
// error of its own: following it by hand would send the token there.
import { UnsafeLinkError } from "./errors.js";

/** Throws {@link UnsafeLinkError} when a 3xx answer's `Location` leaves `apiOrigin`. */
export function refuseForeignRedirect(response: Response, url: string, apiOrigin: string): void {
  const { status, headers } = response;
  const location = status > 299 && status < 400 ? headers.get("location") : null;
  if (!location) return;
  let target: URL;
  try {
    target = new URL(location, url);
  } catch {
    return; // not a URL: nothing anyone could follow
  }
  if (target.origin === apiOrigin) return;
  throw new UnsafeLinkError(
    target.href,
    apiOrigin,
    `Refusing to follow a redirect (${status}) to ${target.origin}: it is not the API's origin ${apiOrigin}, ` +
      "and the token is only sent there.",
  );
}
