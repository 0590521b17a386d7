// The mock's Host header reader: the same answers as the pattern it replaced, and one pass over
// the text, counted in reads (not timed) over hostile shapes from 1e3 to 1e5 characters.
// Seeded: FC_SEED=<n> replays or varies a run; fast-check prints the seed and path on failure.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { isHostHeader, scanHost } from "../src/mock/host.js";

const SEED = Number(process.env.FC_SEED ?? 20260412);
const RUNS = Number(process.env.FC_RUNS_HOST ?? 2000);

// The old pattern, kept as the oracle: its answers are the spec.
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

describe("isHostHeader", () => {
  it.each([
    ["127.0.0.1:8080", true],
    ["localhost", true],
    ["api.github.com", true],
    ["a-b.c-d", true],
    ["[::1]:443", true],
    ["x:12345", true],
    ["x:123456", false],
    ["x:", false],
    ["", false],
    ["bad host", false],
    ["user@127.0.0.1", false],
    ["-a", false],
    ["a-", false],
    ["a.", false],
    ["a..b", false],
    ["[]", false],
    ["[::1", false],
    ["[g]", false],
  ])("%j: %j", (host, expected) => {
    expect(isHostHeader(host)).toBe(expected);
    expect(HOST.test(host)).toBe(expected);
  });

  it(`agrees with the pattern it replaced (${RUNS} runs, seed ${SEED})`, () => {
    const piece = fc.constantFrom("a", "Z", "0", "9", "f", "G", "-", ".", ":", "[", "]", "1", "@", " ", "é", "ab-c", "::1");
    const host = fc.array(piece, { maxLength: 16 }).map((pieces) => pieces.join(""));
    fc.assert(
      fc.property(fc.oneof(host, fc.string({ maxLength: 16 })), (text) => {
        expect(isHostHeader(text)).toBe(HOST.test(text));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

describe("scanHost reads each character a bounded number of times", () => {
  const reads = (host: string) => {
    let count = 0;
    scanHost({ length: host.length, code: (at) => (count++, host.charCodeAt(at)) });
    return count;
  };
  const shapes: [string, (n: number) => string][] = [
    ["one long label ending in a hyphen", (n) => `a${"-".repeat(n)}`],
    ["one long label and a bad end", (n) => `${"a".repeat(n)}!`],
    ["many labels and a bad end", (n) => `${"a-a.".repeat(n / 4)}!`],
    ["hyphen runs between letters", (n) => `${"a--".repeat(n / 3)}-`],
    ["a long bracketed address left open", (n) => `[${":".repeat(n)}`],
    ["a long port", (n) => `a:${"1".repeat(n)}`],
  ];
  it.each(shapes)("%s: at most 2 reads per character", (_label, shape) => {
    for (const n of [1_000, 10_000, 100_000]) {
      const host = shape(n);
      expect(reads(host), `${n} characters`).toBeLessThanOrEqual(2 * host.length);
    }
  });
});
