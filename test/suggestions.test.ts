// The names suggested for a misspelt option or parameter: an edit distance, aliases from other
// clients, and a bound on how far a suggestion may be. Pure.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { distance, nearest } from "../src/core/door/params.js";

const SEED = Number(process.env.FC_SEED ?? 20261201); // FC_SEED=<n> varies or replays the run

/** Levenshtein distance, written the plain recursive way as the model. */
function model(a: string, b: string): number {
  const memo = new Map<string, number>();
  const d = (i: number, j: number): number => {
    if (i === 0) return j;
    if (j === 0) return i;
    const key = `${i},${j}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const value = Math.min(d(i - 1, j) + 1, d(i, j - 1) + 1, d(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1));
    memo.set(key, value);
    return value;
  };
  return d(a.length, b.length);
}

describe("suggestions for a misspelt name", () => {
  it("measures the edit distance (insertions, deletions, substitutions) as the model does", () => {
    expect([distance("", ""), distance("abc", ""), distance("", "ab"), distance("kitten", "sitting"), distance("per_pag", "per_page")]).toEqual([0, 3, 2, 3, 1]);
    fc.assert(
      fc.property(fc.string({ maxLength: 9, unit: fc.constantFrom("a", "b", "c", "_") }), fc.string({ maxLength: 9, unit: fc.constantFrom("a", "b", "c", "_") }), (a, b) => {
        expect(distance(a, b)).toBe(model(a, b));
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("suggests the closest known name, case aside, within a third of the name's length (at least 1)", () => {
    const known = ["token", "baseUrl", "per_page", "maxItems"];
    expect(nearest("TOKEN", known)).toBe("token");
    expect(nearest("tokn", known)).toBe("token");
    expect(nearest("per_pag", known)).toBe("per_page");
    expect(nearest("bseurl", known)).toBe("baseUrl");
    expect(nearest("xyz", known)).toBeUndefined(); // 3 letters: one edit at most
    expect(nearest("tkn", known)).toBeUndefined(); // two edits from token, one allowed
    expect(nearest("tokxx", known)).toBe("token"); // five letters: two edits allowed
    expect(nearest("anything", [])).toBeUndefined();
  });

  it("knows what other clients call a name, when that name is known here", () => {
    expect(nearest("auth", ["token", "baseUrl"])).toBe("token");
    expect(nearest("perPage", ["per_page"])).toBe("per_page");
    expect(nearest("limit", ["maxItems"])).toBe("maxItems");
    // Each alias, among every client and listing name (authToken, url and type are too far to be found without it).
    const names = ["token", "baseUrl", "userAgent", "apiVersion", "headers", "fetch", "retry", "timeoutMs", "cache", "clock", "package_type", "per_page", "maxItems"];
    const far = { authToken: "token", url: "baseUrl", baseURL: "baseUrl", timeout: "timeoutMs", retries: "retry", packageType: "package_type", type: "package_type" };
    for (const [alias, meant] of Object.entries(far)) expect([alias, nearest(alias, names)]).toEqual([alias, meant]);
    expect(nearest("type", ["token"])).toBeUndefined(); // an alias whose name is not known suggests nothing
    expect(nearest("auth", ["baseUrl"])).toBeUndefined(); // the alias's name is not known here
    expect(nearest("constructor", ["token"])).toBeUndefined(); // Object.prototype is no alias
  });

  it("takes the first of equally close names, in the order known", () => {
    expect(nearest("ab", ["ax", "ay"])).toBe("ax");
    expect(nearest("ab", ["ay", "ax"])).toBe("ay");
  });
});
