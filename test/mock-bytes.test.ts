// The mock sends bytes of any realm as bytes: a Uint8Array of another realm (a vm context's here,
// TextEncoder's under vitest's jsdom) fails `instanceof Uint8Array`, and went out as JSON.
import { describe, expect, it } from "vitest";
import { runInNewContext } from "node:vm";
import { isBytes } from "../src/mock/bytes.js";
import { withMock } from "./with-mock.js";

const foreign = (text: string) => runInNewContext(`new Uint8Array([${[...Buffer.from(text)].join(",")}])`) as Uint8Array;

describe("isBytes", () => {
  it("takes a Uint8Array of any realm, a Buffer among them", () => {
    expect(foreign("x") instanceof Uint8Array).toBe(false);
    for (const value of [new Uint8Array(2), foreign("x"), Buffer.from("x"), new TextEncoder().encode("x")]) expect(isBytes(value)).toBe(true);
  });

  it("refuses other views and look-alikes", () => {
    const lookAlike = { length: 1, 0: 91, [Symbol.toStringTag]: "Uint8Array" };
    for (const value of [new Uint16Array(2), new DataView(new ArrayBuffer(2)), new ArrayBuffer(2), lookAlike, Object.create(Uint8Array.prototype) as unknown, "[]", null, undefined]) {
      expect(isBytes(value)).toBe(false);
    }
  });
});

describe("the node:http mock", () => {
  it("sends an onRequest body of another realm's bytes as those bytes", async () => {
    await withMock({ onRequest: () => ({ status: 200, headers: { "Content-Type": "application/json" }, body: foreign("[]") }) }, async (mock) => {
      const res = await fetch(`${mock.url}/user/packages?package_type=npm`);
      expect(await res.text()).toBe("[]");
    });
  });
});
