// The help texts: one for the program, one per command.
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from "../core/door/options.js";
import { DEFAULT_PER_PAGE, MAX_PER_PAGE, PACKAGE_TYPES, VISIBILITIES } from "../core/door/params.js";
import { VERSION } from "../core/door/version.js";
import { either } from "./args.js";
import { COLUMN_KEYS, TABLE_COLUMNS } from "./columns.js";
import { MAX_MOCK_PACKAGES } from "./mock.js";

const LIST = `Usage: gh-user-packages list --type <types> [options]

List the packages in your GitHub namespace: one page, or every page with --all.

Options:
  -t, --type <types>     ${either(PACKAGE_TYPES)};
                         several with commas, or "all" (required)
  --visibility <v>       ${either(VISIBILITIES)}
  --all                  every page (up to GitHub's 10,000 results per type)
  --per-page <n>         packages per page, 1-${MAX_PER_PAGE} (default ${DEFAULT_PER_PAGE}; ${MAX_PER_PAGE} with --all)
  --page <n>             which page, without --all (default 1)
  -L, --limit <n>        up to n packages, across pages (with --page: cut that page)
  --concurrency <n>      requests in flight with --all, 1-${MAX_CONCURRENCY} (default ${DEFAULT_CONCURRENCY})
  --verify               with --all, a consistent snapshot: each page asked again (If-None-Match,
                         free of rate limit when unchanged); a changed type is read again
  --format <f>           table, json, ndjson or csv (default table)
  --json <fields>        the fields named, as a JSON array (as gh's --json); alone, the fields
  --columns <a,b,c>      the columns (table, csv) or fields (json, ndjson), from:
                         ${COLUMN_KEYS.slice(0, 5).join(", ")},
                         ${COLUMN_KEYS.slice(5).join(", ")}
                         (table default: all but ${COLUMN_KEYS.filter((k) => !TABLE_COLUMNS.includes(k)).join(" and ")}, and package_type
                         only for several types; others: all)
  --no-header            the table or csv without its header line
  --org <org>            an organization's packages instead of yours
  --user <login>         another user's (public) packages instead of yours
  --base-url <url>       API root (default: $GITHUB_API_URL, else https://$GH_HOST/api/v3,
                         else https://api.github.com)
  --no-cache             do not keep or use pages on disk (kept by default, so a re-listing
                         costs no rate limit: $XDG_CACHE_HOME/gh-user-packages, else ~/.cache)
  -h, --help             this help

Output: on a terminal the table is aligned and fitted to the width; piped, it is one tab-separated
line per package, without a header, written as pages arrive (like gh). json, ndjson and csv are
written as pages arrive too; csv cells that a spreadsheet would read as a formula get a leading '.
On a terminal, control, bidirectional and invisible characters from the server are escaped in
every format; the table keeps ID and NAME whole, leaves out what does not fit (and says so), and
shows dates as gh does ("about 2 days ago").

Interrupted (Ctrl+C: exit 130, SIGTERM: 143), the packages written so far stay written: ndjson,
csv and the piped table end on a whole line; json lacks its closing "]", so it does not parse as
complete JSON. The message on stderr says what was written.

The token is read as gh reads it, never from the command line: GH_TOKEN, else GITHUB_TOKEN,
else gh's login (gh auth token); for a GitHub Enterprise Server host GH_ENTERPRISE_TOKEN, else
GITHUB_ENTERPRISE_TOKEN, else gh's login for that host. It needs the read:packages scope
(gh's login gets it with gh auth refresh -s read:packages). Exit codes: 0 ok, 1 API or network error, 2 usage error, 130/143 interrupted.
`;

const MOCK = `Usage: gh-user-packages mock [options]

Start a mock GitHub on 127.0.0.1 to try the CLI and apps against; Ctrl+C stops it.

Options:
  --packages <n>         how many packages it serves (default 42, at most ${MAX_MOCK_PACKAGES.toLocaleString("en-US")}, all six types)
  --port <p>             port (default: any free one)
  --token <t>            the token it expects (default: a random one, printed)
  --latency <ms>         delay before each answer (default 0)
  --faults <rate>        share of requests that fail, 0 to 1 (5xx, resets, rate limits, ...)
  --seed <n>             seed of the faults, to repeat a run (default 1)
  --help                 this help
`;

const MAIN = `gh-user-packages ${VERSION}: list the packages in your GitHub namespace

Usage:
  gh-user-packages list --type <types> [options]
  gh-user-packages mock [options]
  gh-user-packages help [list | mock]
  gh-user-packages --help | --version
`;

/** The help of a command, or of the program. */
export const HELP: Record<"main" | "list" | "mock", string> = { main: `${MAIN}\n${LIST}\n${MOCK}`, list: LIST, mock: MOCK };
