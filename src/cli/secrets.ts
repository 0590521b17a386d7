// The credentials never reach the CLI's output: not when a user pastes one as an argument (usage
// errors quote arguments), not when a server echoes one back in a package name or a message. The
// CLI knows every credential it was given (the token variables, gh's token once it asked, the
// userinfo and query values of the URLs on its command line or in GITHUB_API_URL), and hides
// them as the library does, by knowledge: no PIECE-character stretch of one is written.
import { maskSecrets, secretsOf, urlSecrets } from "../core/door/secrets.js";
import type { CliIO, CliStream } from "./io.js";

/** The variables that can hold the CLI's token, in the order it reads them. */
export const TOKEN_VARIABLES = ["GH_TOKEN", "GITHUB_TOKEN", "GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN"] as const;

// GitHub's token formats: on stderr (messages, ours or the server's) nothing shaped like one
// belongs, known or not.
const TOKEN_SHAPED = /\b(?:gh[pousr]_[A-Za-z0-9_]{16,}|github_pat_[A-Za-z0-9_]{20,})/g;

/**
 * The 4-character blocks of each secret at offsets 0, 4, 8, ...: every PIECE-long stretch of a
 * secret (and a secret of 4 to 8 characters whole) holds one, so text holding none of them holds
 * no piece. A listing's output is megabytes; these few scans spare it most of maskSecrets' many.
 */
function blocksOf(secrets: readonly string[]): string[] {
  return secrets.flatMap((s) => Array.from({ length: Math.floor(s.length / 4) }, (_, k) => s.slice(4 * k, 4 * k + 4)));
}

/** `stream` with every known secret (and, when `shapes`, anything shaped like a token) written as ***. */
function hiding(stream: CliStream, secrets: string[], shapes: boolean): CliStream {
  const hide = (text: string) => {
    const shaped = shapes ? text.replace(TOKEN_SHAPED, "***") : text;
    return blocksOf(secrets).some((block) => shaped.includes(block)) ? maskSecrets(shaped, secrets) : shaped;
  };
  return {
    isTTY: stream.isTTY,
    columns: stream.columns,
    once: (event, listener) => stream.once?.(event, listener),
    write: (text: string) => stream.write(hide(text)),
  };
}

/** What the CLI was given that may hold a credential: the token variables, and the URLs it may be pointed at. */
function givenSecrets(io: CliIO): string[] {
  const urls = [io.env.GITHUB_API_URL ?? "", io.env.GH_HOST ?? "", ...io.argv].flatMap((text) => urlSecrets(text));
  return [...secretsOf(TOKEN_VARIABLES.map((name) => io.env[name])), ...urls];
}

/**
 * The IO with its output guarded: every credential the CLI knows is hidden on stdout and stderr
 * (and any it learns later, through `hide`); stderr hides token-shaped text as well.
 */
export function guarded(io: CliIO): CliIO {
  const secrets = givenSecrets(io);
  return {
    ...io,
    stdout: hiding(io.stdout, secrets, false),
    stderr: hiding(io.stderr, secrets, true),
    hide: (values) => {
      for (const s of secretsOf(values)) if (!secrets.includes(s)) secrets.push(s);
    },
  };
}
