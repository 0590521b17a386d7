// The mock looks like GitHub: its bodies validate against GitHub's own schema (the vendored
// extract), and every shape an app can meet shows up: optional fields present and absent, an
// unlinked repository as a missing key and as null, owners that are null.
import { describe, expect, it } from "vitest";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { PACKAGE_TYPES, type Package } from "../src/index.js";
import { defaultPackages, makeRealisticPackages } from "../src/testing.js";
import { packageSchema } from "../generated/package-schema.js";
import { withMock } from "./with-mock.js";

type Json = Record<string, any>;
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default; // CommonJS default export

/** GitHub's OpenAPI 3.0 schema as JSON Schema 2020-12: `nullable` becomes a type union. */
function as2020(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(as2020);
  if (node === null || typeof node !== "object") return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) {
    if (key === "nullable" || key === "example" || key === "examples") continue;
    out[key] = key === "$ref" ? (value as string).replace("#/components/schemas/", "#/$defs/") : key === "properties" ? Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, as2020(v)])) : as2020(value);
  }
  if ((node as Json).nullable === true) out.type = [out.type, "null"];
  return out;
}

const upstream = JSON.parse(await import("node:fs").then((fs) => fs.readFileSync(new URL("./fixtures/upstream-namespace-packages.json", import.meta.url), "utf8"))) as Json;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const officialPage = ajv.compile({ $defs: as2020(upstream.components.schemas), type: "array", items: { $ref: "#/$defs/package" } });
const officialError = ajv.compile({ $defs: as2020(upstream.components.schemas), $ref: "#/$defs/basic-error" });

/** The optional fields of a schema, by path, that a set of values shows present and absent. */
function optionalFields(schema: Json, values: unknown[], path = ""): { name: string; present: number; absent: number }[] {
  const required = new Set<string>((schema.required as string[] | undefined) ?? []);
  const objects = values.filter((v): v is Json => v !== null && typeof v === "object" && !Array.isArray(v));
  return Object.entries((schema.properties ?? {}) as Json).flatMap(([name, field]) => {
    const here = required.has(name) ? [] : [{ name: `${path}${name}`, present: objects.filter((o) => name in o).length, absent: objects.filter((o) => !(name in o)).length }];
    const nested = (field as Json).properties ? optionalFields(field as Json, objects.map((o) => o[name]), `${path}${name}.`) : [];
    return [...here, ...nested];
  });
}

describe("a mock that looks like GitHub", () => {
  it("serves bodies that GitHub's own schema accepts, errors included", async () => {
    await withMock({ token: "realism", packages: defaultPackages() }, async (mock) => {
      for (const type of PACKAGE_TYPES) {
        const res = await fetch(`${mock.url}/user/packages?package_type=${type}&per_page=100`, { headers: { Authorization: "Bearer realism" } });
        const body = (await res.json()) as Package[];
        expect(body).toHaveLength(7);
        expect([type, officialPage(body), JSON.stringify(officialPage.errors?.slice(0, 2))]).toEqual([type, true, undefined]);
        expect(Number(res.headers.get("x-ratelimit-remaining"))).toBeGreaterThanOrEqual(0);
        expect(res.headers.get("x-github-request-id")).toMatch(/^F00D:/);
      }
      for (const url of [`${mock.url}/user/packages?package_type=npm`, `${mock.url}/orgs/nobody/packages?package_type=npm`]) {
        const res = await fetch(url, { headers: url.includes("nobody") ? { Authorization: "Bearer realism" } : {} });
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(officialError(await res.json())).toBe(true);
      }
    });
  });

  it("shows every optional field present in some packages and absent in others, for every seed's set", () => {
    for (const packages of [defaultPackages(), makeRealisticPackages(64, { seed: 7 })]) {
      expect(officialPage(packages)).toBe(true);
      const fields = optionalFields(packageSchema, packages);
      expect(fields.length).toBeGreaterThan(40);
      const onlyOneWay = fields.filter((f) => f.present === 0 || (f.absent === 0 && f.name.split(".").length === 1));
      expect(onlyOneWay).toEqual([]);
    }
  });

  it("meets an app with a repository left out, one null, an owner null, and one with every optional repository field", () => {
    const packages = defaultPackages();
    expect(packages.some((p) => !("repository" in p))).toBe(true);
    expect(packages.some((p) => p.repository === null)).toBe(true);
    expect(packages.some((p) => p.owner === null)).toBe(true);
    const repositoryFields = Object.keys((packageSchema.properties.repository as unknown as Json).properties as Json);
    const full = packages.find((p) => p.repository && repositoryFields.every((f) => f in (p.repository as Json)));
    expect(full?.repository?.language !== undefined && full.repository.topics !== undefined && full.repository.license !== undefined).toBe(true);
    expect(full?.repository?.permissions).toBeDefined();
    expect(full?.repository?.security_and_analysis).toBeDefined();
  });

  it("is the same for the same seed, and differs for another", () => {
    expect(makeRealisticPackages(20, { seed: 3 })).toEqual(makeRealisticPackages(20, { seed: 3 }));
    expect(makeRealisticPackages(20, { seed: 3 })).not.toEqual(makeRealisticPackages(20, { seed: 4 }));
  });
});
