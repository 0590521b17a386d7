#!/usr/bin/env node
// The main job, end to end and with no token or network: start the built-in mock GitHub, then run
// the *built* CLI (dist/cli.js, which uses the built library) against it to list container packages.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startMockGitHub } from "gh-user-packages/testing";

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const mock = await startMockGitHub({ token: "mock-token-not-a-secret" });
const args = ["list", "--type", "container", "--all", "--base-url", mock.url];
console.log(`$ GH_TOKEN=… gh-user-packages ${args.join(" ")}`);
try {
  const code = await /** @type {Promise<number>} */ (new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      stdio: "inherit",
      env: { ...process.env, GH_TOKEN: mock.token, GITHUB_TOKEN: "" },
    });
    child.on("error", reject);
    child.on("exit", (c) => resolve(c ?? 1));
  }));
  console.log(`(${mock.requests.length} request${mock.requests.length === 1 ? "" : "s"} to the mock GitHub at ${mock.url}; exit code ${code})`);
  process.exitCode = code;
} finally {
  await mock.close();
}
