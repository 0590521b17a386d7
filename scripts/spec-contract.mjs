#!/usr/bin/env node
// npm run spec:contract [-- --base-url URL] [-- --types npm,container] [-- --org ORG | --user LOGIN]
// Checks the fragment against reality: fetches the first page of each package type with the
// token in GITHUB_TOKEN (or GH_TOKEN) and validates every body and the documented headers against
// the fragment's schemas (JSON Schema 2020-12, the dialect of OpenAPI 3.1, with formats). Plain
// fetch, not the client: the client refuses bodies it cannot use, and this check must see them.
// Exit 0 when everything matches, 1 on any mismatch, 2 when the check could not run.
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { DEFAULT_API_VERSION, parseLinkHeader } from "gh-user-packages";
import { loadDocument, resolverOf } from "./lib/openapi-doc.mjs";

/** @typedef {import("gh-user-packages").Package} Package */
/** @typedef {import("ajv").ValidateFunction} ValidateFunction */

const SPEC_FILE = fileURLToPath(new URL("../openapi/user-packages.yaml", import.meta.url));
/** The listing checked: the token's user's, an organization's, or another user's. */
const TEMPLATES = { user: "/user/packages", org: "/orgs/{org}/packages", users: "/users/{username}/packages" };
// ajv-formats ships CommonJS whose default export TypeScript sees under `.default`.
const addFormats = /** @type {typeof addFormatsModule.default} */ (/** @type {unknown} */ (addFormatsModule));

// A page that has not come in whole by then is a check that could not run.
const PAGE_TIMEOUT_MS = 30_000;

/** Why the check could not run (exit 2). */
class CouldNotRun extends Error {}

/**
 * @param {string} message
 * @returns {never}
 */
function fail(message) {
  throw new CouldNotRun(message);
}

/** @param {string[]} args */
function options(args) {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: { "base-url": { type: "string" }, types: { type: "string" }, org: { type: "string" }, user: { type: "string" } },
      strict: true,
    }));
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err));
  }
  if (values.org !== undefined && values.user !== undefined) fail("--org and --user cannot be combined");
  return values;
}

/**
 * The body validator, the package types, and a validator per documented header of the 200, for
 * the listing at `template`.
 * @param {string} template
 */
function validators(template) {
  const spec = loadDocument(SPEC_FILE);
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ ...spec, $id: "openapi.json" });
  const pointer = `#/paths/${template.replaceAll("~", "~0").replaceAll("/", "~1")}/get`;
  const body = ajv.getSchema(`openapi.json${pointer}/responses/200/content/application~1json/schema`);
  if (!body) return fail(`the fragment has no 200 body schema for GET ${template}`);
  const deref = resolverOf(spec);
  const op = spec.paths[template].get;
  /** @type {string[]} */
  const types = deref(op.parameters[0]).schema.enum;
  const headers = Object.entries(op.responses["200"].headers ?? {}).map(([name, h]) => {
    const { schema } = deref(h);
    return { name, schema, validate: ajv.compile(schema) };
  });
  return { ajv, body, types, headers };
}

/**
 * The first page of one package type, as the API sends it.
 * @param {string} base
 * @param {string} token
 * @param {string} type
 * @param {string} path
 * @returns {Promise<{ data: Package[], response: Response }>}
 */
async function firstPage(base, token, type, path) {
  const url = `${base.replace(/\/+$/, "")}${path}?package_type=${encodeURIComponent(type)}&per_page=100`;
  const headers = {
    Authorization: `Bearer ${token}`,
    Accept: "application/vnd.github+json",
    "X-GitHub-Api-Version": DEFAULT_API_VERSION,
    "User-Agent": "gh-user-packages-contract",
  };
  const signal = AbortSignal.timeout(PAGE_TIMEOUT_MS);
  const { response, text } = await fetch(url, { headers, redirect: "manual", signal })
    .then(async (r) => ({ response: r, text: await r.text() }))
    .catch((/** @type {unknown} */ err) => fail(`GET ${path}?package_type=${type}: ${err instanceof Error ? err.message : String(err)}`));
  const where = `GET ${path}?package_type=${type}: ${response.status}`;
  if (!response.ok) fail(`${where} ${text.slice(0, 200)}`);
  let data;
  try {
    data = /** @type {unknown} */ (JSON.parse(text));
  } catch {
    return fail(`${where} with a body that is not JSON`);
  }
  if (!Array.isArray(data)) fail(`${where} with a body that is not an array`);
  return { data: /** @type {Package[]} */ (data), response };
}

/**
 * One line per schema error of a page of packages.
 * @param {string} type
 * @param {Package[]} data
 * @param {ValidateFunction} validate
 */
