// The CLI's pure decisions, without a server: column fitting, cutting, CSV cells, escaping,
// progress totals and retry wording.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { csvCell } from "../src/cli/csv.js";
import { pagesToFetch, waitText } from "../src/cli/progress.js";
import { cut } from "../src/cli/screen.js";
import { fitWidths } from "../src/cli/table.js";
import { printable, terminalJson } from "../src/cli/terminal.js";
import type { RetryEvent } from "../src/core/policies/retry.js";

const SEED = Number(process.env.FC_SEED ?? 20261201); // FC_SEED=<n> varies or replays a run
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe("fitWidths", () => {
  it("keeps natural widths that fit, and otherwise fills the width exactly, each column at least 1 and at most its natural width", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 80 }), { minLength: 1, maxLength: 9 }), fc.integer({ min: 10, max: 300 }), (natural, limit) => {
        const widths = fitWidths(natural, limit);
        const gaps = 2 * (natural.length - 1);
        expect(widths).toHaveLength(natural.length); // no column is ever dropped
        widths.forEach((w, i) => expect(w).toBeGreaterThanOrEqual(Math.min(1, natural[i]!)));
        widths.forEach((w, i) => expect(w).toBeLessThanOrEqual(natural[i]!));
        if (sum(natural) + gaps <= limit) expect(widths).toEqual(natural);
        else if (natural.length + gaps <= limit) expect(sum(widths) + gaps).toBe(limit);
      }),
      { numRuns: 2000, seed: SEED },
    );
  });

  it("narrows the widest columns first", () => {
    expect(fitWidths([2, 40, 10], 30)).toEqual([2, 14, 10]);
    expect(fitWidths([13, 50], 20)).toEqual([9, 9]);
  });
});

describe("cut", () => {
  it("cuts to the width with an ellipsis, counting code points", () => {
    expect(cut("package-00001", 9)).toBe("package-…");
    expect(cut("short", 9)).toBe("short");
    expect(cut("ab", 1)).toBe("…");
    expect(cut("😀😀😀", 2)).toBe("😀…");
  });
});

describe("csvCell", () => {
  it.each([
    ["=1+1", "'=1+1"],
    ["+1", "'+1"],
    ["-1", "'-1"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1", "'\t=1"],
    ["\r=1", "\"'\r=1\""],
    ["a=1", "a=1"],
    ['say "hi", ok', '"say ""hi"", ok"'],
  ])("%j is written %j to a file", (value, cell) => {
    expect(csvCell(value, false)).toBe(cell);
  });

  it("on a terminal, no cell holds a control character, and formulas stay neutralised", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 30 }), (value) => {
        const cell = csvCell(value, true);
        expect(cell).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
        if (/^[=+\-@\t\r]/.test(value)) expect(cell).toMatch(/^"?'/);
      }),
      { numRuns: 2000, seed: SEED },
    );
  });
});

describe("escaping for a terminal", () => {
  it("printable leaves no control character; terminalJson keeps the JSON value", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (text) => {
        expect(printable(text)).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
        const json = terminalJson(JSON.stringify({ name: text }));
        expect(json).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
        expect((JSON.parse(json) as { name: string }).name).toBe(text);
      }),
      { numRuns: 2000, seed: SEED },
    );
  });
});

describe("pagesToFetch", () => {
  it.each([
    [1112, 9, undefined, 1111], // the 10,000 window: floor(10000 / 9)
    [1112, 9, 12, 2], // --limit 12 needs two pages of 9
    [3, 100, undefined, 3],
    [3, 100, 1000, 3],
    [null, 100, 12, null],
  ])("last page %j, per page %j, limit %j: %j", (last, perPage, limit, expected) => {
    expect(pagesToFetch(last, perPage, limit)).toBe(expected);
  });
});

describe("waitText", () => {
  const event = (reason: RetryEvent["reason"], status?: number): RetryEvent => ({ attempt: 2, reason, status, waitMs: 1500, page: 3 });
  it.each([
    [event("network"), "waiting 2 s to retry after a network error (attempt 2)"],
    [event("timeout"), "waiting 2 s to retry after a timeout (attempt 2)"],
    [event("malformed", 200), "waiting 2 s to retry after a malformed answer (attempt 2)"],
    [event("server", 502), "waiting 2 s to retry after a 502 answer (attempt 2)"],
  ])("%j reads %j", (e, text) => {
    expect(waitText(e, Date.now())).toBe(text);
  });

  it("names the rate limit and when it resets", () => {
    expect(waitText(event("secondary-rate-limit", 429), Date.now())).toMatch(/^waiting 2 s for the rate limit \(resets \d\d:\d\d/);
  });
});
