// Reading RFC 8288 Link headers: what is taken, what is not, and in reads proportional to length.
// Seeded: FC_SEED=<n> replays or varies a run; fast-check prints the seed and path on failure.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseLinkHeader } from "../src/index.js";
import { isSpace, scanLinks } from "../src/core/listing/link.js";

const SEED = Number(process.env.FC_SEED ?? 20260412);
const RUNS = Number(process.env.FC_RUNS_LINK ?? 2000);

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

  it(`agrees with the pattern it replaced, on GitHub's headers and on anything else (${RUNS} runs, seed ${SEED})`, () => {
    // The old reader, kept here as the oracle: its pattern ran on short parts, its results are the spec.
    const REL = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,"]+))/i;
    const oracle = (header: string): Record<string, string> => {
      const links: Record<string, string> = {};
      for (const part of header ? header.split("<").slice(1) : []) {
        const close = part.indexOf(">");
        const rel = close < 0 ? null : REL.exec(part.slice(close));
        for (const name of rel ? (rel[1] ?? rel[2] ?? "").toLowerCase().split(/\s+/) : []) if (name) links[name] ??= part.slice(0, close).trim();
      }
      return links;
    };
    const piece = fc.constantFrom("<", ">", ";", ",", '"', "=", " ", "\t", "\u00a0", "\u2028", "\ufeff", "\u180e", "rel", "REL", "Rel", "r", "e", "l", "next", "last", "Prev", "x", "é", "İ", "https://h/?page=2");
    const header = fc.array(piece, { maxLength: 40 }).map((pieces) => pieces.join(""));
    fc.assert(
      fc.property(fc.oneof(header, fc.string({ maxLength: 40 })), (text) => {
        expect(parseLinkHeader(text)).toEqual(oracle(text));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("takes as white space exactly what \\s takes", () => {
    const differing: number[] = [];
    for (let code = 0; code <= 0xffff; code++) if (isSpace(code) !== /\s/.test(String.fromCharCode(code))) differing.push(code);
    expect(differing).toEqual([]);
  });
});

describe("scanLinks reads each character a bounded number of times", () => {
  /** A header read through a counter: each character read, and each character sliced, is one read. */
  const counted = (header: string) => {
    let reads = 0;
    const links = scanLinks({
      length: header.length,
      code: (at) => (reads++, header.charCodeAt(at)),
      slice: (from, to) => ((reads += Math.max(0, to - from)), header.slice(from, to)),
    });
    return { reads, links };
  };

  // Hostile shapes, each a function of a length n. A parser that goes back over the text (a
  // backtracking pattern, a search restarted at each ";" or "<") reads about n times more at the
  // largest size; this one reads at most READS_PER_CHAR times each character, at every size.
  const READS_PER_CHAR = 6;
  const shapes: [string, (n: number) => string][] = [
    ["many opening brackets", (n) => "<".repeat(n)],
    ["many closing brackets", (n) => `<${">".repeat(n)}`],
    ["one long URL", (n) => `<${"a".repeat(n)}`],
    ["many semicolons", (n) => `<x>${";".repeat(n)}`],
    ["many commas", (n) => `<x>${",".repeat(n)}`],
    ["rel= with no end", (n) => `<x>; rel="${"a".repeat(n)}`],
    ["a long unquoted rel", (n) => `<x>; rel=${"a".repeat(n)}`],
    ["a long list of relations", (n) => `<x>; rel="${"a ".repeat(n / 2)}"`],
    ["whitespace runs", (n) => `<x>;${" ".repeat(n / 2)}rel${" ".repeat(n / 2)}`],
    ["many short links", (n) => '<https://h/?page=1>; rel="next", '.repeat(n / 33)],
    ["many unclosed quoted rels", (n) => `<x>${'; rel="a'.repeat(n / 8)}`],
    ["many unclosed quotes after one", (n) => `<x>; rel="${'a"; rel="'.repeat(n / 9)}`],
    ["many rel= with no value", (n) => `<x>${"; rel = ".repeat(n / 8)}`],
    ["many ; rel with no =", (n) => `<x>${"; rel".repeat(n / 5)}`],
    ["long params before rel", (n) => `<x>; title="${"t".repeat(n)}"; rel=next`],
    ["many parts without a bracket close", (n) => "<a;rel=x".repeat(n / 8)],
    ["many links of many relations", (n) => '<u>; rel="a b c d", '.repeat(n / 20)],
  ];

  it.each(shapes)("%s: reads <= k per character, from 1e3 to 1e5 characters", (_label, shape) => {
    // Smallest first: a parser that goes back over the text fails at 1e3, before it spends long at 1e5.
    for (const n of [1_000, 10_000, 100_000]) {
      const header = shape(n);
      expect(counted(header).reads, `${n} characters`).toBeLessThanOrEqual(READS_PER_CHAR * header.length);
    }
  });

  it("reads as parseLinkHeader does", () => {
    const header = '<https://h/?page=2>; rel="next", <https://h/?page=5>; REL=last';
    expect(counted(header).links).toEqual(parseLinkHeader(header));
    expect(counted(header).links).toEqual({ next: "https://h/?page=2", last: "https://h/?page=5" });
  });
});
