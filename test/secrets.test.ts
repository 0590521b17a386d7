import { describe, expect, it } from "vitest";
import { inspect } from "node:util";
import { createPackagesClient, GitHubApiError, InvalidParametersError, listAllUserPackages, listUserPackages, type ListUserPackagesResult } from "../src/index.js";
import { FAULT_KINDS, makePackages, startMockGitHub } from "../src/testing.js";
import { FakeClock } from "./fake-clock.js";
import { withMock } from "./with-mock.js";
import { runCli as runCliInProcess } from "../src/cli/main.js";
import { runCli } from "./run-cli.js";
import { recorder } from "./fake-terminal.js";

const TOKEN = "ghp_SECRETsecretSECRET0123456789abcd";

/** Every way an error could be shown or logged. */
function renderings(value: unknown): string[] {
  const out = [inspect(value, { depth: Infinity, showHidden: true }), String(value)];
  try {
    const serializable = value !== undefined && typeof value !== "function" && typeof value !== "symbol";
    out.push(serializable ? JSON.stringify(value) : "");
  } catch {
    out.push("(not serializable)");
  }
  let cur: unknown = value;
  for (let depth = 0; cur instanceof Error && depth < 10; depth++) {
    out.push(cur.message, String(cur.stack));
    cur = (cur as { cause?: unknown }).cause;
  }
  return out;
}

describe("the token never leaks", () => {
  it("is in no error, error result, stack, cause, JSON or inspect output of the fault suite", async () => {
    const mock = await startMockGitHub({
      token: TOKEN,
      packages: makePackages(600, { package_type: "npm" }),
      faults: { rate: 0.6, seed: 3, retryAfterSeconds: 0, resetInSeconds: 3600 },
    });
    const seen: unknown[] = [];
    const fromResults: unknown[] = [];
    try {
      // Single calls, one attempt each, so every fault surfaces.
      for (let i = 0; i < 60; i++) {
        const result: unknown = await listUserPackages(
          { package_type: "npm", page: (i % 6) + 1, per_page: 100 },
          { baseUrl: mock.url, token: TOKEN, retry: false },
        ).catch((e: unknown) => e);
        const failure = result instanceof Error ? result : (result as ListUserPackagesResult).error;
        if (!(result instanceof Error) && failure) fromResults.push(failure);
        seen.push(failure);
      }
      // Listings with few retries, so some fail with GitHubApiError / RateLimitError / NetworkError.
      for (let i = 0; i < 12; i++) {
        seen.push(
          await listAllUserPackages(
            { package_type: "npm" },
            { baseUrl: mock.url, token: TOKEN, concurrency: 3, retry: { retries: 1, minDelayMs: 1, maxDelayMs: 2, maxWaitMs: 10 } },
          ).then(
            () => undefined,
            (e: unknown) => e,
          ),
        );
      }
    } finally {
      await mock.close();
    }
    // A timeout: a server that never answers, and a deadline that falls due on the next turn.
    await withMock({ token: TOKEN, onRequest: () => new Promise<undefined>(() => undefined) }, async (silent) => {
      const clock = new FakeClock(true);
      const options = { baseUrl: silent.url, token: TOKEN, timeoutMs: 1000, retry: false as const, clock };
      seen.push(await listUserPackages({ package_type: "npm" }, options).then(() => new Error("no timeout"), (e: unknown) => e));
    });
    const errors = seen.filter((e) => e !== undefined);
    const names = new Set(errors.map((e) => (e instanceof Error ? e.name : "not an error")));
    // The suite really produced each kind of failure, error results (GitHubApiErrors too) among them...
    expect([...names].sort()).toEqual(expect.arrayContaining(["GitHubApiError", "NetworkError", "RateLimitError", "TimeoutError"]));
    expect(names.has("not an error")).toBe(false);
    expect(fromResults.length).toBeGreaterThan(0);
    expect(fromResults.filter((e) => !(e instanceof GitHubApiError))).toEqual([]);
    expect(new Set(mock.requests.map((r) => r.fault).filter(Boolean)).size).toBe(FAULT_KINDS.length);
    // ...and none of them shows the token.
    const hits = errors.flatMap(renderings).filter((text) => text.includes(TOKEN) || text.includes("SECRETsecret"));
    expect(hits).toEqual([]);
    // Nor does the mock's request log.
    expect(JSON.stringify(mock.requests)).not.toContain(TOKEN);
  });
});

