// The command line: `gh-user-packages list ...` and `gh-user-packages mock ...`. Streams and
// environment are passed in, so tests can drive it with a fake terminal as well as spawn it.
import { describeValue, InvalidParametersError, PackagesClientError, redact } from "../errors.js";
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from "../pagination.js";
import { DEFAULT_PER_PAGE, MAX_PER_PAGE, PACKAGE_TYPES, VISIBILITIES } from "../params.js";
import { VERSION } from "../version.js";
import { either, isParseArgsError, usageMessage, UsageError } from "./args.js";
import { list } from "./list.js";
import { mock } from "./mock.js";
import { printableLines } from "./terminal.js";

/** What the CLI writes to: process.stdout/stderr, or anything with `write`. */
export interface CliStream {
  write(text: string): unknown;
  isTTY?: boolean | undefined;
  columns?: number | undefined;
}

export interface CliIO {
  argv: string[];
  env: Record<string, string | undefined>;
  stdout: CliStream;
  stderr: CliStream;
  /** Resolves when the `mock` command should stop (Ctrl+C). */
  untilStopped?: Promise<void>;
}

// Client parameters as the flags that set them, for error messages.
const FLAG_OF: Record<string, string> = {
  package_type: "--type",
  visibility: "--visibility",
  per_page: "--per-page",
  page: "--page",
  maxItems: "--limit",
  concurrency: "--concurrency",
  baseUrl: "--base-url",
};

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
    return report(err, io);
  }
}

/** Writes a failure to stderr and gives its exit code: 2 for usage, 1 for the rest. */
function report(err: unknown, io: CliIO): number {
  const say = (text: string) => io.stderr.write(`gh-user-packages: ${printableLines(text)}\n`);
  if (err instanceof UsageError || (err instanceof Error && isParseArgsError(err))) {
    say(`${usageMessage(err)}\nRun "gh-user-packages --help" for the options.`);
    return 2;
  }
  if (err instanceof InvalidParametersError) {
    say(err.issues.map((i) => `${FLAG_OF[i.parameter] ?? i.parameter}: ${describeValue(i.value)} ${i.rule}`).join("; "));
    return 2;
  }
  say(err instanceof PackagesClientError ? err.message : `unexpected failure: ${redact(err instanceof Error ? err.message : String(err))}`);
  return 1;
}
