// A small GitHub stand-in for GET /user/packages on a real node:http server, for this project's
// tests, its demo, and apps' own tests. The server does the I/O (reading the request, latency,
// writing the answer); what to answer comes from the mock's core (the same as the MSW handlers').
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { isBytes } from "./bytes.js";
import { badRequest, createMockCore, PREFLIGHT, type MockCore, type MockInput } from "./core.js";
import { errorBody } from "./listing.js";
import { isHostHeader } from "./host.js";
import { checkMockOptions } from "./options.js";
import type { Answer, MockGitHub, MockGitHubOptions } from "./types.js";

/** What one server keeps besides the core: its timers, and what is in flight. */
interface ServerState {
  core: MockCore;
  options: MockGitHubOptions;
  port: number;
  inFlight: number;
  peak: number;
  /** Pending latency timers, with what ends each wait early. */
  timers: Map<ReturnType<typeof setTimeout>, () => void>;
  closed: boolean;
}

/** Waits `ms`, unless the server closes first (then at once). */
function pause(state: ServerState, ms: number): Promise<void> {
  if (state.closed) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      state.timers.delete(timer);
      resolve();
    }, ms);
    state.timers.set(timer, resolve);
  });
}

/** Ends every pending wait and its timer. */
function stopTimers(state: ServerState): void {
  state.closed = true;
  for (const [timer, resolve] of state.timers) {
    clearTimeout(timer);
    resolve();
  }
  state.timers.clear();
}

/**
 * The request as the core reads it; `valid` is false when GitHub could not read it (an invalid
 * Host, a target that is not a path), which gets a 400.
 */
function inputOf(req: IncomingMessage, port: number): { input: MockInput; valid: boolean } {
  const target = req.url ?? "/";
  const host = req.headers.host;
  const readable = (host === undefined || isHostHeader(host)) && target.startsWith("/");
  // Links must point back at this server as the client reached it.
  const reached = readable ? parsed(`http://${host ?? `127.0.0.1:${port}`}${target}`) : undefined;
  const url = reached ?? new URL(`http://127.0.0.1:${port}/`);
  return { input: { method: req.method ?? "GET", url, target, routePath: url.pathname, headers: req.headers }, valid: reached !== undefined };
}

function parsed(href: string): URL | undefined {
  try {
    return new URL(href);
  } catch {
    return undefined;
  }
}

async function handle(state: ServerState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method === "OPTIONS") {
    send(res, PREFLIGHT);
    return;
  }
  const { input, valid } = inputOf(req, state.port);
  const received = state.core.receive(input);
  res.on("finish", () => (received.record.status = res.statusCode));
  if (!valid) {
    send(res, badRequest(received.base));
    return;
  }
  const latency = state.options.latencyMs ?? 0;
  if (latency > 0) await pause(state, latency);
  if (res.destroyed || state.closed) return;
  const custom = await state.options.onRequest?.(received.record);
  if (custom) {
    send(res, { status: custom.status, headers: { ...received.base, ...custom.headers }, body: custom.body });
    return;
  }
  send(res, state.core.answer(received));
}

/** Writes an answer: bytes or a string as is, anything else as JSON (with its content type). */
function send(res: ServerResponse, answer: Answer): void {
  if (res.destroyed) return;
  if (answer.reset) {
    res.socket?.destroy();
    return;
  }
  const { body, headers } = answer;
  const raw = body === undefined || typeof body === "string" || isBytes(body);
  const text = body === undefined ? "" : raw ? body : JSON.stringify(body);
  const hasType = Object.keys(headers).some((k) => k.toLowerCase() === "content-type");
  res.writeHead(answer.status, {
    ...(raw || hasType ? {} : { "Content-Type": "application/json; charset=utf-8" }),
    ...headers,
    "Content-Length": String(typeof text === "string" ? Buffer.byteLength(text) : text.length),
  });
  res.end(res.req.method === "HEAD" ? undefined : text);
}

/** Counts requests in flight (CORS preflights aside) while one is handled. */
function track(state: ServerState, req: IncomingMessage, res: ServerResponse): void {
  state.inFlight++;
  if (req.method !== "OPTIONS") state.peak = Math.max(state.peak, state.inFlight);
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    state.inFlight--;
  };
  res.on("close", finish);
  res.on("finish", finish);
  // Only an app's own `onRequest` can throw here: the mock's answers are total.
  handle(state, req, res).catch((err: unknown) => {
    if (!res.headersSent) send(res, { status: 500, headers: {}, body: errorBody(`mock failure: ${String(err)}`, 500) });
    else res.destroy();
  });
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
}

/**
 * Starts a mock GitHub on 127.0.0.1. Options that break a rule (a `logLimit` of NaN, an unknown
 * name) reject with InvalidParametersError before it listens.
 *
 * @example
 * const mock = await startMockGitHub({ packages: makePackages(3), token: "test-token" });
 * const { data } = await listUserPackages({ package_type: "container" }, { baseUrl: mock.url, token: mock.token });
 * await mock.close();
 */
export async function startMockGitHub(options: MockGitHubOptions = {}): Promise<MockGitHub> {
  checkMockOptions(options, "server");
  const core = createMockCore(options);
  const state: ServerState = { core, options, port: 0, inFlight: 0, peak: 0, timers: new Map(), closed: false };
  const server = createServer((req, res) => track(state, req, res));
  state.port = await listen(server, options.port ?? 0);
  return {
    url: `http://127.0.0.1:${state.port}`,
    token: options.token,
    requests: core.requests,
    packages: core.packages,
    inFlight: () => state.inFlight,
    peakInFlight: () => state.peak,
    close: () =>
      new Promise<void>((resolve) => {
        stopTimers(state);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