describe("the token never leaks from the hardening cases either", () => {
  const cli = async (args: string[]) => {
    const { stdout, stderr } = await runCli(args, { GITHUB_TOKEN: TOKEN });
    return stdout + stderr;
  };

  it("is in no refusal, body-cap error, rate-limit error or CLI output", async () => {
    const seen: unknown[] = [];
    const refused = (options: Record<string, unknown>) => {
      try {
        createPackagesClient(options);
      } catch (err) {
        seen.push(err);
      }
    };
    refused({ baseUrl: `https://mona:${TOKEN}@ghe.example.com/api/v3` });
    refused({ baseUrl: `https://ghe.example.com/api/v3?access_token=${TOKEN}` });
    refused({ tokne: TOKEN });
    refused({ auth: TOKEN });
    refused({ headers: { Authorization: `Bearer ${TOKEN}\r\n` } });
    refused({ baseUrl: "http://example.invalid", headers: { Authorization: `Bearer ${TOKEN}` } });
    refused({ token: `${TOKEN}\n` });
    refused({ userAgent: `${TOKEN} ✓` });
    refused({ apiVersion: `${TOKEN}\0` });
    refused({ headers: { "X-Api-Key": `${TOKEN}→` } });
    refused({ headers: { "X-Trace": `Bearer ${TOKEN}\n` } });
    refused({ retry: { maxWaitMs: TOKEN } });
    // Per-call and listing headers: refused by the same rules, never quoted.
    const perCall = async (run: () => Promise<unknown>) => seen.push(await run().then(() => new Error("not refused"), (e: unknown) => e));
    const client = createPackagesClient({ token: TOKEN, fetch: () => Promise.reject(new Error("no request may go out")) });
    const plain = createPackagesClient({ baseUrl: "http://ghe.example.com/api/v3" });
    await perCall(() => client.listUserPackages({ package_type: "npm" }, { headers: { "X-Trace": `${TOKEN}\r\nX-Evil: 1` } }));
    await perCall(() => client.listUserPackages({ package_type: "npm" }, { headers: { Authorization: `Bearer ${TOKEN}\n` } }));
    await perCall(() => client.listUserPackages({ package_type: "npm" }, { headers: { "X-Note": `${TOKEN}😀` } }));
    await perCall(() => plain.listUserPackages({ package_type: "npm" }, { headers: { Authorization: `Bearer ${TOKEN}` } }));
    await perCall(() => client.listAllUserPackages({ package_type: "npm" }, { headers: { "x-token": `${TOKEN}\0` } }));
    await perCall(() => plain.listAllUserPackages({ package_type: "npm" }, { headers: { authorization: `token ${TOKEN}` } }));
    await perCall(() => listAllUserPackages({ package_type: "npm" }, { token: TOKEN, headers: { "X-Trace": `${TOKEN}\n` } }));
    await perCall(() => client.listUserPackages({ package_type: "npm", org: "" }, { headers: { Authorization: `Bearer ${TOKEN}` } }));
    const refusals = seen.filter((e) => e instanceof InvalidParametersError);
    expect(refusals).toHaveLength(seen.length); // every one above is a refusal, not a NetworkError after a request
    const mock = await startMockGitHub({ token: TOKEN, packages: makePackages(3, { package_type: "npm" }) });
    try {
      const options = { baseUrl: mock.url, token: TOKEN, retry: false as const };
      seen.push(await listUserPackages({ package_type: "npm" }, { ...options, maxBodyBytes: 10 }).catch((e: unknown) => e));
      mock.packages.push({ ...mock.packages[0]!, id: "x" as unknown as number });
      seen.push((await listUserPackages({ package_type: "npm" }, options)).error);
      seen.push(await listAllUserPackages({ package_type: "npm" }, options).catch((e: unknown) => e));
      // A per-call Authorization header that the server refuses: the error result and the listing's error hold no token.
      const viaHeader = createPackagesClient({ baseUrl: mock.url, retry: false });
      seen.push((await viaHeader.listUserPackages({ package_type: "npm" }, { headers: { Authorization: `Bearer ${TOKEN}x` } })).error);
      seen.push(await viaHeader.listAllUserPackages({ package_type: "npm" }, { headers: { Authorization: `Bearer ${TOKEN}x` } }).catch((e: unknown) => e));
      const outputs = await Promise.all([
        cli(["list", "--type", "npm", "--base-url", `https://x-access-token:${TOKEN}@ghe.example.com/api/v3`]),
        cli(["list", "--type", "npm", "--base-url", `https://ghe.example.com/api/v3?access_token=${TOKEN}`]),
        cli(["list", "--type", "npm", "--base-url", mock.url]),
        cli(["list", "--type", "npm", "--token", TOKEN]),
      ]);
      expect(outputs.filter((o) => o.includes(TOKEN) || o.includes(TOKEN.slice(4)))).toEqual([]);
    } finally {
      await mock.close();
    }
    expect(seen.filter((e) => e !== undefined).length).toBeGreaterThanOrEqual(25);
    const hits = seen.flatMap(renderings).filter((text) => text.includes(TOKEN) || text.includes(TOKEN.slice(4)));
    expect(hits).toEqual([]);
  });
});

