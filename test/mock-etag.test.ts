// The mock's ETag digest: the same bytes give the same tag, a changed page a different one.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { etagOf } from "../src/mock/hash.js";

const SEED = Number(process.env.FC_SEED ?? 4242);

describe("etagOf", () => {
  it("is a weak ETag, stable for the same bytes, wherever they sit in their buffer", () => {
    const bytes = new TextEncoder().encode('[{"id":1}]');
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    expect(etagOf(bytes)).toMatch(/^W\/"[0-9a-f]{16}-[0-9a-z]+"$/);
    expect(etagOf(shifted.subarray(3))).toBe(etagOf(bytes));
  });

  it("changes when any byte of a page changes (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (bytes, at, delta) => {
        const changed = bytes.slice();
        const i = at % bytes.length;
        changed[i] = ((changed[i] ?? 0) + delta) % 256;
        expect(etagOf(changed)).not.toBe(etagOf(bytes));
      }),
      { seed: SEED, numRuns: 500, verbose: true },
    );
  });
});
