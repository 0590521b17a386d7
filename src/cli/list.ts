// `gh-user-packages list`: one page per type, or every page with --all, written as it arrives.
import { createPackagesClient, type PackagesClient } from "../core/client.js";
import { systemClock } from "../core/request/clock.js";
import { GitHubApiError } from "../core/errors.js";
import { parseLinkHeader } from "../core/listing/link.js";
import { MAX_CONCURRENCY } from "../core/door/options.js";
import { MAX_PER_PAGE, PACKAGE_TYPES, RESULT_WINDOW, VISIBILITIES } from "../core/door/params.js";
import type { Namespace, PackageType, PackageVisibility } from "../core/types.js";
import { integer, oneOf, parseFlags, someOf, UsageError } from "./args.js";
import { COLUMN_KEYS } from "./columns.js";
import { describeRefusal, tokenNote } from "./failure.js";
import { diskCache } from "./disk-cache.js";
import { FIELD_LIST, fieldsMissing, jsonFields } from "./json-fields.js";
import { apiRoot, targetOf } from "./target.js";
import { findToken } from "./token.js";
import { interruption } from "./interrupt.js";
import type { CliIO } from "./io.js";
import { FORMATS, writerFor, type Format, type Writer } from "./output.js";
import { pagesToFetch, waitText } from "./progress.js";
import { createScreen, type Screen } from "./screen.js";
import { printable, printableLines } from "./terminal.js";

/** What `list` was asked for, checked. */
interface ListRequest {
  types: PackageType[];
  /** The namespace: an organization's, another user's, or (neither) the token's user's. */
  namespace: Namespace;
  visibility: PackageVisibility | undefined;
  format: Format;
  /** `--columns`, when given. */
  columns: string[] | undefined;
  header: boolean;
  all: boolean;
  perPage: number | undefined;
  page: number | undefined;
  limit: number | undefined;
  concurrency: number | undefined;
  verify: boolean;
  baseUrl: string | undefined;
  /** Whether pages are kept on disk between runs (not with --no-cache). */
  cache: boolean;
}

export const LIST_FLAGS = {
  type: { type: "string", short: "t" },
  visibility: { type: "string" },
  all: { type: "boolean", default: false },
  "per-page": { type: "string" },
  page: { type: "string" },
  limit: { type: "string", short: "L" },
  concurrency: { type: "string" },
  verify: { type: "boolean", default: false },
  format: { type: "string" },
  json: { type: "string" },
  columns: { type: "string" },
  "no-header": { type: "boolean", default: false },
  "base-url": { type: "string" },
  "no-cache": { type: "boolean", default: false },
  org: { type: "string" },
  user: { type: "string" },
} as const;

function listRequest(args: string[], env: CliIO["env"]): ListRequest {
  const values = parseFlags(args, LIST_FLAGS);
  if (values.type === undefined) throw new UsageError(`--type is required (${PACKAGE_TYPES.join(", ")}, several with commas, or all)`);
  const format = values.json !== undefined ? jsonFormat(values) : (oneOf("--format", values.format, FORMATS) ?? "table");
  if (values.org !== undefined && values.user !== undefined) throw new UsageError("--org and --user cannot be combined: list one namespace at a time");
  const request: ListRequest = {
    types: values.type === "all" ? [...PACKAGE_TYPES] : someOf("--type", values.type, PACKAGE_TYPES),
    namespace: values.org !== undefined ? { org: values.org } : values.user !== undefined ? { username: values.user } : {},
    visibility: oneOf("--visibility", values.visibility, VISIBILITIES),
    format,
    columns: values.json !== undefined ? jsonFields(values.json) : values.columns === undefined ? undefined : someOf("--columns", values.columns, COLUMN_KEYS),
    header: !values["no-header"],
    all: values.all,
    perPage: integer("--per-page", values["per-page"], 1, MAX_PER_PAGE),
    page: integer("--page", values.page, 1, RESULT_WINDOW),
    limit: integer("--limit", values.limit, 1, 1_000_000),
    concurrency: integer("--concurrency", values.concurrency, 1, MAX_CONCURRENCY),
    verify: values.verify,
    baseUrl: apiRoot(values["base-url"], env),
    cache: !values["no-cache"],
  };
  if (request.all && request.page !== undefined) throw new UsageError("--page cannot be combined with --all");
  if (!request.all && request.concurrency !== undefined) throw new UsageError("--concurrency only applies with --all");
  if (!request.all && request.verify) throw new UsageError("--verify only applies with --all");
  if (values["no-header"] && format !== "csv" && format !== "table") throw new UsageError(`--no-header applies to the table and csv formats (${format} has no header)`);
  return request;
}

