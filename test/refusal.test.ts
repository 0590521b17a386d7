// What a refusal may show of a refused value, given the credentials the door knows: the value
// itself when it holds none of them, "(hidden)" when its written form would, "(unreadable)" when
// it cannot even be written out. Values of every kind, not only strings.
import { describe, expect, it } from "vitest";
import { hideIn } from "../src/core/door/refusal.js";

const SECRET = "s3cr3t-0123456789abcdef";
const rule = "it must be something else";
const shown = (value: unknown) => hideIn([{ parameter: "x", value, rule }], [SECRET])[0]?.value;

describe("hideIn", () => {
  it("shows numbers, booleans, null, undefined and bigints as they are (a bigint has no JSON)", () => {
    for (const value of [5, true, null, undefined, 10n]) expect(shown(value)).toBe(value);
  });

  it("shows an object or a function that holds no credential as the very value", () => {
    const object = { page: 2 };
    const fn = () => 1;
    expect(shown(object)).toBe(object);
    expect(shown(fn)).toBe(fn);
  });

  it("hides a string, an object or a function whose written form holds a credential, or a piece of one", () => {
    expect(shown(`Bearer ${SECRET}`)).toBe("(hidden)");
    expect(shown({ nested: { token: SECRET.slice(3, 11) } })).toBe("(hidden)");
    const holder = () => "s3cr3t-0123456789abcdef"; // its source, which String() writes, holds SECRET
    expect(shown(holder)).toBe("(hidden)");
  });

  it("shows a value that throws when written out as (unreadable)", () => {
    const throwing = { toJSON: () => { throw new Error("no"); } };
    expect(shown(throwing)).toBe("(unreadable)");
  });

  it("hides a parameter name that holds a credential, and keeps the rule", () => {
    expect(hideIn([{ parameter: SECRET, value: 1, rule }], [SECRET])).toEqual([{ parameter: "(a name that holds a credential)", value: 1, rule }]);
    expect(hideIn([{ parameter: "per_page", value: 1, rule }], [SECRET])).toEqual([{ parameter: "per_page", value: 1, rule }]);
  });
});