describe("the token never leaks from the CLI's refusals, errors and messages", () => {
  /** Runs the CLI in-process on a terminal and a pipe; everything it wrote. */
  const both = async (argv: string[], env: Record<string, string>) => {
    const texts: string[] = [];
    for (const isTTY of [true, false]) {
      const stdout = recorder(isTTY, 30);
      const stderr = recorder(isTTY, 30);
      await runCliInProcess({ argv, env, stdout, stderr });
      texts.push(stdout.text(), stderr.text());
    }
    return texts.join("");
  };

  it("is in no usage error, 401, hostile answer, progress line or table", async () => {
    const echo = `${TOKEN}\n${TOKEN}`;
    const packages = makePackages(3, { package_type: "npm" }).map((p, i) => (i === 0 ? { ...p, name: TOKEN } : p));
    const outputs: string[] = [];
    await withMock({ token: "another-token-entirely", packages }, async (stale) => {
      // A stale token in either variable: the 401 names the variable, never the value.
      outputs.push(await both(["list", "-t", "npm", "--base-url", stale.url], { GH_TOKEN: TOKEN }));
      outputs.push(await both(["list", "-t", "npm", "--all", "--base-url", stale.url], { GITHUB_TOKEN: TOKEN }));
    });
    await withMock({ token: TOKEN, packages }, async (echoing) => {
      // A server that echoes the token in a package name, and in its messages.
      for (const format of ["table", "json", "ndjson", "csv"]) outputs.push(await both(["list", "-t", "npm", "--all", "--format", format, "--base-url", echoing.url], { GH_TOKEN: TOKEN }));
    });
    await withMock({ token: TOKEN, onRequest: () => ({ status: 502, body: { message: echo } }) }, async (bad) => {
      outputs.push(await both(["list", "-t", "npm", "--base-url", bad.url], { GH_TOKEN: TOKEN }));
    });
    // The token pasted where an argument goes, with or without it in the environment.
    for (const env of [{ GH_TOKEN: TOKEN }, {}]) {
      outputs.push(await both(["list", "-t", "npm", TOKEN], env));
      outputs.push(await both(["list", "-t", TOKEN], env));
      outputs.push(await both(["list", "--columns", TOKEN, "-t", "npm"], env));
      outputs.push(await both(["help", TOKEN], env));
      outputs.push(await both([TOKEN], env));
    }
    expect(outputs.join("")).toMatch(/GH_TOKEN/); // the runs said something...
    expect(outputs.filter((o) => o.includes(TOKEN) || o.includes(TOKEN.slice(4)))).toEqual([]); // ...and never the token
  }, 60_000);
});

describe("a token without GitHub's prefix is kept out of refusals too", () => {
  const PLAIN = "plainSecretValue0123456789";

  it("is hidden wherever it turns up in a refused value, client option or per-call header", async () => {
    const seen: unknown[] = [];
    const keep = (run: () => unknown) => {
      try {
        seen.push(run());
      } catch (err) {
        seen.push(err);
      }
    };
    keep(() => createPackagesClient({ token: PLAIN, userAgent: `app ${PLAIN}\n` }));
    keep(() => createPackagesClient({ token: PLAIN, headers: { "X-Copy": `${PLAIN}\0` } }));
    keep(() => createPackagesClient({ headers: { Authorization: `Bearer ${PLAIN}`, "X-Copy": `${PLAIN}→` } }));
    const client = createPackagesClient({ token: PLAIN, fetch: () => Promise.reject(new Error("no request may go out")) });
    seen.push(await client.listUserPackages({ package_type: "npm" }, { headers: { "X-Copy": `${PLAIN}\r\n` } }).catch((e: unknown) => e));
    const other = createPackagesClient({ fetch: () => Promise.reject(new Error("no request may go out")) });
    seen.push(await other.listUserPackages({ package_type: "npm" }, { headers: { Authorization: `token ${PLAIN}`, "X-Copy": `${PLAIN}\n` } }).catch((e: unknown) => e));
    expect(seen.map((e) => (e as Error).name)).toEqual(Array(5).fill("InvalidParametersError"));
    expect(seen.flatMap(renderings).filter((text) => text.includes(PLAIN))).toEqual([]);
  });
});
