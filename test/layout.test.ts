// The layout shows the design: few entries at the top of src/, and the core's parts (door,
// request, policies, listing, with errors and types beside them) exchange few names. The counter
// itself is checked on a made-up core, so that a budget met by a counter that sees nothing fails.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { crossings } from "../scripts/lib/crossings.mjs";

const SRC = path.resolve(import.meta.dirname, "../src");
const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A src/ folder with the given files (path → text) under core/. */
function madeCore(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "crossings-"));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, "core", name)), { recursive: true });
    writeFileSync(path.join(dir, "core", name), text);
  }
  return dir;
}

describe("the layout of src/", () => {
  it("has at most 10 entries at its top", () => {
    expect(readdirSync(SRC).length).toBeLessThanOrEqual(10);
  });

  it("has its core's parts exchange at most 60 names", () => {
    const found = crossings(SRC);
    expect(found.length).toBeGreaterThan(0);
    expect(found.length).toBeLessThanOrEqual(60);
  });

  it("counts a name once per part that exports it, values apart from types, and nothing inside a part", () => {
    const dir = madeCore({
      "door/a.ts": 'import { one, type Two } from "../request/b.js";\nimport { inner } from "./c.js";\nimport type { Three } from "../types.js";\n',
      "door/c.ts": 'import { one } from "../request/b.js";\nexport const inner = 1;\n',
      "listing/d.ts": 'import { one as renamed } from "../request/b.js";\nimport { outside } from "../../mock/e.js";\n',
      "request/b.ts": "export const one = 1;\nexport type Two = 2;\n",
      "types.ts": "export type Three = 3;\n",
    });
    expect(crossings(dir)).toEqual([
      { part: "request", file: "request/b.ts", name: "one", type: false, importers: ["door", "listing"] },
      { part: "request", file: "request/b.ts", name: "Two", type: true, importers: ["door"] },
      { part: "types", file: "types.ts", name: "Three", type: true, importers: ["door"] },
    ]);
  });
});
