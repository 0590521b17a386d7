// `gh-user-packages list`: one page per type, or every page with --all, written as it arrives.
import { createPackagesClient, type PackagesClient } from "../client.js";
import { GitHubApiError } from "../errors.js";
import { parseLinkHeader } from "../link.js";
import { MAX_CONCURRENCY } from "../pagination.js";
import { MAX_PER_PAGE, PACKAGE_TYPES, RESULT_WINDOW, VISIBILITIES } from "../params.js";
import type { RetryEvent } from "../retry.js";
import { pathOf } from "../transport.js";
import type { Namespace, PackageType, PackageVisibility } from "../types.js";
import { integer, oneOf, parseFlags, someOf, UsageError } from "./args.js";
import { CSV_COLUMNS, TABLE_COLUMNS } from "./columns.js";
import { clockTime, describeRefusal, refusalOfError, refusalOfResult } from "./failure.js";
import type { CliIO } from "./main.js";
import { FORMATS, writerFor, type Format, type Writer } from "./output.js";
import { printableLines } from "./terminal.js";

/** What `list` was asked for, checked. */
interface ListRequest {
  types: PackageType[];
  /** The namespace: an organization's, another user's, or (neither) the token's user's. */
  namespace: Namespace;
  visibility: PackageVisibility | undefined;
  format: Format;
  columns: string[];
  header: boolean;
  all: boolean;
  perPage: number | undefined;
  page: number | undefined;
  limit: number | undefined;
  concurrency: number | undefined;
  baseUrl: string | undefined;
}

export const LIST_FLAGS = {
  type: { type: "string" },
  visibility: { type: "string" },
  all: { type: "boolean", default: false },
  "per-page": { type: "string" },
  page: { type: "string" },
  limit: { type: "string" },
  concurrency: { type: "string" },
  format: { type: "string", default: "table" },
  columns: { type: "string" },
  "no-header": { type: "boolean", default: false },
  "base-url": { type: "string" },
  org: { type: "string" },
  user: { type: "string" },
} as const;