/** `--json`'s format: json, which `--format` may repeat but not contradict; `--columns` is its fields. */
function jsonFormat(values: { format?: string | undefined; columns?: string | undefined }): Format {
  if (values.format !== undefined && values.format !== "json") throw new UsageError(`--json cannot be combined with --format ${values.format}`);
  if (values.columns !== undefined) throw new UsageError("--json names the fields itself: leave --columns out");
  return "json";
}

/** What `list` works with: the client, the screen, and how to say a refusal. */
interface Listing {
  client: PackagesClient;
  request: ListRequest;
  io: CliIO;
  screen: Screen;
  writer: Writer;
  refuse: (err: GitHubApiError) => void;
}

/** What a whole listing says of its types: those cut at GitHub's window, and those that changed while read. */
interface ListingNotes {
  truncated: string[];
  changed: string[];
}

/** Every page, written as it arrives, with a progress line on a terminal. */
async function listAll({ client, request, io, screen, writer }: Listing): Promise<ListingNotes> {
  const notes: ListingNotes = { truncated: [], changed: [] };
  // As gh's --limit: pages no larger than the limit needs.
  const perPage = request.perPage ?? Math.min(MAX_PER_PAGE, request.limit ?? MAX_PER_PAGE);
  let count = 0;
  const pages = client.iterateUserPackagePages(
    { package_type: request.types, visibility: request.visibility, ...request.namespace },
    { per_page: perPage, maxItems: request.limit, concurrency: request.concurrency, verify: request.verify, signal: io.signal },
  );
  for await (const p of pages) {
    await writer.page(p.packages);
    count += p.packages.length;
    if (p.truncated && !notes.truncated.includes(p.package_type)) notes.truncated.push(p.package_type);
    if (p.changed && !notes.changed.includes(p.package_type)) notes.changed.push(p.package_type);
    const total = pagesToFetch(p.lastPage, perPage, request.limit);
    screen.status(`${request.types.length > 1 ? `${p.package_type} ` : ""}pages ${p.page}/${total ?? "?"}, ${count} packages`);
  }
  screen.status("");
  if (count === 0 && request.format === "table") screen.stderr.write("No packages.\n");
  return notes;
}

/** The last page GitHub announced for a single page's response, 0 when none, NaN when it cannot be read. */
function lastPageOf(response: Response): number {
  const last = parseLinkHeader(response.headers.get("link")).last;
  const base = URL.canParse(response.url) ? response.url : undefined;
  const page = last !== undefined && URL.canParse(last, base) ? new URL(last, base).searchParams.get("page") : null;
  return last === undefined ? 0 : page !== null && /^\d+$/.test(page) ? Number(page) : NaN;
}

