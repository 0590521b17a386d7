import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { expectEvery } from "./expect-every.js";
import { run } from "../scripts/spec-compare.mjs";

const SCRIPT = fileURLToPath(new URL("../scripts/spec-compare.mjs", import.meta.url));
// A copy of GitHub's published extract (see test/fixtures/README.md).
const REFERENCE = fileURLToPath(new URL("./fixtures/upstream-user-packages.json", import.meta.url));
const NAMESPACES = fileURLToPath(new URL("./fixtures/upstream-namespace-packages.json", import.meta.url));
type Json = Record<string, any>;
let dir: string;
/** api.github.com's three listings: the two extracts in one document. */
let FULL: string;

/** Our fragment as GitHub would publish it: OpenAPI 3.0 (`nullable: true`), no prose. */
function asUpstream(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(asUpstream);
  if (node === null || typeof node !== "object") return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "description" || k === "title") continue;
    if (k === "type" && Array.isArray(v) && v.includes("null")) {
      out.type = v.find((t) => t !== "null");
      out.nullable = true;
    } else {
      out[k] = k === "properties" ? Object.fromEntries(Object.entries(v as Json).map(([pk, pv]) => [pk, asUpstream(pv)])) : asUpstream(v);
    }
  }
  return out;
}

function fixture(name: string, edit: (doc: Json) => void = () => {}): string {
  const doc = asUpstream(parse(readFileSync(new URL("../openapi/user-packages.yaml", import.meta.url), "utf8"))) as Json;
  doc.openapi = "3.0.3";
  edit(doc);
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

/** The command in-process: what it prints (stdout and stderr, in order) and its exit code. */
function compare(...args: string[]): Promise<{ code: number; out: string }> {
  let out = "";
  const say = (line: string) => (out += `${line}\n`);
  return Promise.resolve({ code: run(args, { out: say, err: say }), out });
}

/** The command as a process: its exit code and stdout. */
function compareProcess(...args: string[]) {
  return new Promise<{ code: number; out: string }>((resolve) => {
    execFile(process.execPath, [SCRIPT, ...args], (err, stdout) => resolve({ code: err ? Number((err as { code?: number }).code) : 0, out: stdout }));
  });
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "ghup-compare-"));
  const [user, ns] = [REFERENCE, NAMESPACES].map((f) => JSON.parse(readFileSync(f, "utf8")) as Json);
  const components: Json = {};
  for (const doc of [ns, user]) for (const [kind, entries] of Object.entries(doc!.components as Json)) components[kind] = { ...components[kind], ...(entries as Json) };
  FULL = path.join(dir, "api.github.com-listings.json");
  writeFileSync(FULL, JSON.stringify({ info: user!.info, paths: { ...user!.paths, ...ns!.paths }, components }));
});
const edited = (name: string, change: (d: Json) => void, from = () => FULL) => {
  const doc = JSON.parse(readFileSync(from(), "utf8")) as Json;
  change(doc);
  const file = path.join(dir, `${name.replace(/\W+/g, "-")}.json`);
  writeFileSync(file, JSON.stringify(doc));
  return file;
};
const driftLines = (out: string) => out.split("\n").filter((l) => l.startsWith("  - "));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run spec:compare", () => {
  it("passes on an identical upstream", async () => {
    const r = await compare(fixture("identical"));
    expect(r.out).toMatch(/✔ no drift/);
    expect(r.code).toBe(0);
  });

  it("catches an added enum value", async () => {
    const r = await compare(fixture("enum", (d) => d.components.schemas.package.properties.package_type.enum.push("pypi")));
    expect(r.code).toBe(1);
    expect(r.out).toContain('response 200[].package_type: enum: upstream adds "pypi"');
  });

  it("catches a removed property", async () => {
    const r = await compare(fixture("removed", (d) => delete d.components.schemas["nullable-minimal-repository"].properties.homepage));
    expect(r.code).toBe(1);
    expect(r.out).toContain("response 200[].repository.homepage: property is in the fragment but not upstream");
  });

  it("catches a changed nullability", async () => {
    const r = await compare(fixture("nullable", (d) => delete d.components.schemas["nullable-simple-user"].properties.gravatar_id.nullable));
    expect(r.code).toBe(1);
    expect(r.out).toContain("response 200[].owner.gravatar_id: nullability differs: fragment nullable, upstream not nullable");
  });

  it("catches parameter and required-list drift", async () => {
    const r = await compare(
      fixture("params", (d) => {
        d.components.parameters["package-visibility"].schema.enum.pop();
        d.components.schemas.package.required.push("owner");
        d.paths["/user/packages"].get.parameters.push({ name: "sort", in: "query", schema: { type: "string" } });
      }),
    );
    expect(r.code).toBe(1);
    expect(r.out).toContain('parameter visibility: enum: upstream no longer has "internal"');
    expect(r.out).toContain('response 200[]: upstream requires "owner", the fragment does not');
    expect(r.out).toContain("parameter sort: upstream has it, the fragment does not");
  });

  it("passes on the extract of GitHub's official description", async () => {
    const r = await compare(FULL);
    expect(r.out).toMatch(/✔ no drift/);
    expect(r.code).toBe(0);
  });

  it("a listing the fragment describes that api.github.com's description lacks is drift", async () => {
    const r = await compare(NAMESPACES);
    expect(r.code).toBe(1);
    expect(driftLines(r.out)).toEqual(["  - GET /user/packages: described by the fragment, not upstream"]);
    const removed = await compare(edited("no-org-listing", (d) => delete d.paths["/orgs/{org}/packages"]));
    expect(removed.code).toBe(1);
    expect(driftLines(removed.out)).toEqual(["  - GET /orgs/{org}/packages: described by the fragment, not upstream"]);
  });

  it("in another edition, a listing it lacks is informational, unless --strict", async () => {
    const ghes = edited("ghes-3.99-no-user-listing", (d) => {
      d.info = { title: "GitHub Enterprise Server 3.99" };
      delete d.paths["/users/{username}/packages"];
    });
    const r = await compare(ghes);
    expect(r.code).toBe(0);
    expect(r.out).toContain("GHES 3.99");
    expect(r.out).toContain("· GET /users/{username}/packages: described by the fragment, not in this edition");
    expect((await compare("--strict", ghes)).code).toBe(1);
  });

  it.each<[string, (d: Json) => void, string]>([
    ["the organization listing's per_page default", (d) => (d.paths["/orgs/{org}/packages"].get.parameters[4].schema.default = 50), "GET /orgs/{org}/packages parameter per_page: default differs: fragment 30, upstream 50"],
    ["the organization listing's path parameter", (d) => d.paths["/orgs/{org}/packages"].get.parameters.splice(1, 1), "GET /orgs/{org}/packages parameter org: in the fragment but not upstream"],
    ["the user listing's responses", (d) => (d.paths["/users/{username}/packages"].get.responses["404"] = { description: "Not Found" }), "GET /users/{username}/packages response 404: upstream documents it, the fragment does not"],
    ["the user listing's operationId", (d) => (d.paths["/users/{username}/packages"].get.operationId = "packages/list-for-user"), "GET /users/{username}/packages: operationId differs: fragment"],
  ])("catches an edit to %s", async (name, change, message) => {
    const r = await compare(edited(name, change));
    expect(r.code).toBe(1);
    expect(r.out).toContain(message);
  });

  // Each alteration of GitHub's published extract is a fact a client would feel; each must show.
  const op = (d: Json) => d.paths["/user/packages"].get as Json;
  const schemas = (d: Json) => d.components.schemas as Json;
  it.each<[string, (d: Json) => void, string]>([
    ["a deprecated operation", (d) => (op(d).deprecated = true), "GET /user/packages: deprecated differs: fragment false, upstream true"],
    ["a deprecated property", (d) => (schemas(d).package.properties.version_count.deprecated = true), "response 200[].version_count: deprecated differs: fragment undefined, upstream true"],
    ["per_page maximum 50", (d) => (d.components.parameters["per-page"].schema.maximum = 50), "parameter per_page: maximum differs: fragment 100, upstream 50"],
    ["a new minimum", (d) => (schemas(d).package.properties.version_count.minimum = 1), "response 200[].version_count: minimum differs: fragment undefined, upstream 1"],
    ["a new maxLength", (d) => (schemas(d).package.properties.name.maxLength = 214), "response 200[].name: maxLength differs: fragment undefined, upstream 214"],
    ["a new pattern", (d) => (schemas(d).package.properties.name.pattern = "^[a-z]+$"), 'response 200[].name: pattern differs: fragment undefined, upstream "^[a-z]+$"'],
    ["a new response header", (d) => (op(d).responses["200"].headers = { "X-Poll-Interval": { schema: { type: "integer" } } }), "response 200: header X-Poll-Interval: upstream documents this header, the fragment does not"],
    ["a body added to the 400", (d) => (d.components.responses.package_es_list_error.content = { "application/json": { schema: { type: "object", properties: { errors: { type: "array" } } } } }), "response 400.errors: property is upstream but not in the fragment"],
    ["new x-github-breaking-changes", (d) => (op(d)["x-github-breaking-changes"] = [{ changeset: "remove_visibility", version: "2026-03-10" }]), "GET /user/packages: x-github-breaking-changes differs"],
    ["a change of operation security", (d) => (op(d).security = [{ appAuth: [] }]), 'GET /user/packages: security differs: fragment [{"bearerAuth":[]}], upstream [{"appAuth":[]}]'],
    ["a parameter's style", (d) => (d.components.parameters["package-visibility"].style = "pipeDelimited"), 'parameter visibility: style differs: fragment undefined, upstream "pipeDelimited"'],
    ["a parameter's explode", (d) => (op(d).parameters[0].explode = false), "parameter package_type: explode differs: fragment undefined, upstream false"],
    ["the enum order", (d) => schemas(d).package.properties.visibility.enum.reverse(), 'response 200[].visibility: enum order differs: fragment ["private","public"], upstream ["public","private"]'],
  ])("catches %s", async (name, change, message) => {
    const r = await compare(edited(`blind-${name}`, change));
    expect(r.out).toContain(message);
    expect(r.code).toBe(1);
  });

  // A breaking-change notice anywhere a listing reaches, not only on the operation.
  const notice = [{ changeset: "remove_version_count", patch: { properties: { version_count: null } }, version: "2027-01-01" }];
  it.each<[string, (d: Json) => void, string]>([
    ["a component schema the listing reaches", (d) => (schemas(d).package["x-github-breaking-changes"] = notice), "GET /user/packages #/components/schemas/package: x-github-breaking-changes upstream"],
    ["a schema two references deep", (d) => (schemas(d)["simple-user"]["x-github-breaking-changes"] = notice), "#/components/schemas/simple-user: x-github-breaking-changes upstream"],
    ["a property of a schema", (d) => (schemas(d).package.properties.name["x-github-breaking-changes"] = notice), "GET /orgs/{org}/packages #/components/schemas/package.properties.name: x-github-breaking-changes upstream"],
    ["a response", (d) => (d.paths["/users/{username}/packages"].get.responses["200"]["x-github-breaking-changes"] = notice), "GET /users/{username}/packages responses.200: x-github-breaking-changes upstream"],
    ["a parameter", (d) => (d.components.parameters["per-page"]["x-github-breaking-changes"] = notice), "GET /user/packages #/components/parameters/per-page: x-github-breaking-changes upstream"],
  ])("reports an x-github-breaking-changes entry on %s", async (name, change, message) => {
    const r = await compare(edited(`breaking-${name}`, change));
    expect(r.out).toContain(message);
    expect(r.out).toContain('"changeset":"remove_version_count"');
    expect(r.code).toBe(1);
  });

  it("reports a breaking-change notice of the fragment's that upstream changed or dropped", async () => {
    const r = await compare(edited("breaking-dropped", (d) => delete schemas(d)["nullable-minimal-repository"]["x-github-breaking-changes"]));
    expect(r.code).toBe(1);
    expect(r.out).toContain("GET /user/packages #/components/schemas/nullable-minimal-repository: x-github-breaking-changes in the fragment:");
    expect(r.out).toContain("upstream does not carry it");
  });

  it.each([
    ["allOf", (ref: Json) => ({ allOf: [ref] })],
    ["anyOf with null", (ref: Json) => ({ anyOf: [{ $ref: "#/components/schemas/simple-user" }, { type: "null" }], description: ref.description })],
  ])("reads owner wrapped in %s as the same schema: no noise", async (name, wrap) => {
    const doc = JSON.parse(readFileSync(FULL, "utf8")) as Json;
    const props = schemas(doc).package.properties;
    props.owner = wrap(props.owner as Json);
    const file = path.join(dir, `wrapped-${name.replace(/\W+/g, "-")}.json`);
    writeFileSync(file, JSON.stringify(doc));
    const r = await compare(file);
    expect(r.out).toMatch(/✔ no drift/);
    expect(r.code).toBe(0);
  });

  it("compares the members of a real composite by structure, with readable paths", async () => {
    const doc = JSON.parse(readFileSync(FULL, "utf8")) as Json;
    schemas(doc).package.properties.owner = { anyOf: [{ $ref: "#/components/schemas/nullable-simple-user" }, { type: "string" }] };
    const file = path.join(dir, "composite.json");
    writeFileSync(file, JSON.stringify(doc));
    const r = await compare(file);
    expect(r.code).toBe(1);
    expect(r.out).toContain("response 200[].owner: composite differs: fragment a plain schema, upstream anyOf of 2");
    expect(r.out).not.toContain('upstream ["null"]');
    expect(r.out.split("\n").filter((l) => l.startsWith("  - ")).length).toBeLessThan(5);
  });

  it("--json gives the findings for tools", async () => {
    const r = await compareProcess("--json", FULL);
    const reports = JSON.parse(r.out) as { edition: string; findings: { kind: string }[] }[];
    expect(reports[0]?.edition).toBe("api.github.com");
    expectEvery(reports[0]?.findings, (f) => f.kind === "addition");
    expect(reports[0]?.findings.length).toBeGreaterThan(5);
  });

  it("as a process, exits 2 on unreadable input or a wrong flag, 1 on drift, 0 without", async () => {
    const codes = [];
    for (const args of [[path.join(dir, "missing.json")], ["--no-such-flag", FULL], [], [NAMESPACES], [FULL]]) codes.push((await compareProcess(...args)).code);
    expect(codes).toEqual([2, 2, 2, 1, 0]);
  });
});
