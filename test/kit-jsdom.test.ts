// @vitest-environment jsdom
// The testing kit under vitest's jsdom environment, which the README names for an app's tests.
// There TextEncoder's bytes are not of the global Uint8Array's realm; the foreign signal is one of
// jsdom's own window (vitest keeps Node's AbortController as the global one).
import type { JSDOM } from "jsdom";
import { describeKit } from "./kit-cases.js";

// vitest's jsdom environment keeps its JSDOM instance here.
const { window } = (globalThis as unknown as { jsdom: JSDOM }).jsdom;
describeKit("jsdom", () => new window.AbortController());
