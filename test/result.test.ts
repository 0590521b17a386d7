// An answer read into the result union, pure: what counts as a list of packages, the library's
// own words for an answer without a usable message, the hints, and the error's fields.
import { describe, expect, it } from "vitest";
import { GitHubApiError, RateLimitError } from "../src/index.js";
import { packagesIn, toResult } from "../src/core/request/result.js";
import { makePackage } from "../src/testing.js";

const NOW = Date.UTC(2026, 0, 1);
const URL_ = "https://api.github.com/user/packages?package_type=npm";
const asked = { url: URL_, page: 2, owner: undefined, now: NOW };
const answer = (status: number, headers: Record<string, string> = {}, statusText = "") => new Response(null, { status, statusText, headers });

/** The error of a result that must have one. */
function errorOf(result: ReturnType<typeof toResult>): GitHubApiError {
  if (!result.error) throw new Error("expected an error result");
  return result.error;
}

describe("a 2xx body", () => {
  const pkg = makePackage(1, { package_type: "npm" });
  it("is a list of packages when every element carries the spec's required fields", () => {
    expect(packagesIn(JSON.stringify([pkg, { ...pkg, id: 2 }]))).toEqual([pkg, { ...pkg, id: 2 }]);
    expect(packagesIn("[]")).toEqual([]);
  });

  it.each<[string, string]>([
    ["", " with an empty body"],
    ["<html>", " whose body is not JSON"],
    ['{"a":1}', " whose body is not a JSON array of packages"],
    ["[null]", " whose element 0 is not a package: it is not an object"],
    ["[[1]]", " whose element 0 is not a package: it is not an object"],
    ["[7]", " whose element 0 is not a package: it is not an object"],
    [JSON.stringify([pkg, { ...pkg, id: "2" }]), " whose element 1 is not a package: its id is not an integer"],
    [JSON.stringify([{ ...pkg, id: 1.5 }]), " whose element 0 is not a package: its id is not an integer"],
    [JSON.stringify([{ ...pkg, name: 3 }]), " whose element 0 is not a package: its name is not a string"],
    [JSON.stringify([{ ...pkg, updated_at: null }]), " whose element 0 is not a package: its updated_at is not a string"],
  ])("%j is not: %s", (raw, problem) => {
    expect(packagesIn(raw)).toBe(problem);
  });

  it("that is unusable is an error result in the library's words, naming the content type of a text body", () => {
    const error = errorOf(toResult(answer(200, { "content-type": "text/html" }, "OK"), "<html>", null, asked));
    expect(error.apiMessage).toBe("GitHub answered 200 OK with a successful response whose body is not JSON (content-type text/html)");
    expect(error).toMatchObject({ status: 200, rawBody: "<html>", page: 2, url: URL_, hint: "" });
    expect(errorOf(toResult(answer(200, { "content-type": "application/json" }), "", null, asked)).apiMessage).toBe("GitHub answered 200 with a successful response with an empty body");
  });
});

describe("an error answer", () => {
  it("keeps GitHub's fields under their own names, and the raw body", () => {
    const body = { message: "Not Found", documentation_url: "https://docs.github.com/x", status: "404", url: "https://api.github.com/x" };
    const error = errorOf(toResult(answer(404, { "x-github-request-id": "AB:CD" }), body, null, asked));
    expect(error).toMatchObject({ status: 404, apiMessage: "Not Found", documentationUrl: body.documentation_url, apiStatus: "404", apiUrl: body.url, requestId: "AB:CD", rawBody: JSON.stringify(body) });
    expect(error.headers).toEqual({ "x-github-request-id": "AB:CD" });
  });

  it("without a usable message is described by the library", () => {
    expect(errorOf(toResult(answer(502, {}, "Bad Gateway"), "", null, asked)).apiMessage).toBe("GitHub answered 502 Bad Gateway with an error response with an empty body");
    expect(errorOf(toResult(answer(500, { "content-type": "text/plain" }), "oops", null, asked)).apiMessage).toBe("GitHub answered 500 with an error response whose body is not JSON (content-type text/plain)");
    const noMessage = errorOf(toResult(answer(500, { "content-type": "application/json" }), { message: 7, status: 500 }, null, asked));
    expect(noMessage.apiMessage).toBe("GitHub answered 500 with an error response");
    expect([noMessage.apiStatus, noMessage.documentationUrl, noMessage.apiUrl]).toEqual([undefined, undefined, undefined]);
  });

  it("nested too deeply to write back is an error result, never a RangeError", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 20_000; i++) deep = [deep];
    const error = errorOf(toResult(answer(422), deep, null, asked));
    expect(error.apiMessage).toBe("GitHub answered 422 with an error response whose body is JSON nested too deeply to read");
    expect(error.rawBody).toBe("");
  });

  it.each<[number, string, Parameters<typeof toResult>[3]["owner"], string]>([
    [401, "Bad credentials", undefined, "The token is invalid or expired: check it, or create a new one."],
    [404, "Not Found", { org: "acme" }, "GitHub knows no organization named acme, or the token cannot see it."],
    [404, "Not Found", { username: "octo" }, "GitHub knows no user named octo, or the token cannot see it."],
    [404, "Not Found", undefined, ""],
    [403, "Resource not accessible by integration", undefined, "An app or Actions token cannot list a user's packages: use a personal access token with the read:packages scope."],
    [403, "Must have admin rights", { org: "acme" }, "Listing acme's packages needs a token with the read:packages scope, authorized for SAML single sign-on if acme enforces it."],
    [403, "Must have admin rights", undefined, "Listing packages needs a token with the read:packages scope."],
    [422, "Validation Failed", undefined, ""],
  ])("%i %j for %o hints %j", (status, message, owner, hint) => {
    const error = errorOf(toResult(answer(status), { message }, null, { ...asked, owner }));
    expect(error.hint).toBe(hint);
    expect(error.message).toBe(`GitHub API ${status} on GET /user/packages?package_type=npm: ${message}.${hint ? ` ${hint}` : ""}`);
    expect(error).not.toBeInstanceOf(RateLimitError);
  });

  it("that asks the client to slow down is a RateLimitError with its reset, and no scope hint", () => {
    const headers = { "x-ratelimit-limit": "60", "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(NOW / 1000 + 90) };
    const error = errorOf(toResult(answer(403, headers), { message: "API rate limit exceeded" }, null, asked));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ kind: "primary", waitMs: 90_000, resetAt: new Date(NOW + 90_000) });
    expect(error.hint).toBe("The primary rate limit stopped the request; it resets at 2026-01-01T00:01:30.000Z.");
    const secondary = errorOf(toResult(answer(429), "", null, asked));
    expect(secondary).toMatchObject({ kind: "secondary", waitMs: undefined, resetAt: undefined, hint: "The secondary rate limit stopped the request." });
  });
});