function listRequest(args: string[], env: CliIO["env"]): ListRequest {
  const values = parseFlags(args, LIST_FLAGS);
  if (values.type === undefined) throw new UsageError(`--type is required (${PACKAGE_TYPES.join(", ")}, several with commas, or all)`);
  const format = oneOf("--format", values.format, FORMATS) ?? "table";
  if (values.org !== undefined && values.user !== undefined) throw new UsageError("--org and --user cannot be combined: list one namespace at a time");
  const request: ListRequest = {
    types: values.type === "all" ? [...PACKAGE_TYPES] : someOf("--type", values.type, PACKAGE_TYPES),
    namespace: values.org !== undefined ? { org: values.org } : values.user !== undefined ? { username: values.user } : {},
    visibility: oneOf("--visibility", values.visibility, VISIBILITIES),
    format,
    columns: values.columns === undefined ? (format === "csv" ? CSV_COLUMNS : TABLE_COLUMNS) : someOf("--columns", values.columns, CSV_COLUMNS),
    header: !values["no-header"],
    all: values.all,
    perPage: integer("--per-page", values["per-page"], 1, MAX_PER_PAGE),
    page: integer("--page", values.page, 1, RESULT_WINDOW),
    limit: integer("--limit", values.limit, 1, 1_000_000),
    concurrency: integer("--concurrency", values.concurrency, 1, MAX_CONCURRENCY),
    // The flag, then what GitHub Actions sets (GHES runners need it), then the default.
    baseUrl: values["base-url"] ?? (env.GITHUB_API_URL || undefined),
  };
  if (request.all && request.page !== undefined) throw new UsageError("--page cannot be combined with --all");
  if (!request.all && request.concurrency !== undefined) throw new UsageError("--concurrency only applies with --all");
  if (values.columns !== undefined && format !== "csv" && format !== "table") throw new UsageError("--columns applies to the table and csv formats");
  if (values["no-header"] && format !== "csv") throw new UsageError("--no-header applies to the csv format");
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

/** A line on stderr that rewrites itself, on a terminal only. */
function statusLine(io: CliIO): (text: string) => void {
  if (io.stderr.isTTY !== true) return () => undefined;
  return (text) => io.stderr.write(`\r\x1b[K${text}`);
}

/** "waiting 42 s for the rate limit (resets 10:42)" */
function waitText(event: RetryEvent, now: number): string {
  const seconds = Math.ceil(event.waitMs / 1000);
  const limited = event.reason === "rate-limit" || event.reason === "secondary-rate-limit";
  const why = limited
    ? `the rate limit (resets ${clockTime(new Date(now + event.waitMs))})`
    : `a retry after a ${event.reason === "server" ? `${String(event.status)} answer` : event.reason} (attempt ${event.attempt})`;
  return `waiting ${seconds} s for ${why}`;
}

/** Every page, written as it arrives, with a progress line on a terminal. */
async function listAll(client: PackagesClient, request: ListRequest, io: CliIO, writer: Writer): Promise<string[]> {
  const show = statusLine(io);
  const truncated: string[] = [];
  let count = 0;
  const pages = client.iterateUserPackagePages(
    { package_type: request.types, visibility: request.visibility, ...request.namespace },
    { per_page: request.perPage, maxItems: request.limit, concurrency: request.concurrency, signal: io.signal },
  );
  for await (const p of pages) {
    await writer.page(p.packages);
    count += p.packages.length;
    if (p.truncated && !truncated.includes(p.package_type)) truncated.push(p.package_type);
    const total = p.lastPage === null ? "?" : String(Math.min(p.lastPage, Math.floor(RESULT_WINDOW / (request.perPage ?? MAX_PER_PAGE))));
    show(`${request.types.length > 1 ? `${p.package_type} ` : ""}pages ${p.page}/${total}, ${count} packages`);
  }
  show("");
  return truncated;
}

/** One page of each type; says on a terminal when there are more. Returns false after a refusal. */
async function listPages(client: PackagesClient, request: ListRequest, io: CliIO, writer: Writer): Promise<boolean> {
  let left = request.limit ?? Infinity;
  for (const type of request.types) {
    const params = { package_type: type, visibility: request.visibility, page: request.page, per_page: request.perPage, ...request.namespace };
    const result = await client.listUserPackages(params, { signal: io.signal });
    if (result.error) {
      const { org, username } = request.namespace;
      const path = pathOf(org !== undefined ? { org } : username !== undefined ? { username } : undefined);
      io.stderr.write(`gh-user-packages: ${printableLines(describeRefusal(refusalOfResult(result.error, result, path, Date.now()), Date.now()))}\n`);
      return false;
    }
    const shown = result.data.slice(0, left);
    left -= shown.length;
    await writer.page(shown);
    const last = Number(/[?&]page=(\d+)/.exec(parseLinkHeader(result.response.headers.get("link")).last ?? "")?.[1] ?? 0);
    if (io.stderr.isTTY === true && last > (request.page ?? 1)) {
      io.stderr.write(`${type}: page ${request.page ?? 1} of ${last} (${shown.length} packages shown); --all lists them all\n`);
    }
  }
  return true;
}

export async function list(args: string[], io: CliIO): Promise<number> {
  const request = listRequest(args, io.env);
  const show = statusLine(io);
  const client = createPackagesClient({
    token: tokenOf(io),
    baseUrl: request.baseUrl,
    userAgent: "gh-user-packages-cli",
    onRetry: (event) => show(waitText(event, Date.now())),
  });
  const writer = writerFor(request.format, io, request.columns, { header: request.header, types: request.types.length });
  try {
    if (!request.all) {
      if (!(await listPages(client, request, io, writer))) return 1;
      await writer.end();
      return 0;
    }
    const truncated = await listAll(client, request, io, writer);
    await writer.end();
    if (truncated.length) {
      io.stderr.write(
        `gh-user-packages: warning: GitHub lists at most 10,000 results per type and filter; more ${truncated.join(", ")} packages exist.\n` +
          "  Split the listing with --visibility public / private to reach them.\n",
      );
    }
    return 0;
  } catch (err) {
    if (err instanceof GitHubApiError) {
      io.stderr.write(`gh-user-packages: ${printableLines(describeRefusal(refusalOfError(err), Date.now()))}\n`);
      return 1;
    }
    throw err;
  }
}
