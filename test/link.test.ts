// Reading RFC 8288 Link headers: what is taken, what is not, and in time proportional to length.
import { describe, expect, it } from "vitest";
import { parseLinkHeader } from "../src/index.js";

describe("parseLinkHeader", () => {
  it("reads GitHub's Link header", () => {
    const header =
      '<https://api.github.com/user/packages?package_type=npm&page=2>; rel="next", ' +
      '<https://api.github.com/user/packages?package_type=npm&page=5>; rel="last"';
    expect(parseLinkHeader(header)).toEqual({
      next: "https://api.github.com/user/packages?package_type=npm&page=2",
      last: "https://api.github.com/user/packages?package_type=npm&page=5",
    });
    expect(parseLinkHeader('<a>; rel=next, <b>; title="x"; rel="prev first"')).toEqual({ next: "a", prev: "b", first: "b" });
    expect(parseLinkHeader(null)).toEqual({});
    expect(parseLinkHeader("garbage")).toEqual({});
  });

  it("reads each link's URL between its brackets, trimmed, and its relations from after them", () => {
    expect(parseLinkHeader('< https://h/?page=2 >; rel="next"')).toEqual({ next: "https://h/?page=2" });
    expect(parseLinkHeader('<https://h/?a=1;rel=evil>; rel="next"')).toEqual({ next: "https://h/?a=1;rel=evil" });
    expect(parseLinkHeader('<>; rel="next"')).toEqual({ next: "" });
    expect(parseLinkHeader('stray>; rel="next", <https://h/?page=3>; rel="last"')).toEqual({ last: "https://h/?page=3" });
  });

  it("takes rel with or without quotes and spaces, the first link of a relation, and no empty relation", () => {
    expect(parseLinkHeader("<a>;rel=next")).toEqual({ next: "a" });
    expect(parseLinkHeader('<a> ; REL = "Next"')).toEqual({ next: "a" });
    expect(parseLinkHeader('<a>; rel="next", <b>; rel="next"')).toEqual({ next: "a" });
    expect(parseLinkHeader('<a>; rel=""')).toEqual({});
    expect(parseLinkHeader("<a>; title=x")).toEqual({});
  });

  it.each([
    ["many opening brackets", "<".repeat(100_000)],
    ["one long URL", `<${"a".repeat(100_000)}`],
    ["many semicolons", `<x>${";".repeat(100_000)}`],
    ["rel= with no end", `<x>; rel="${"a".repeat(100_000)}`],
    ["whitespace runs", `<x>;${" ".repeat(50_000)}rel${" ".repeat(50_000)}`],
    ["many short links", '<https://h/?page=1>; rel="next", '.repeat(3_000)],
    ["many unclosed quoted rels", `<x>${'; rel="a'.repeat(12_500)}`],
    ["many rel= with no value", `<x>${"; rel = ".repeat(11_000)}`],
  ])("parses a header (%s) in time proportional to its length", (_label, header) => {
    // A ratio of two sizes, not a time limit: ten times the input may cost about ten times the
    // time; a quadratic parser would take a hundred. Fastest of several runs, to shed CPU noise.
    const fastest = (text: string) => {
      let best = Infinity;
      for (let i = 0; i < 7; i++) {
        const started = performance.now();
        parseLinkHeader(text);
        best = Math.min(best, performance.now() - started);
      }
      return best;
    };
    const small = header.slice(0, header.length / 10);
    fastest(header); // warm up
    expect(fastest(header) / Math.max(fastest(small), 0.01)).toBeLessThan(30);
  });
});