#!/usr/bin/env node
// npm run spec:contract [-- --base-url URL] [-- --types npm,container]
// Checks the fragment against reality: fetches the first page of each package type with the
// token in GITHUB_TOKEN (or GH_TOKEN) and validates every body and the documented headers against
// the fragment's schemas (JSON Schema 2020-12, the dialect of OpenAPI 3.1, with formats).
// Exit 0 when everything matches, 1 on any mismatch, 2 when the check could not run.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { parse } from "yaml";
import { createPackagesClient, parseLinkHeader } from "gh-user-packages";

const SPEC_FILE = fileURLToPath(new URL("../openapi/user-packages.yaml", import.meta.url));
const OPERATION = "#/paths/~1user~1packages/get";

const fail = (message) => {
  console.error(`spec:contract: ${message}`);
  process.exit(2);
};

let values;
try {
  ({ values } = parseArgs({ options: { "base-url": { type: "string" }, types: { type: "string" } }, strict: true }));
} catch (err) {
  fail(err.message);
}
const token = process.env.GITHUB_TOKEN || process.env.GH_TOKEN;
if (!token) fail("set GITHUB_TOKEN (or GH_TOKEN) to a token with the read:packages scope");

const spec = parse(readFileSync(SPEC_FILE, "utf8"));
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ ...spec, $id: "openapi.json" });
const validateBody = ajv.getSchema(`openapi.json${OPERATION}/responses/200/content/application~1json/schema`);
const op = spec.paths["/user/packages"].get;
const allTypes = op.parameters[0].schema.enum;
const types = values.types ? values.types.split(",") : allTypes;
for (const t of types) if (!allTypes.includes(t)) fail(`unknown package type "${t}" (known: ${allTypes.join(", ")})`);

// The documented headers of the 200, each with a validator for its schema.
const deref = (node) => (node.$ref ? node.$ref.replace(/^#\//, "").split("/").reduce((at, k) => at[k], spec) : node);
const headerChecks = Object.entries(op.responses["200"].headers ?? {}).map(([name, h]) => {
  const header = deref(h);
  return { name, schema: header.schema, validate: ajv.compile(header.schema) };
});

const client = createPackagesClient({ token, ...(values["base-url"] ? { baseUrl: values["base-url"] } : {}), userAgent: "gh-user-packages-contract" });
const origin = new URL(values["base-url"] ?? "https://api.github.com").origin;
let mismatches = 0;
let checked = 0;
const report = (text) => {
  mismatches++;
  console.log(`  ✘ ${text}`);
};

for (const type of types) {
  const { data, error, response } = await client.listUserPackages({ package_type: type, per_page: 100 });
  if (error) fail(`GET /user/packages?package_type=${type}: ${error.httpStatus} ${error.message}${error.requestId ? ` (request ${error.requestId})` : ""}`);
  console.log(`${type}: ${data.length} package${data.length === 1 ? "" : "s"}`);
  checked += data.length;
  if (!validateBody(data)) {
    for (const e of validateBody.errors) {
      const [, index, ...rest] = e.instancePath.split("/");
      const pkg = index !== undefined ? data[Number(index)] : undefined;
      const where = `${type} package ${pkg?.id ?? "?"} (items/${index}) ${rest.length ? `/${rest.join("/")}` : "(the package itself)"}`;
      const got = rest.reduce((at, k) => (at == null ? at : at[k]), pkg);
      const detail = e.keyword === "enum" ? ` ${JSON.stringify(e.params.allowedValues)}` : "";
      report(`${where}: ${e.message}${detail}${e.keyword === "required" ? "" : ` (got ${JSON.stringify(got)})`}`);
    }
  }
  for (const { name, schema, validate } of headerChecks) {
    const raw = response.headers.get(name);
    if (raw === null) continue; // documented, not promised on every response
    const value = schema.type === "integer" && /^-?\d+$/.test(raw) ? Number(raw) : raw;
    if (!validate(value)) report(`${type} header ${name}: ${ajv.errorsText(validate.errors, { dataVar: name })} (got ${JSON.stringify(raw)})`);
    if (name.toLowerCase() === "link") {
      const links = parseLinkHeader(raw);
      if (Object.keys(links).length === 0) report(`${type} header Link: no relation could be read from ${JSON.stringify(raw.slice(0, 120))}`);
      for (const [rel, url] of Object.entries(links)) {
        if (!URL.canParse(url) || new URL(url).origin !== origin) report(`${type} header Link: rel="${rel}" points outside ${origin}`);
      }
    }
  }
}

if (mismatches > 0) {
  console.log(`✘ ${mismatches} mismatch${mismatches === 1 ? "" : "es"} between the API's answers and openapi/user-packages.yaml`);
  process.exitCode = 1;
} else {
  console.log(`✔ ${checked} packages of ${types.length} type${types.length === 1 ? "" : "s"} and their headers match openapi/user-packages.yaml`);
}
