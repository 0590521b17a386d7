// A caller's signal of another realm, in Node: the door takes what is shaped like a signal (and
// refuses the rest, naming `signal`), the client follows a foreign one with one of its own, and
// lets go of it once the call or the listing is over.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JSDOM } from "jsdom";
import { Window } from "happy-dom";
import { InvalidParametersError, listAllUserPackages, listUserPackages } from "../src/index.js";
import { followed, isSignal } from "../src/core/door/signal.js";
import { makePackages, startMockGitHub, type MockGitHub } from "../src/testing.js";

const dom = new JSDOM("");
const happy = new Window();
afterAll(async () => {
  dom.window.close();
  await happy.happyDOM.close();
});

// happy-dom types its controller by its own classes: the same interface as the DOM's.
const realms: [string, () => AbortController][] = [
  ["jsdom's", () => new dom.window.AbortController()],
  ["happy-dom's", () => new happy.AbortController() as unknown as AbortController],
];

describe("isSignal", () => {
  it("takes a signal of any realm", () => {
    expect(isSignal(new AbortController().signal)).toBe(true);
    expect(isSignal(AbortSignal.abort())).toBe(true);
    for (const [, make] of realms) expect(isSignal(make().signal)).toBe(true);
  });

  it("refuses what is not shaped like one", () => {
    const methods = { addEventListener() {}, removeEventListener() {}, throwIfAborted() {} };
    for (const value of [undefined, null, "signal", 1, {}, { aborted: false }, { aborted: false, addEventListener() {} }, { ...methods, aborted: "no" }, { ...methods }]) {
      expect(isSignal(value)).toBe(false);
    }
    expect(isSignal({ ...methods, aborted: false })).toBe(true);
  });
});

describe("followed", () => {
  it("hands over a signal of this realm as it is", () => {
    const { signal } = new AbortController();
    expect(followed(signal).signal).toBe(signal);
    const any = AbortSignal.any([signal]);
    expect(followed(any).signal).toBe(any);
  });

  it("refuses a look-alike that only has this realm's prototype", () => {
    const fake = Object.create(AbortSignal.prototype) as AbortSignal;
    Object.assign(fake, { addEventListener() {}, removeEventListener() {} });
    Object.defineProperty(fake, "aborted", { value: false });
    expect(followed(fake).signal).not.toBe(fake);
  });

  for (const [which, make] of realms) {
    it(`follows ${which} signal with one of this realm, with its reason, until released`, () => {
      const controller = make();
      const follower = followed(controller.signal);
      expect(follower.signal).not.toBe(controller.signal);
      expect(follower.signal).toBeInstanceOf(AbortSignal);
      const reason = new Error("stop");
      controller.abort(reason);
      expect(follower.signal.aborted).toBe(true);
      expect(follower.signal.reason).toBe(reason);

      const late = make();
      const released = followed(late.signal);
      released.release();
      late.abort(reason);
      expect(released.signal.aborted).toBe(false);
    });

    it(`follows ${which} signal that has aborted already at once`, () => {
      const controller = make();
      controller.abort("before");
      const { signal } = followed(controller.signal);
      expect(signal.aborted).toBe(true);
      expect(signal.reason).toBe("before");
    });
  }
});

/** A jsdom signal whose listeners are counted: what is added and not yet removed. */
function counted(signal: AbortSignal): { signal: AbortSignal; listening: () => number } {
  const kept = new Set<unknown>();
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  Object.assign(signal, {
    addEventListener(type: string, listener: EventListener, options?: AddEventListenerOptions) {
      kept.add(listener);
      add(type, listener, options);
    },
    removeEventListener(type: string, listener: EventListener) {
      kept.delete(listener);
      remove(type, listener);
    },
  });
  return { signal, listening: () => kept.size };
}

describe("a foreign signal through the client (the node:http mock)", () => {
  const TOKEN = "signal-token";
  let mock: MockGitHub;
  beforeAll(async () => {
    mock = await startMockGitHub({ token: TOKEN, packages: makePackages(12, { package_type: "npm" }) });
  });
  afterAll(() => mock.close());

  it("lets go of it once a call and a listing are over", async () => {
    const { signal, listening } = counted(new dom.window.AbortController().signal);
    const one = await listUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, signal });
    expect(one.data).toHaveLength(12);
    expect(listening()).toBe(0);
    const all = await listAllUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, signal, per_page: 5 });
    expect(all.packages).toHaveLength(12);
    expect(listening()).toBe(0);
  });

  it("still refuses a value that is no signal, naming `signal`", async () => {
    const before = mock.requests.length;
    for (const signal of [{}, { aborted: false, addEventListener() {} }, "abort"]) {
      const err = await listUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, signal: signal as unknown as AbortSignal }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidParametersError);
      expect((err as InvalidParametersError).issues).toEqual([expect.objectContaining({ parameter: "signal", rule: "it must be an AbortSignal" })]);
      await expect(listAllUserPackages({ package_type: "npm" }, { baseUrl: mock.url, token: TOKEN, signal: signal as unknown as AbortSignal })).rejects.toBeInstanceOf(InvalidParametersError);
    }
    expect(mock.requests).toHaveLength(before);
  });
});
