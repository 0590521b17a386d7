// `expect(xs.every(ok)).toBe(true)` passes on an empty list and says nothing of what failed; this
// asserts that there is something to check, and names every item that breaks the rule.
import { expect } from "vitest";

export function expectEvery<T>(items: readonly T[] | undefined, ok: (item: T, index: number) => boolean): void {
  expect(items?.length ?? 0, "nothing to check: the list is empty").toBeGreaterThan(0);
  expect((items ?? []).filter((item, index) => !ok(item, index))).toEqual([]);
}
