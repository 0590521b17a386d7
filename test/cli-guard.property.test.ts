// The CLI's output guard: whatever a write holds, no PIECE-long stretch of a credential it knows
// gets through, on stdout or stderr, whether it knew the credential from the start or learnt it.
// Seeded: FC_SEED=<n> replays or varies a run; fast-check prints the seed and path on failure.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { guarded } from "../src/cli/secrets.js";
import { holdsSecret, PIECE } from "../src/core/door/secrets.js";
import { recorder } from "./fake-terminal.js";

const SEED = Number(process.env.FC_SEED ?? 20261207);
const RUNS = Number(process.env.FC_RUNS_GUARD ?? 500);

const secretArb = fc.string({ unit: fc.constantFrom(..."abcdef0123456789ghp_XYZ".split("")), minLength: 4, maxLength: 60 });
const where = ["GH_TOKEN", "GITHUB_TOKEN", "GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN", "learnt"] as const;

describe("the output guard", () => {
  it(`hides every piece of a known credential, anywhere in a write (${RUNS} runs, seed ${SEED})`, () => {
    fc.assert(
      fc.property(secretArb, fc.constantFrom(...where), fc.nat(), fc.string(), fc.string(), fc.boolean(), (secret, from, at, before, after, toStdout) => {
        const stdout = recorder(false);
        const stderr = recorder(false);
        const env = from === "learnt" ? {} : { [from]: secret };
        const io = guarded({ argv: [], env, stdout, stderr });
        if (from === "learnt") io.hide?.([secret]);
        const start = secret.length <= PIECE ? 0 : at % (secret.length - PIECE + 1);
        const piece = secret.slice(start, start + PIECE);
        (toStdout ? io.stdout : io.stderr).write(`${before}${piece}${after}`);
        expect(holdsSecret(stdout.text(), [secret])).toBe(false);
        expect(holdsSecret(stderr.text(), [secret])).toBe(false);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("leaves text that holds no piece as it was", () => {
    const stdout = recorder(false);
    const io = guarded({ argv: [], env: { GH_TOKEN: "ghp_0123456789abcdefghij" }, stdout, stderr: recorder(false) });
    io.stdout.write("ghp_012 and 89abcde are shorter than a piece\n");
    expect(stdout.text()).toBe("ghp_012 and 89abcde are shorter than a piece\n");
  });
});
