// @vitest-environment happy-dom
// The testing kit under vitest's happy-dom environment. Its globals (fetch, Response,
// AbortController) are happy-dom's; the foreign signal is one of a jsdom window.
import { JSDOM } from "jsdom";
import { afterAll } from "vitest";
import { describeKit } from "./kit-cases.js";

const dom = new JSDOM("");
afterAll(() => dom.window.close());
describeKit("happy-dom", () => new dom.window.AbortController());
