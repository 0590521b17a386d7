// The command line: `gh-user-packages list ...` and `gh-user-packages mock ...`. Streams and
// environment are passed in, so tests can drive it with a fake terminal as well as spawn it.
import { parseArgs } from "node:util";
import { createPackagesClient } from "./client.js";
import { describeValue, InvalidParametersError, PackagesClientError } from "./errors.js";
import { makePackages } from "./fixtures.js";
import { startMockGitHub } from "./mock-github.js";
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from "./pagination.js";
import { DEFAULT_PER_PAGE, MAX_PER_PAGE, PACKAGE_TYPES, RESULT_WINDOW, VISIBILITIES } from "./params.js";
import type { Package, PackageType, PackageVisibility } from "./types.js";
import { VERSION } from "./version.js";

/** What the CLI writes to: process.stdout/stderr, or anything with `write`. */
export interface CliStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface CliIO {
  argv: string[];
  env: Record<string, string | undefined>;
  stdout: CliStream;
  stderr: CliStream;
  /** Resolves when the `mock` command should stop (Ctrl+C). */
  untilStopped?: Promise<void>;
}

const FORMATS = ["table", "json", "ndjson", "csv"] as const;
type Format = (typeof FORMATS)[number];
const FLAG_OF: Record<string, string> = {
  package_type: "--type",
  visibility: "--visibility",
  per_page: "--per-page",
  page: "--page",
  maxItems: "--limit",
  concurrency: "--concurrency",
  baseUrl: "--base-url",
};

/** "a, b or c" */
const either = (values: readonly string[]) => `${values.slice(0, -1).join(", ")} or ${values.at(-1)}`;

const HELP = `gh-user-packages ${VERSION}: list the packages in your GitHub namespace

Usage:
  gh-user-packages list --type <type> [options]
  gh-user-packages mock [--packages <n>] [--port <p>]
  gh-user-packages --help | --version

list options:
  --type <type>          ${either(PACKAGE_TYPES)} (required)
  --visibility <v>       ${either(VISIBILITIES)}
  --all                  every page (up to GitHub's 10,000-result window)
  --per-page <n>         packages per page, 1-${MAX_PER_PAGE} (default ${DEFAULT_PER_PAGE}; ${MAX_PER_PAGE} with --all)
  --page <n>             which page, without --all (default 1)
  --limit <n>            stop after n packages
  --concurrency <n>      pages in flight with --all, 1-${MAX_CONCURRENCY} (default ${DEFAULT_CONCURRENCY})
  --format <f>           table, json, ndjson or csv (default table)
  --base-url <url>       API root, such as https://ghe.example.com/api/v3

The token is read from GITHUB_TOKEN or GH_TOKEN (never from the command line); it needs the
read:packages scope. Exit codes: 0 ok, 1 API or network error, 2 usage error.

mock options:
  --packages <n>         how many packages the mock serves (default 42, all six types)
  --port <p>             port on 127.0.0.1 (default: any free one)
`;

class UsageError extends Error {}

/** Runs the CLI; resolves to the exit code. Never writes the token anywhere. */
export async function runCli(io: CliIO): Promise<number> {
  const [command, ...rest] = io.argv;
  try {
    if (command === undefined || command === "--help" || command === "-h" || command === "help") {
      io.stdout.write(HELP);
      return command === undefined ? 2 : 0;
    }
    if (command === "--version" || command === "-v") {
      io.stdout.write(`${VERSION}\n`);
      return 0;
    }
    if (command === "list") return await list(rest, io);
    if (command === "mock") return await mock(rest, io);
    throw new UsageError(`unknown command "${command}" (commands: list, mock)`);
  } catch (err) {
    if (err instanceof UsageError || isParseArgsError(err)) {
      io.stderr.write(`gh-user-packages: ${usageMessage(err as Error)}\nRun "gh-user-packages --help" for the options.\n`);
      return 2;
    }
    if (err instanceof InvalidParametersError) {
      const text = err.issues.map((i) => `${FLAG_OF[i.parameter] ?? i.parameter}: ${describeValue(i.value)} ${i.rule}`).join("; ");
      io.stderr.write(`gh-user-packages: ${text}\n`);
      return 2;
    }
    const message = err instanceof PackagesClientError ? err.message : `unexpected failure: ${String((err as Error)?.message ?? err)}`;
    io.stderr.write(`gh-user-packages: ${message}\n`);
    return 1;
  }
}

function isParseArgsError(err: unknown): boolean {
  return typeof (err as { code?: unknown })?.code === "string" && (err as { code: string }).code.startsWith("ERR_PARSE_ARGS");
}

