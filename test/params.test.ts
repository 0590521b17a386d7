import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidParametersError, listUserPackages, type ListUserPackagesParams } from "../src/index.js";
import { startMockGitHub, type MockGitHub } from "../src/testing.js";

let mock: MockGitHub;
beforeAll(async () => {
  mock = await startMockGitHub({ token: "params-test-token" });
});
afterAll(() => mock.close());

async function rejection(params: unknown): Promise<InvalidParametersError> {
  const before = mock.requests.length;
  const err = await listUserPackages(params as ListUserPackagesParams, { baseUrl: mock.url, token: mock.token }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InvalidParametersError);
  // Refused before any request: the mock saw nothing.
  expect(mock.requests.length).toBe(before);
  return err as InvalidParametersError;
}

describe("parameter checks", () => {
  it.each([
    [{}, "package_type", /"package_type": it is missing; it is required and must be one of npm, maven, rubygems, docker, nuget, container/],
    [{ package_type: "pypi" }, "package_type", /"package_type": "pypi" is not allowed; it is required and must be one of npm/],
    [{ package_type: "npm", visibility: "secret" }, "visibility", /"visibility": "secret" is not allowed; it must be one of public, private, internal/],
    [{ package_type: "npm", per_page: 500 }, "per_page", /"per_page": 500 is not allowed; it must be an integer from 1 to 100/],
    [{ package_type: "npm", per_page: 0 }, "per_page", /"per_page": 0 is not allowed/],
    [{ package_type: "npm", per_page: 2.5 }, "per_page", /"per_page": 2.5 is not allowed/],
    [{ package_type: "npm", per_page: "50" }, "per_page", /"per_page": "50" is not allowed/],
    [{ package_type: "npm", page: 0 }, "page", /"page": 0 is not allowed; it must be an integer of at least 1/],
    [{ package_type: "npm", page: -3 }, "page", /"page": -3/],
    [{ package_type: "npm", page: Number.NaN }, "page", /"page": NaN/],
    [{ package_type: "npm", page: 101, per_page: 100 }, "page", /"page": 101 is not allowed; with per_page 100 .*at most 10000, so page can be at most 100/],
    [{ package_type: "npm", page: 334 }, "page", /with per_page 30 .* page can be at most 333/],
    [{ package_type: "npm", perPage: 10 }, "perPage", /"perPage": 10 is not allowed; it is not a known parameter of a package listing; did you mean per_page\?/],
    [{ package_type: "npm", constructor: 1 }, "constructor", /it is not a known parameter/],
    [{ package_type: "npm", toString: "x" }, "toString", /it is not a known parameter/],
    [{ package_type: "npm", hasOwnProperty: 1, valueOf: 2 }, "valueOf", /it is not a known parameter/],
    [JSON.parse('{"package_type":"npm","__proto__":1}') as ListUserPackagesParams, "__proto__", /it is not a known parameter/],
  ])("refuses %j naming %s", async (params, parameter, message) => {
    const err = await rejection(params);
    expect(err.issues.map((i) => i.parameter)).toContain(parameter);
    expect(err.message).toMatch(message);
    expect(err.name).toBe("InvalidParametersError");
  });

  it("lists every broken rule at once", async () => {
    const err = await rejection({ package_type: "pypi", visibility: "x", page: 0, per_page: 101 });
    expect(err.issues.map((i) => i.parameter)).toEqual(["package_type", "visibility", "page", "per_page"]);
  });

  it("refuses a non-object", async () => {
    const err = await rejection(null);
    expect(err.issues[0]?.parameter).toBe("params");
  });

  it("accepts the window's edge: page 100 with per_page 100", async () => {
    const { response } = await listUserPackages(
      { package_type: "npm", page: 100, per_page: 100 },
      { baseUrl: mock.url, token: mock.token },
    );
    expect(response.status).toBe(200);
    expect(mock.requests.at(-1)?.query).toEqual({ package_type: "npm", page: "100", per_page: "100" });
  });

  it("drops parameters given as undefined instead of sending them", async () => {
    await listUserPackages({ package_type: "npm", visibility: undefined, page: undefined }, { baseUrl: mock.url, token: mock.token });
    expect(mock.requests.at(-1)?.url).toBe("/user/packages?package_type=npm");
  });
});
