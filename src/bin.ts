// The `gh-user-packages` executable.
import { relative } from "node:path";
import { Interrupted, runCli } from "./cli/main.js";

// How to run this program again, for the commands it suggests: through npx when installed as a
// package, else (a checkout) by its path.
const script = process.argv[1] ?? "";
const path = relative(process.cwd(), script) || script;
const self = script === "" || /[\\/]node_modules[\\/]/.test(script) ? "npx gh-user-packages" : `node ${/^[\w./-]+$/.test(path) ? path : `'${path.replace(/'/g, "'\\''")}'`}`;

// `gh-user-packages list ... | head` closes the pipe early: that is the reader's choice, not a failure.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(0);
  throw err;
});

// Ctrl+C or SIGTERM: `list` cancels its requests and exits 130/143; `mock` closes its server.
const interrupt = new AbortController();
const untilStopped = new Promise<void>((resolve) => {
  for (const name of ["SIGINT", "SIGTERM"] as const) {
    process.once(name, () => {
      interrupt.abort(new Interrupted(name));
      resolve();
    });
  }
});
const code = await runCli({
  argv: process.argv.slice(2),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  signal: interrupt.signal,
  untilStopped,
  self,
});
// Once what was written has gone out, leave: idle keep-alive sockets must not hold the process.
process.stdout.write("", () => process.exit(code));
