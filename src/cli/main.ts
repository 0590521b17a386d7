// The command line: `gh-user-packages list ...` and `gh-user-packages mock ...`. Streams,
// environment and the interrupt signal are passed in, so tests can drive it with a fake terminal
// as well as spawn it.
import { describeValue, InvalidParametersError, PackagesClientError } from "../core/errors.js";
import { redact } from "./redact.js";
import { VERSION } from "../core/door/version.js";
import { suggestion, UsageError } from "./args.js";
import { HELP } from "./help.js";
import { interruption } from "./interrupt.js";
import { list } from "./list.js";
import { ListenError, mock } from "./mock.js";
import type { CliIO } from "./io.js";
import { guarded } from "./secrets.js";
import { onTerminal, printable, printableLines } from "./terminal.js";

export { Interrupted } from "./interrupt.js";
export type { CliIO, CliStream } from "./io.js";

// Client parameters as the flags that set them, for error messages.
const FLAG_OF: Record<string, string> = {
  package_type: "--type",
  visibility: "--visibility",
  per_page: "--per-page",
  page: "--page",
  maxItems: "--limit",
  concurrency: "--concurrency",
  baseUrl: "--base-url",
  org: "--org",
  username: "--user",
};
const COMMANDS = { list, mock } as const;
const TOPICS = ["list", "mock"] as const;

/** Runs the CLI; resolves to the exit code. Never writes the token anywhere. */
export async function runCli(given: CliIO): Promise<number> {
  const io = guarded({ ...given, stdout: onTerminal(given.stdout), stderr: onTerminal(given.stderr) });
  const [command, ...rest] = io.argv;
  try {
    if (command === undefined) {
      io.stderr.write(HELP.main);
      return 2;
    }
    if (command === "--version" || command === "-v") {
      io.stdout.write(`${VERSION}\n`);
      return 0;
    }
    const helpOf = helpTopic(command, rest);
    if (helpOf) {
      io.stdout.write(HELP[helpOf]);
      return 0;
    }
    if (command !== "list" && command !== "mock") throw new UsageError(`unknown command "${command}" (commands: list, mock, help)${suggestion(command, ["list", "mock", "help"])}`);
    return await COMMANDS[command](rest, io);
  } catch (err) {
    return report(err, io);
  }
}

/** Which help was asked for: `--help`, `help [command]`, `<command> --help`. */
function helpTopic(command: string, rest: string[]): keyof typeof HELP | undefined {
  const asked = (word: string | undefined) => word === "--help" || word === "-h";
  if (asked(command)) return "main";
  if (command === "help") {
    const [topic, extra] = rest;
    if (topic === undefined || asked(topic)) return "main";
    const known = TOPICS.find((t) => t === topic);
    if (known === undefined) throw new UsageError(`no help topic "${topic}" (topics: ${TOPICS.join(", ")})${suggestion(topic, TOPICS)}`);
    if (extra !== undefined) throw new UsageError(`help takes one topic (got "${extra}" after "${topic}")`);
    return known;
  }
  if ((command === "list" || command === "mock") && rest.some(asked)) return command;
  return undefined;
}

/** Writes a failure to stderr and gives its exit code: 2 for usage, 130/143 when interrupted, 1 for the rest. */
function report(err: unknown, io: CliIO): number {
  const say = (text: string) => io.stderr.write(`gh-user-packages: ${printableLines(text)}\n`);
  const stopped = interruption(io.signal);
  if (stopped) {
    say(`interrupted (${stopped.signalName})`);
    return stopped.exitCode;
  }
  if (err instanceof UsageError) {
    say(`${printable(err.message)}${err.hint ? `\n${err.hint}` : ""}\nRun "gh-user-packages help" for the options.`);
    return 2;
  }
  if (err instanceof ListenError) {
    say(err.message);
    return 1;
  }
  if (err instanceof InvalidParametersError) {
    say(printable(err.issues.map((i) => `${FLAG_OF[i.parameter] ?? i.parameter}: ${describeValue(i.value)} ${i.rule}`).join("; ")));
    return 2;
  }
  // Library errors can quote the server: one line, whatever it sent.
  say(printable(err instanceof PackagesClientError ? err.message : `unexpected failure: ${redact(err instanceof Error ? err.message : String(err))}`));
  return 1;
}