function usageMessage(err: Error): string {
  const unknown = /Unknown option '([^']+)'/.exec(err.message);
  if (unknown) {
    const hint = /^--?token/.test(unknown[1]!) ? " (the token is read from GITHUB_TOKEN or GH_TOKEN, never from the command line)" : "";
    return `unknown option ${unknown[1]}${hint}`;
  }
  return err.message;
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${flag} must be one of ${allowed.join(", ")} (got "${value}")`);
  }
  return value as T;
}

function integer(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) throw new UsageError(`${flag} must be an integer from ${min} to ${max} (got "${value}")`);
  return n;
}

async function list(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      type: { type: "string" },
      visibility: { type: "string" },
      all: { type: "boolean", default: false },
      "per-page": { type: "string" },
      page: { type: "string" },
      limit: { type: "string" },
      concurrency: { type: "string" },
      format: { type: "string", default: "table" },
      "base-url": { type: "string" },
    },
  });
  if (values.type === undefined) throw new UsageError(`--type is required (one of ${PACKAGE_TYPES.join(", ")})`);
  const packageType = oneOf("--type", values.type, PACKAGE_TYPES) as PackageType;
  const visibility = oneOf("--visibility", values.visibility, VISIBILITIES) as PackageVisibility | undefined;
  const format = oneOf("--format", values.format, FORMATS) as Format;
  const perPage = integer("--per-page", values["per-page"], 1, MAX_PER_PAGE);
  const page = integer("--page", values.page, 1, RESULT_WINDOW);
  const limit = integer("--limit", values.limit, 1, 1_000_000);
  const concurrency = integer("--concurrency", values.concurrency, 1, MAX_CONCURRENCY);
  if (values.all && page !== undefined) throw new UsageError("--page cannot be combined with --all");
  if (!values.all && concurrency !== undefined) throw new UsageError("--concurrency only applies with --all");

  const token = io.env.GITHUB_TOKEN || io.env.GH_TOKEN;
  if (!token) {
    throw new UsageError(
      "no token. Set GITHUB_TOKEN (or GH_TOKEN) to a token with the read:packages scope;\n" +
        "  create one at https://github.com/settings/tokens/new?scopes=read:packages&description=gh-user-packages",
    );
  }
  const client = createPackagesClient({
    token,
    ...(values["base-url"] !== undefined ? { baseUrl: values["base-url"] } : {}),
    userAgent: "gh-user-packages-cli",
  });

  let packages: Package[] = [];
  let truncated = false;
  if (values.all) {
    const progress = io.stderr.isTTY === true;
    for await (const p of client.iterateUserPackagePages(
      { package_type: packageType, ...(visibility ? { visibility } : {}) },
      { ...(perPage ? { per_page: perPage } : {}), ...(limit ? { maxItems: limit } : {}), ...(concurrency ? { concurrency } : {}) },
    )) {
      packages.push(...p.packages);
      truncated = p.truncated;
      if (progress) {
        const total = p.lastPage === null ? "?" : String(Math.min(p.lastPage, Math.floor(10_000 / (perPage ?? 100))));
        io.stderr.write(`\r\x1b[Kpages ${p.page}/${total}, ${packages.length} packages`);
      }
    }
    if (progress) io.stderr.write("\r\x1b[K");
  } else {
    const result = await client.listUserPackages({
      package_type: packageType,
      ...(visibility ? { visibility } : {}),
      ...(page ? { page } : {}),
      ...(perPage ? { per_page: perPage } : {}),
    });
    if (result.error) {
      io.stderr.write(
        `gh-user-packages: GitHub API ${result.error.httpStatus}: ${result.error.message}` +
          (result.error.requestId ? ` (request ${result.error.requestId})` : "") +
          "\n",
      );
      return 1;
    }
    packages = limit ? result.data.slice(0, limit) : result.data;
  }

  io.stdout.write(render(packages, format, io));
  if (truncated) {
    io.stderr.write(
      "gh-user-packages: warning: GitHub lists at most 10,000 results per listing; more packages exist.\n" +
        "  Split the listing with --visibility public / private to reach them.\n",
    );
  }
  return 0;
}

interface Column {
  head: string;
  get: (p: Package) => string;
  /** Shrinks (with an ellipsis) when the terminal is narrow. */
  flexible?: boolean;
  /** Dropped when even shrinking is not enough: higher goes first. */
  dropOrder?: number;
}

const COLUMNS: Column[] = [
  { head: "ID", get: (p) => String(p.id) },
  { head: "NAME", get: (p) => p.name, flexible: true },
  { head: "TYPE", get: (p) => p.package_type, dropOrder: 2 },
  { head: "VISIBILITY", get: (p) => p.visibility },
  { head: "VERSIONS", get: (p) => String(p.version_count), dropOrder: 3 },
  { head: "REPOSITORY", get: (p) => p.repository?.full_name ?? "-", flexible: true, dropOrder: 1 },
  { head: "UPDATED", get: (p) => p.updated_at.slice(0, 10), dropOrder: 4 },
];

function render(packages: Package[], format: Format, io: CliIO): string {
  switch (format) {
    case "json":
      return `${JSON.stringify(packages, null, 2)}\n`;
    case "ndjson":
      return packages.map((p) => `${JSON.stringify(p)}\n`).join("");
    case "csv":
      return [COLUMNS.map((c) => c.head.toLowerCase()), ...packages.map((p) => COLUMNS.map((c) => c.get(p)))]
        .map((row) => `${row.map(csvCell).join(",")}\r\n`)
        .join("");
    case "table":
      return table(packages, io);
  }
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const GAP = 2;
const MIN_FLEX = 8;

function table(packages: Package[], io: CliIO): string {
  if (packages.length === 0) return "No packages.\n";
  const limit = io.stdout.isTTY && io.stdout.columns ? io.stdout.columns : Infinity;
  // Every cell once, and each column's natural width once.
  const cells = new Map(COLUMNS.map((c) => [c, packages.map((p) => c.get(p))]));
  const naturalWidth = new Map(COLUMNS.map((c) => [c, cells.get(c)!.reduce((w, text) => Math.max(w, text.length), c.head.length)]));
  const natural = (c: Column) => naturalWidth.get(c)!;
  const smallest = (cols: Column[]) =>
    cols.reduce((sum, c) => sum + (c.flexible ? Math.min(MIN_FLEX, natural(c)) : natural(c)), 0) + GAP * (cols.length - 1);
  // On a terminal: drop the least useful columns while even their narrowest form does not fit...
  let columns = COLUMNS;
  const droppable = COLUMNS.filter((c) => c.dropOrder).sort((a, b) => b.dropOrder! - a.dropOrder!);
  while (smallest(columns) > limit && droppable.length) {
    const drop = droppable.shift()!;
    columns = columns.filter((c) => c !== drop);
  }
  // ...then shrink the flexible ones, widest first, until the table fits.
  const widths = columns.map(natural);
  const total = () => widths.reduce((a, b) => a + b, 0) + GAP * (widths.length - 1);
  const flexible = columns.map((c, i) => (c.flexible ? i : -1)).filter((i) => i >= 0);
  while (total() > limit) {
    const widest = flexible.reduce((a, b) => (widths[b]! > widths[a]! ? b : a));
    if (widths[widest]! <= MIN_FLEX) break;
    widths[widest]!--;
  }
  const fit = (text: string, w: number) => (text.length > w ? `${text.slice(0, w - 1)}…` : text.padEnd(w));
  const line = (cells: string[]) => cells.map((c, i) => fit(c, widths[i]!)).join(" ".repeat(GAP)).trimEnd();
  const color = io.stdout.isTTY === true && !io.env.NO_COLOR;
  const head = line(columns.map((c) => c.head));
  const rows = packages.map((_, r) => `${line(columns.map((c) => cells.get(c)![r]!))}\n`).join("");
  return `${color ? `\x1b[1m${head}\x1b[22m` : head}\n${rows}`;
}

async function mock(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: { packages: { type: "string", default: "42" }, port: { type: "string", default: "0" } },
  });
  const count = integer("--packages", values.packages, 0, 1_000_000)!;
  const port = integer("--port", values.port, 0, 65_535)!;
  const token = `mock_${Math.random().toString(36).slice(2, 12)}`;
  const types = PACKAGE_TYPES;
  const server = await startMockGitHub({
    token,
    port,
    packages: makePackages(count, (i) => ({ package_type: types[i % types.length] })),
  });
  io.stdout.write(
    `Mock GitHub listening on ${server.url} with ${count} packages.\n` +
      `Its token (not a real one): ${token}\n\n` +
      `  GITHUB_TOKEN=${token} gh-user-packages list --type container --base-url ${server.url}\n\n` +
      "Press Ctrl+C to stop.\n",
  );
  await (io.untilStopped ?? new Promise<void>(() => {}));
  await server.close();
  return 0;
}
