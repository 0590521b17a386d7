// The same listing in every namespace: the token's user's, an organization's, another user's.
import { describe, expect, it } from "vitest";
import { createPackagesClient, GitHubApiError, InvalidParametersError, listAllUserPackages, listUserPackages, type Package } from "../src/index.js";
import { makeOrganization, makePackages, makeUser, type MockGitHub } from "../src/testing.js";
import { runCli } from "./run-cli.js";
import { withMock } from "./with-mock.js";
import { expectEvery } from "./expect-every.js";

const TOKEN = "namespace-token";
const acme = makePackages(250, (i) => ({ package_type: i % 2 ? "npm" : "container", owner: makeOrganization("acme") }));
const octocat = makePackages(120, (i) => ({ package_type: "npm", owner: makeUser("octocat", 1), visibility: i % 3 ? "public" : "private" }));
const namespaces = { token: TOKEN, packages: makePackages(20, { package_type: "npm" }), orgs: { acme }, users: { octocat } };
const ids = (packages: Package[]) => packages.map((p) => p.id);

describe("an organization's packages", () => {
  it("one page, from GET /orgs/{org}/packages, owned by the organization", async () => {
    await withMock(namespaces, async (mock) => {
      const { data } = await listUserPackages({ package_type: "npm", org: "acme", per_page: 10 }, { baseUrl: mock.url, token: TOKEN });
      expect(ids(data ?? [])).toEqual(ids(acme.filter((p) => p.package_type === "npm").slice(0, 10)));
      expect(data?.[0]?.owner?.type).toBe("Organization");
      expect(data?.[0]?.html_url).toContain("/orgs/acme/packages/npm/");
      expect(mock.requests[0]?.url).toBe("/orgs/acme/packages?package_type=npm&per_page=10");
    });
  });

  it("the whole listing, and several types, with the organization's name in any case", async () => {
    await withMock(namespaces, async (mock) => {
      const npm = await listAllUserPackages({ package_type: "npm", org: "ACME" }, { baseUrl: mock.url, token: TOKEN, per_page: 30 });
      expect(ids(npm.packages)).toEqual(ids(acme.filter((p) => p.package_type === "npm")));
      const both = await listAllUserPackages({ package_type: ["container", "npm"], org: "acme" }, { baseUrl: mock.url, token: TOKEN });
      expect(both.packages).toHaveLength(250);
      expect(both.packages[0]?.package_type).toBe("container");
      expectEvery(mock.requests, (r) => r.path.toLowerCase() === "/orgs/acme/packages");
    });
  });

  it("an unknown organization is a 404 naming the path, with a hint", async () => {
    await withMock(namespaces, async (mock) => {
      const single = await listUserPackages({ package_type: "npm", org: "nobody-here" }, { baseUrl: mock.url, token: TOKEN });
      expect(single.error).toMatchObject({ status: 404, apiMessage: "Not Found" });
      const err = await listAllUserPackages({ package_type: "npm", org: "nobody-here" }, { baseUrl: mock.url, token: TOKEN }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GitHubApiError);
      expect((err as Error).message).toMatch(/^GitHub API 404 on GET \/orgs\/nobody-here\/packages\?package_type=npm&page=1&per_page=100: Not Found .*GitHub knows no organization named nobody-here/);
    });
  });

  it("a 403 on an organization names the scope and SSO", async () => {
    await withMock({ ...namespaces, onRequest: () => ({ status: 403, body: { message: "Resource protected by organization SAML enforcement." } }) }, async (mock) => {
      const err = await listAllUserPackages({ package_type: "npm", org: "acme" }, { baseUrl: mock.url, token: TOKEN }).catch((e: unknown) => e);
      expect((err as Error).message).toMatch(/Listing acme's packages needs a token with the read:packages scope, authorized for SAML single sign-on/);
    });
  });
});

describe("warnings in another namespace", () => {
  it("name the listing they came with", async () => {
    const headers = { Deprecation: "@1767225600" };
    await withMock({ ...namespaces, onRequest: () => ({ status: 200, headers, body: acme.slice(0, 2) }) }, async (mock) => {
      const messages: string[] = [];
      await listUserPackages({ package_type: "npm", org: "acme" }, { baseUrl: mock.url, token: TOKEN, onWarning: (w) => messages.push(w.message) });
      expect(messages).toEqual(["GitHub marks GET /orgs/acme/packages as deprecated (Deprecation: @1767225600)."]);
    });
  });
});

describe("another user's packages", () => {
  it("lists only their public packages", async () => {
    await withMock(namespaces, async (mock) => {
      const { packages } = await listAllUserPackages({ package_type: "npm", username: "octocat" }, { baseUrl: mock.url, token: TOKEN });
      expect(ids(packages)).toEqual(ids(octocat.filter((p) => p.visibility === "public")));
      expect(mock.requests[0]?.path).toBe("/users/octocat/packages");
    });
  });

  it("the token's own login sees its private packages too; an unknown user is a 404", async () => {
    await withMock({ ...namespaces, login: "octocat" }, async (mock) => {
      const own = await listAllUserPackages({ package_type: "npm", username: "octocat" }, { baseUrl: mock.url, token: TOKEN });
      expect(own.packages).toHaveLength(120);
      const { error } = await listUserPackages({ package_type: "npm", username: "ghost-user" }, { baseUrl: mock.url, token: TOKEN });
      expect(error?.status).toBe(404);
    });
  });
});

describe("checked before any request", () => {
  it.each([
    [{ org: "-acme" }, "org"],
    [{ org: "acme-" }, "org"],
    [{ org: "ac--me" }, "org"],
    [{ username: "a".repeat(40) }, "username"],
    [{ username: "octo/cat" }, "username"],
    [{ username: "" }, "username"],
    [{ org: "acme", username: "octocat" }, "username"],
  ])("refuses %j", async (namespace, parameter) => {
    await withMock(namespaces, async (mock: MockGitHub) => {
      const err = await listUserPackages({ package_type: "npm", ...namespace } as never, { baseUrl: mock.url, token: TOKEN }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidParametersError);
      expect((err as InvalidParametersError).issues.map((i) => i.parameter)).toEqual([parameter]);
      expect(mock.requests).toHaveLength(0);
    });
  });

  it("accepts the longest login and keeps its case", async () => {
    await withMock({ ...namespaces, orgs: { ["A1-b".padEnd(39, "c")]: acme } }, async (mock) => {
      const { data } = await createPackagesClient({ baseUrl: mock.url, token: TOKEN }).listUserPackages({ package_type: "npm", org: "A1-b".padEnd(39, "c") });
      expect(data).toHaveLength(30);
      expect(mock.requests[0]?.path).toBe(`/orgs/${"A1-b".padEnd(39, "c")}/packages`);
    });
  });
});

describe("the CLI's --org and --user", () => {
  const run = (args: string[]) => runCli(args, { GITHUB_TOKEN: TOKEN });

  it("list another namespace, refuse both at once, and explain a 404", async () => {
    await withMock(namespaces, async (mock) => {
      const org = await run(["list", "--type", "npm", "--org", "acme", "--all", "--format", "ndjson", "--base-url", mock.url]);
      expect(org.stdout.trimEnd().split("\n")).toHaveLength(125);
      const user = await run(["list", "--type", "npm", "--user", "octocat", "--all", "--format", "ndjson", "--base-url", mock.url]);
      expect(user.stdout.trimEnd().split("\n")).toHaveLength(80);
      const both = await run(["list", "--type", "npm", "--org", "acme", "--user", "octocat", "--base-url", mock.url]);
      expect(both.code).toBe(2);
      expect(both.stderr).toMatch(/--org and --user cannot be combined/);
      const missing = await run(["list", "--type", "npm", "--org", "nobody-here", "--base-url", mock.url]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/GitHub API 404: Not Found .*GitHub knows no organization named nobody-here/);
      const bad = await run(["list", "--type", "npm", "--user=-x", "--base-url", mock.url]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--user: "-x" is not allowed; it must be a GitHub login/);
    });
  });
});
