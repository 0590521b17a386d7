#!/usr/bin/env node
// The main job, end to end: list packages through the *built* package (dist/, reached by its own
// name) against the built-in mock GitHub. No token and no network needed.
import { listUserPackages } from "gh-user-packages";
import { startMockGitHub } from "gh-user-packages/testing";

const mock = await startMockGitHub({ token: "mock-token-not-a-secret" });
try {
  const { data, error, response } = await listUserPackages(
    { package_type: "container", per_page: 5 },
    { baseUrl: mock.url, token: mock.token, userAgent: "gh-user-packages-demo" },
  );
  if (error) {
    console.error(`Listing failed: ${error.message} (HTTP ${error.httpStatus}, request ${error.requestId})`);
    process.exitCode = 1;
  } else {
    const rows = data.map((p) => [String(p.id), p.name, p.package_type, p.visibility, String(p.version_count), p.repository?.full_name ?? "-"]);
    const head = ["ID", "NAME", "TYPE", "VISIBILITY", "VERSIONS", "REPOSITORY"];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
    console.log(`GET ${mock.url}/user/packages?package_type=container&per_page=5 → ${response.status}`);
    console.log(line(head));
    for (const r of rows) console.log(line(r));
    const link = response.headers.get("link");
    console.log(`${data.length} packages on this page; more pages: ${link?.includes('rel="next"') ? "yes" : "no"}.`);
  }
} finally {
  await mock.close();
}
