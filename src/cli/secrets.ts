// The token never reaches the CLI's output: not when a user pastes it as an argument (usage
// errors quote arguments), not when a server echoes it back in a package name or a message.
import type { CliIO, CliStream } from "./main.js";

// GitHub's token formats; messages are ours or the server's, never a place a token belongs.
const TOKEN_SHAPED = /\b(?:gh[pousr]_[A-Za-z0-9_]{16,}|github_pat_[A-Za-z0-9_]{20,})/g;

/** `stream` with each of `tokens` (and, when `shapes`, anything shaped like a token) written as ***. */
function hiding(stream: CliStream, tokens: readonly string[], shapes: boolean): CliStream {
  const hide = (text: string) => {
    let out = shapes ? text.replace(TOKEN_SHAPED, "***") : text;
    for (const token of tokens) if (out.includes(token)) out = out.split(token).join("***");
    return out;
  };
  return {
    isTTY: stream.isTTY,
    columns: stream.columns,
    once: (event, listener) => stream.once?.(event, listener),
    write: (text: string) => stream.write(hide(text)),
  };
}

/**
 * The IO with its output guarded: the tokens in the environment are hidden on stdout and stderr
 * (data keeps its shape: a token is printable text), and stderr hides token-shaped text as well.
 */
export function guarded(io: CliIO): CliIO {
  // Short values would mask ordinary words; a real token is far longer.
  const tokens = [io.env.GH_TOKEN, io.env.GITHUB_TOKEN].filter((t): t is string => typeof t === "string" && t.length >= 8);
  return { ...io, stdout: hiding(io.stdout, tokens, false), stderr: hiding(io.stderr, tokens, true) };
}
