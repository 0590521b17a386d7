// The shared behaviour table, against the mock GitHub on a real node:http server.
import { describe, it } from "vitest";
import { CASES, targetAt } from "./mock-cases.js";
import { withMock } from "./with-mock.js";

describe("the mock GitHub on node:http", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    await withMock(c.options, (mock) => c.run(targetAt(c.ghes ? `${mock.url}/api/v3` : mock.url)));
  });
});
