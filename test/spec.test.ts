import { describe, expect, it } from "vitest";
import { queryRules } from "../generated/query-rules.js";
import { loadDocument, resolverOf } from "../scripts/lib/openapi-doc.mjs";
import { MAX_PER_PAGE, PACKAGE_TYPES } from "../src/core/door/params.js";

type Json = Record<string, any>;
const spec = loadDocument(new URL("../openapi/user-packages.yaml", import.meta.url));
// A copy of GitHub's published extract (see test/fixtures/README.md).
const upstream = loadDocument(new URL("./fixtures/upstream-user-packages.json", import.meta.url));
const deref = resolverOf(spec) as (node: unknown) => Json;
const op = spec.paths["/user/packages"].get as Json;
const schemas = spec.components.schemas as Json;

/** Removes prose and examples, and spells OpenAPI 3.0's `nullable: true` the 3.1 way. */
function facts(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(facts);
  if (node === null || typeof node !== "object") return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (["description", "summary", "example", "examples", "nullable"].includes(key)) continue;
    out[key] = key === "properties" ? Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, facts(v)])) : facts(value);
  }
  if ((node as Json).nullable === true) out.type = [out.type, "null"];
  return out;
}

describe("the spec fragment", () => {
  it("is OpenAPI 3.1 and uses type unions, never `nullable`", () => {
    expect(spec.openapi).toMatch(/^3\.1\./);
    expect(JSON.stringify(spec)).not.toContain('"nullable"');
  });

  it("has the Package fields GitHub documents (hand-checked list)", () => {
    const pkg = schemas.package;
    expect(Object.keys(pkg.properties)).toEqual([
      "id", "name", "package_type", "url", "html_url", "version_count", "visibility", "owner", "repository", "created_at", "updated_at",
    ]);
    expect([...pkg.required].sort()).toEqual(
      ["created_at", "html_url", "id", "name", "package_type", "updated_at", "url", "version_count", "visibility"],
    );
    const p = pkg.properties;
    expect([p.id.type, p.version_count.type]).toEqual(["integer", "integer"]);
    expect([p.name.type, p.url.type, p.html_url.type]).toEqual(["string", "string", "string"]);
    expect(p.package_type.enum).toEqual(["npm", "maven", "rubygems", "docker", "nuget", "container"]);
    expect(p.visibility.enum).toEqual(["private", "public"]);
    expect([p.created_at.format, p.updated_at.format]).toEqual(["date-time", "date-time"]);
    expect(p.owner.$ref).toBe("#/components/schemas/nullable-simple-user");
    expect(p.repository.$ref).toBe("#/components/schemas/nullable-minimal-repository");
    expect(schemas["nullable-simple-user"].type).toEqual(["object", "null"]);
    expect(schemas["nullable-minimal-repository"].type).toEqual(["object", "null"]);
    expect(schemas["simple-user"].type).toBe("object");
    expect(schemas["security-and-analysis"].type).toEqual(["object", "null"]);
  });

  it("has the operation's facts: id, parameters, responses", () => {
    expect(op.operationId).toBe("packages/list-packages-for-authenticated-user");
    const params = (op.parameters as Json[]).map(deref);
    expect(params.map((p) => [p.name, p.in, p.required === true])).toEqual([
      ["package_type", "query", true],
      ["visibility", "query", false],
      ["page", "query", false],
      ["per_page", "query", false],
    ]);
    expect(params.map((p) => p.schema)).toEqual([
      { type: "string", enum: ["npm", "maven", "rubygems", "docker", "nuget", "container"] },
      { type: "string", enum: ["public", "private", "internal"] },
      { type: "integer", default: 1, minimum: 1 },
      { type: "integer", default: 30, minimum: 1, maximum: 100 },
    ]);
    expect(Object.keys(op.responses)).toEqual(["200", "400", "401", "403"]);
    expect(op.responses["200"].content["application/json"].schema).toEqual({ type: "array", items: { $ref: "#/components/schemas/package" } });
    expect(Object.keys(op.responses["200"].headers)).toContain("Link");
    for (const status of ["400", "401", "403"]) {
      expect(deref(op.responses[status]).content["application/json"].schema.$ref).toBe("#/components/schemas/basic-error");
    }
    expect(Object.keys(schemas["basic-error"].properties)).toEqual(["message", "documentation_url", "url", "status"]);
    expect(spec.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(spec.servers.map((s: Json) => s.url)).toEqual(["https://api.github.com", "https://{hostname}/api/v3"]);
    expect(spec.info.license.identifier).toBe("MIT");
  });

  it("matches every fact of GitHub's published schemas and parameters", () => {
    for (const [name, schema] of Object.entries(upstream.components.schemas as Json)) {
      expect({ name, facts: facts(schemas[name]) }).toEqual({ name, facts: facts(schema) });
    }
    const upOp = upstream.paths["/user/packages"].get;
    expect(op.operationId).toBe(upOp.operationId);
    expect(facts(op.parameters[0])).toEqual(facts(upOp.parameters[0]));
    for (const [name, param] of Object.entries(upstream.components.parameters as Json)) {
      const ours = facts(spec.components.parameters[name]) as Json;
      const theirs = facts(param) as Json;
      // Our additions, documented by GitHub in prose only: minimum on page and per_page, maximum on per_page.
      const { minimum, maximum, ...oursSchema } = ours.schema as Json;
      expect({ ...ours, schema: oursSchema }).toEqual(theirs);
      if (name !== "package-visibility") expect(minimum).toBe(1);
      if (name === "per-page") expect(maximum).toBe(100);
    }
  });

  it("matches every fact of GitHub's organization and user listings", () => {
    const namespaces = loadDocument(new URL("./fixtures/upstream-namespace-packages.json", import.meta.url));
    const upDeref = resolverOf(namespaces) as (node: unknown) => Json;
    for (const [name, schema] of Object.entries(namespaces.components.schemas as Json)) {
      expect({ name, facts: facts(schemas[name]) }).toEqual({ name, facts: facts(schema) });
    }
    for (const at of ["/orgs/{org}/packages", "/users/{username}/packages"]) {
      const ours = spec.paths[at].get as Json;
      const theirs = namespaces.paths[at].get as Json;
      expect(ours.operationId).toBe(theirs.operationId);
      expect(Object.keys(ours.responses)).toEqual(Object.keys(theirs.responses));
      const params = (list: Json[], deref: (n: unknown) => Json) =>
        list.map((p) => {
          // Our additions, stated by GitHub in prose only: minimum on page and per_page, maximum on per_page.
          const schema = { ...(facts(deref(p).schema) as Json) };
          delete schema.minimum;
          delete schema.maximum;
          return { ...(facts(deref(p)) as Json), schema };
        });
      expect(params(ours.parameters as Json[], deref)).toEqual(params(theirs.parameters as Json[], upDeref));
    }
  });

  it("feeds the run-time checks: generated query rules and the client's constants agree with it", () => {
    const params = (op.parameters as Json[]).map(deref);
    expect(Object.keys(queryRules)).toEqual(params.map((p) => p.name));
    for (const p of params) {
      expect(queryRules[p.name as keyof typeof queryRules]).toMatchObject({ required: p.required === true, ...p.schema });
    }
    expect(PACKAGE_TYPES).toEqual(params[0]!.schema.enum);
    expect(MAX_PER_PAGE).toBe(100);
  });
});
