// `gh-user-packages list`: one page, or every page with --all, written in the chosen format.
import { createPackagesClient, type PackagesClient } from "../client.js";
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from "../pagination.js";
import { MAX_PER_PAGE, PACKAGE_TYPES, RESULT_WINDOW, VISIBILITIES } from "../params.js";
import type { Package, PackageType, PackageVisibility } from "../types.js";
import { integer, oneOf, parseFlags, UsageError } from "./args.js";
import type { CliIO } from "./main.js";
import { FORMATS, render, type Format } from "./output.js";
import { printableLines } from "./terminal.js";

/** What `list` was asked for, checked. */
interface ListRequest {
  packageType: PackageType;
  visibility: PackageVisibility | undefined;
  format: Format;
  all: boolean;
  perPage: number | undefined;
  page: number | undefined;
  limit: number | undefined;
  concurrency: number | undefined;
  baseUrl: string | undefined;
}

const LIST_FLAGS = {
  type: { type: "string" },
  visibility: { type: "string" },
  all: { type: "boolean", default: false },
  "per-page": { type: "string" },
  page: { type: "string" },
  limit: { type: "string" },
  concurrency: { type: "string" },
  format: { type: "string", default: "table" },
  "base-url": { type: "string" },
} as const;

function listRequest(args: string[]): ListRequest {
  const values = parseFlags(args, LIST_FLAGS);
  if (values.type === undefined) throw new UsageError(`--type is required (one of ${PACKAGE_TYPES.join(", ")})`);
  const request: ListRequest = {
    packageType: oneOf("--type", values.type, PACKAGE_TYPES) ?? "npm",
    visibility: oneOf("--visibility", values.visibility, VISIBILITIES),
    format: oneOf("--format", values.format, FORMATS) ?? "table",
    all: values.all,
    perPage: integer("--per-page", values["per-page"], 1, MAX_PER_PAGE),
    page: integer("--page", values.page, 1, RESULT_WINDOW),
    limit: integer("--limit", values.limit, 1, 1_000_000),
    concurrency: integer("--concurrency", values.concurrency, 1, MAX_CONCURRENCY),
    baseUrl: values["base-url"],
  };
  if (request.all && request.page !== undefined) throw new UsageError("--page cannot be combined with --all");
  if (!request.all && request.concurrency !== undefined) throw new UsageError("--concurrency only applies with --all");
  return request;
}

function tokenOf(io: CliIO): string {
  const token = io.env.GITHUB_TOKEN || io.env.GH_TOKEN;
  if (token) return token;
  throw new UsageError(
    "no token. Set GITHUB_TOKEN (or GH_TOKEN) to a token with the read:packages scope;\n" +
      "  create one at https://github.com/settings/tokens/new?scopes=read:packages&description=gh-user-packages",
  );
}

/** Every page, with a progress line on a terminal. */
async function listAll(client: PackagesClient, request: ListRequest, io: CliIO): Promise<{ packages: Package[]; truncated: boolean }> {
  const progress = io.stderr.isTTY === true;
  const packages: Package[] = [];
  let truncated = false;
  const pages = client.iterateUserPackagePages(
    { package_type: request.packageType, visibility: request.visibility },
    { per_page: request.perPage, maxItems: request.limit, concurrency: request.concurrency ?? DEFAULT_CONCURRENCY },
  );
  for await (const p of pages) {
    packages.push(...p.packages);
    truncated = p.truncated;
    if (progress) {
      const total = p.lastPage === null ? "?" : String(Math.min(p.lastPage, Math.floor(RESULT_WINDOW / (request.perPage ?? MAX_PER_PAGE))));
      io.stderr.write(`\r\x1b[Kpages ${p.page}/${total}, ${packages.length} packages`);
    }
  }
  if (progress) io.stderr.write("\r\x1b[K");
  return { packages, truncated };
}

/** One page; `undefined` after writing GitHub's error to stderr. */
async function listOne(client: PackagesClient, request: ListRequest, io: CliIO): Promise<Package[] | undefined> {
  const result = await client.listUserPackages({
    package_type: request.packageType,
    visibility: request.visibility,
    page: request.page,
    per_page: request.perPage,
  });
  if (!result.error) return request.limit ? result.data.slice(0, request.limit) : result.data;
  const { httpStatus, message, requestId } = result.error;
  io.stderr.write(`gh-user-packages: ${printableLines(`GitHub API ${httpStatus}: ${message}${requestId ? ` (request ${requestId})` : ""}`)}\n`);
  return undefined;
}

export async function list(args: string[], io: CliIO): Promise<number> {
  const request = listRequest(args);
  const client = createPackagesClient({ token: tokenOf(io), baseUrl: request.baseUrl, userAgent: "gh-user-packages-cli" });
  const listed = request.all ? await listAll(client, request, io) : { packages: await listOne(client, request, io), truncated: false };
  if (!listed.packages) return 1;
  io.stdout.write(render(listed.packages, request.format, io));
  if (listed.truncated) {
    io.stderr.write(
      "gh-user-packages: warning: GitHub lists at most 10,000 results per listing; more packages exist.\n" +
        "  Split the listing with --visibility public / private to reach them.\n",
    );
  }
  return 0;
}