/** One page of each type; says on a terminal when there are more. Returns false after a refusal. */
async function listPages({ client, request, io, screen, writer, refuse }: Listing): Promise<boolean> {
  let left = request.limit ?? Infinity;
  let count = 0;
  for (const type of request.types) {
    const params = { package_type: type, visibility: request.visibility, page: request.page, per_page: request.perPage, ...request.namespace };
    const result = await client.listUserPackages(params, { signal: io.signal });
    screen.status(""); // a retry notice is over once the answer is in
    if (result.error) {
      refuse(result.error);
      return false;
    }
    const shown = result.data.slice(0, left);
    left -= shown.length;
    count += shown.length;
    await writer.page(shown);
    const last = lastPageOf(result.response);
    if (Number.isNaN(last)) screen.stderr.write(`gh-user-packages: notice: ${type}: GitHub's Link header names a last page that is not a URL with a page number\n`);
    if (io.stderr.isTTY === true && last > (request.page ?? 1)) {
      screen.stderr.write(`${type}: page ${request.page ?? 1} of ${last} (${shown.length} packages shown); --all lists them all\n`);
    }
  }
  if (count === 0 && request.format === "table") screen.stderr.write("No packages.\n");
  return true;
}

/** Lists, and says why when GitHub refuses or a signal stops it. */
async function run(listing: Listing): Promise<number> {
  const { io, screen, writer, request } = listing;
  const say = (text: string) => screen.stderr.write(`gh-user-packages: ${printableLines(text)}\n`);
  try {
    // -L reaches across pages, as gh's --limit; with --page it cuts that one page.
    if (!request.all && (request.limit === undefined || request.page !== undefined)) {
      if (!(await listPages(listing))) return 1;
      await writer.end();
      return 0;
    }
    const { truncated, changed } = await listAll(listing);
    await writer.end();
    if (truncated.length) {
      say(
        `warning: GitHub lists at most 10,000 results per type and filter; more ${truncated.join(", ")} packages exist.\n` +
          "  Split the listing with --visibility public / private to reach them.",
      );
    }
    if (changed.length) {
      say(`warning: the ${changed.join(", ")} listing changed while it was read (packages added or removed); list again for a consistent picture.`);
    }
    return 0;
  } catch (err) {
    screen.status("");
    const stopped = interruption(io.signal);
    if (stopped) {
      say(`interrupted (${stopped.signalName}); ${writer.sofar()}`);
      return stopped.exitCode;
    }
    if (!(err instanceof GitHubApiError)) throw err;
    listing.refuse(err);
    return 1;
  }
}

export async function list(args: string[], io: CliIO): Promise<number> {
  if (fieldsMissing(args)) {
    io.stderr.write(FIELD_LIST);
    return 1;
  }
  const request = listRequest(args, io.env);
  // The door's own rules for the API root, with a stand-in token (a listing always sends one): a
  // root it refuses is said before any token source is read, and gh is never run for it.
  createPackagesClient({ baseUrl: request.baseUrl, token: "stand-in-for-the-root-check" });
  const target = targetOf(request.baseUrl);
  const found = await findToken(io, target);
  const screen = createScreen(io);
  const client = createPackagesClient({
    token: found.token,
    baseUrl: request.baseUrl,
    userAgent: "gh-user-packages-cli",
    clock: io.clock,
    cache: request.cache ? diskCache(io.env) : undefined,
    onRetry: (event) => screen.status(waitText(event, Date.now())),
    // GitHub's Deprecation and Sunset headers: a notice, on stderr; its text quotes the headers.
    onWarning: (warning) => screen.stderr.write(`gh-user-packages: warning: ${printable(warning.message)}\n`),
  });
  const note = (text: string) => screen.stderr.write(`gh-user-packages: ${printable(text)}\n`);
  const writer = writerFor(request.format, screen.stdout, {
    columns: request.columns,
    header: request.header,
    types: request.types.length,
    color: !io.env.NO_COLOR,
    now: (io.clock ?? systemClock).now(),
    note,
  });
  const refuse = (err: GitHubApiError) => {
    const about = tokenNote(err, found, target.host);
    screen.stderr.write(`gh-user-packages: ${describeRefusal(err, (io.clock ?? systemClock).now())}${about ? ` ${about}` : ""}\n`);
  };
  return run({ client, request, io, screen, writer, refuse });
}
