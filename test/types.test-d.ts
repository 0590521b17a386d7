import { describe, expectTypeOf, it } from "vitest";
import {
  createPackagesClient,
  listUserPackages,
  type components,
  type ListUserPackagesError,
  type ListUserPackagesParams,
  type ListUserPackagesResult,
  type Package,
  type PackageType,
  type PackageVisibility,
} from "../src/index.js";
import { makeRealisticPackages, makeRepository } from "../src/testing.js";

describe("public types", () => {
  it("refuses a wrong or missing package_type and a wrong visibility", () => {
    // @ts-expect-error "pypi" is not a package type
    void listUserPackages({ package_type: "pypi" });
    // @ts-expect-error package_type is required
    void listUserPackages({});
    // @ts-expect-error "secret" is not a visibility
    void listUserPackages({ package_type: "npm", visibility: "secret" });
    // @ts-expect-error per_page is a number
    void listUserPackages({ package_type: "npm", per_page: "100" });
    // @ts-expect-error unknown parameter
    void createPackagesClient().listUserPackages({ package_type: "npm", perPage: 10 });
    // @ts-expect-error unknown option
    void createPackagesClient({ tokn: "x" });
  });

  it("derives the unions from the spec", () => {
    expectTypeOf<PackageType>().toEqualTypeOf<"npm" | "maven" | "rubygems" | "docker" | "nuget" | "container">();
    expectTypeOf<PackageVisibility>().toEqualTypeOf<"public" | "private" | "internal">();
    expectTypeOf<Package["visibility"]>().toEqualTypeOf<"private" | "public">();
    expectTypeOf<Package>().toEqualTypeOf<components["schemas"]["package"]>();
    expectTypeOf<ListUserPackagesParams["package_type"]>().toEqualTypeOf<PackageType>();
  });

  it("gives data as Package[] once the error is ruled out", async () => {
    const result = await listUserPackages({ package_type: "container" }, { token: "t" });
    expectTypeOf(result).toEqualTypeOf<ListUserPackagesResult>();
    if (result.error) {
      expectTypeOf(result.error).toEqualTypeOf<ListUserPackagesError>();
      expectTypeOf(result.error.message).toEqualTypeOf<string>();
      expectTypeOf(result.error.requestId).toEqualTypeOf<string | null>();
      expectTypeOf(result.data).toEqualTypeOf<undefined>();
    } else {
      expectTypeOf(result.data).toEqualTypeOf<Package[]>();
    }
    expectTypeOf(result.response).toEqualTypeOf<Response>();
  });

  it("makes repository and owner nullable, to be narrowed before use", async () => {
    const { data } = await listUserPackages({ package_type: "npm" });
    const pkg = data![0]!;
    // @ts-expect-error repository may be null or absent
    expectTypeOf(pkg.repository.full_name).toBeString();
    if (pkg.repository) expectTypeOf(pkg.repository.full_name).toEqualTypeOf<string>();
    expectTypeOf(pkg.repository).toEqualTypeOf<components["schemas"]["nullable-minimal-repository"] | undefined>();
    expectTypeOf<NonNullable<Package["owner"]>["login"]>().toEqualTypeOf<string>();
    expectTypeOf<NonNullable<Package["repository"]>["description"]>().toEqualTypeOf<string | null>();
    expectTypeOf(pkg.created_at).toEqualTypeOf<string>();
    expectTypeOf(pkg.id).toEqualTypeOf<number>();
  });
});

describe("optional fields and options", () => {
  type Repository = NonNullable<components["schemas"]["nullable-minimal-repository"]>;
  type Reviewer = NonNullable<
    NonNullable<NonNullable<Repository["security_and_analysis"]>["secret_scanning_delegated_bypass_options"]>["reviewers"]
  >[number];

  it("keeps a field with a default optional: GitHub may leave it out (reviewers[].mode)", () => {
    expectTypeOf<Reviewer>().toHaveProperty("mode");
    expectTypeOf<{ reviewer_id: number; reviewer_type: "TEAM" }>().toExtend<Reviewer>();
    expectTypeOf<Reviewer["mode"]>().toEqualTypeOf<"ALWAYS" | "EXEMPT" | undefined>();
  });

  it("accepts undefined wherever an option or parameter is optional (process.env.X)", () => {
    const env: Record<string, string | undefined> = {};
    void listUserPackages(
      { package_type: "npm", visibility: undefined, page: undefined, per_page: undefined },
      { token: env.GITHUB_TOKEN, baseUrl: env.GITHUB_API_URL, userAgent: undefined, timeoutMs: undefined, retry: undefined },
    );
    void createPackagesClient({ token: env.TOKEN, cache: undefined, clock: undefined }).listAllUserPackages(
      { package_type: "npm", visibility: undefined },
      { concurrency: undefined, maxItems: undefined, per_page: undefined, signal: undefined },
    );
  });
});

describe("namespaces", () => {
  it("takes org or username, never both", () => {
    void listUserPackages({ package_type: "npm", org: "acme" });
    void listUserPackages({ package_type: "npm", username: "octocat" });
    void createPackagesClient().listAllUserPackages({ package_type: ["npm", "container"], org: "acme" });
    // @ts-expect-error org and username are exclusive
    void listUserPackages({ package_type: "npm", org: "acme", username: "octocat" });
    // @ts-expect-error org and username are exclusive in listings too
    void createPackagesClient().listAllUserPackages({ package_type: "npm", org: "acme", username: "octocat" });
    // @ts-expect-error a login is a string
    void listUserPackages({ package_type: "npm", org: 42 });
  });

  it("takes org or username as string | undefined, as process.env gives them (exactOptionalPropertyTypes on)", () => {
    void listUserPackages({ package_type: "npm", org: process.env.ORG }, { token: process.env.GITHUB_TOKEN, baseUrl: process.env.GITHUB_API_URL });
    void listUserPackages({ package_type: "npm", username: process.env.GH_USER });
    void createPackagesClient({ token: process.env.GITHUB_TOKEN }).listAllUserPackages({ package_type: "npm", org: process.env.ORG });
    void createPackagesClient().listUserPackages({ package_type: "npm", org: undefined, username: "octocat" });
    const user: string = "octocat";
    // @ts-expect-error both known: still exclusive
    void listUserPackages({ package_type: "npm", org: process.env.ORG, username: user });
    // @ts-expect-error both possibly given: refused, one namespace at a time
    void listUserPackages({ package_type: "npm", org: process.env.ORG, username: process.env.GH_USER });
    expectTypeOf<{ package_type: "npm"; org: string | undefined }>().toExtend<ListUserPackagesParams>();
  });
});

describe("every shape the mock serves", () => {
  it("is a Package: no repository key, null repository and owner, a repository with optional fields", () => {
    const bare: Package = {
      id: 1,
      name: "a",
      package_type: "npm",
      url: "https://api.github.com/users/x/packages/npm/a",
      html_url: "https://github.com/users/x/packages/npm/package/a",
      version_count: 1,
      visibility: "public",
      created_at: "2024-01-01T00:00:00Z",
      updated_at: "2024-01-01T00:00:00Z",
    };
    const nulls: Package = { ...bare, owner: null, repository: null };
    const repository = { ...makeRepository("r"), language: "TypeScript", topics: ["cli"], license: { key: "mit", name: "MIT License", spdx_id: "MIT", url: null, node_id: "L1" } };
    const rich: Package = { ...bare, repository };
    expectTypeOf(makeRealisticPackages(3)).toEqualTypeOf<Package[]>();
    expectTypeOf([bare, nulls, rich]).toExtend<Package[]>();
  });
});