function bodyMismatches(type, data, validate) {
  const page = /** @type {unknown} */ (data); // validated apart, so `data` keeps its type
  if (validate(page)) return [];
  return (validate.errors ?? []).map((e) => {
    const [, index, ...rest] = e.instancePath.split("/");
    const pkg = index !== undefined ? data[Number(index)] : undefined;
    const where = `${type} package ${pkg?.id ?? "?"} (items/${index ?? "?"}) ${rest.length ? `/${rest.join("/")}` : "(the package itself)"}`;
    /** @type {unknown} */
    const got = rest.reduce((/** @type {any} */ at, k) => (at == null ? at : at[k]), pkg);
    const detail = e.keyword === "enum" ? ` ${JSON.stringify(e.params.allowedValues)}` : "";
    return `${where}: ${e.message ?? "invalid"}${detail}${e.keyword === "required" ? "" : ` (got ${JSON.stringify(got)})`}`;
  });
}

/**
 * One line per documented header that is sent and does not match, Link relations included.
 * @param {string} type
 * @param {Headers} sent
 * @param {ReturnType<typeof validators>} v
 * @param {string} origin
 */
function headerMismatches(type, sent, v, origin) {
  /** @type {string[]} */
  const out = [];
  for (const { name, schema, validate } of v.headers) {
    const raw = sent.get(name);
    if (raw === null) continue; // documented, not promised on every response
    const value = schema.type === "integer" && /^-?\d+$/.test(raw) ? Number(raw) : raw;
    if (!validate(value)) out.push(`${type} header ${name}: ${v.ajv.errorsText(validate.errors, { dataVar: name })} (got ${JSON.stringify(raw)})`);
    if (name.toLowerCase() !== "link") continue;
    const links = parseLinkHeader(raw);
    if (Object.keys(links).length === 0) out.push(`${type} header Link: no relation could be read from ${JSON.stringify(raw.slice(0, 120))}`);
    for (const [rel, url] of Object.entries(links)) {
      if (!URL.canParse(url) || new URL(url).origin !== origin) out.push(`${type} header Link: rel="${rel}" points outside ${origin}`);
    }
  }
  return out;
}

/**
 * The command, callable in-process (the tests run it so, without starting a process per case).
 * @param {string[]} args the command line after the script's name
 * @param {Record<string, string | undefined>} env where the token is read (GITHUB_TOKEN, then GH_TOKEN)
 * @param {{ out: (line: string) => void, err: (line: string) => void }} io
 * @returns {Promise<number>} the exit code
 */
export async function run(args, env, io) {
  try {
    return await check(options(args), env.GITHUB_TOKEN || env.GH_TOKEN, io.out);
  } catch (err) {
    if (!(err instanceof CouldNotRun)) throw err;
    io.err(`spec:contract: ${err.message}`);
    return 2;
  }
}

/**
 * Checks the first page of each type asked for; says what it found through `say`.
 * @param {ReturnType<typeof options>} values
 * @param {string | undefined} token
 * @param {(line: string) => void} say
 */
async function check(values, token, say) {
  if (!token) fail("set GITHUB_TOKEN (or GH_TOKEN) to a token with the read:packages scope");
  const template = values.org !== undefined ? TEMPLATES.org : values.user !== undefined ? TEMPLATES.users : TEMPLATES.user;
  const path = values.org !== undefined ? `/orgs/${encodeURIComponent(values.org)}/packages` : values.user !== undefined ? `/users/${encodeURIComponent(values.user)}/packages` : template;
  const v = validators(template);
  const types = values.types ? values.types.split(",") : v.types;
  for (const t of types) if (!v.types.includes(t)) fail(`unknown package type "${t}" (known: ${v.types.join(", ")})`);
  const base = values["base-url"] ?? "https://api.github.com";
  if (!URL.canParse(base)) fail(`--base-url ${JSON.stringify(base)} is not a URL`);
  const origin = new URL(base).origin;
  let mismatches = 0;
  let checked = 0;
  for (const type of types) {
    const { data, response } = await firstPage(base, token, type, path);
    say(`${type}: ${data.length} package${data.length === 1 ? "" : "s"}`);
    checked += data.length;
    for (const line of [...bodyMismatches(type, data, v.body), ...headerMismatches(type, response.headers, v, origin)]) {
      mismatches++;
      say(`  ✘ ${line}`);
    }
  }
  if (mismatches > 0) {
    say(`✘ ${mismatches} mismatch${mismatches === 1 ? "" : "es"} between the API's answers and openapi/user-packages.yaml`);
    return 1;
  }
  say(`✔ ${checked} packages of ${types.length} type${types.length === 1 ? "" : "s"} and their headers match openapi/user-packages.yaml`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await run(process.argv.slice(2), process.env, { out: (line) => console.log(line), err: (line) => console.error(line) });
}
