/**
 * `conform --adapter model` for every preset of every protocol: the model as the system must
 * agree with itself on every safe preset, and on every unsafe one its own outputs must show the
 * breach, so that conform fails, naming what the model broke. Small runs: one targeted history
 * for an unsafe preset (its own invariant's counterexample), three for a safe one.
 *
 * Some invariants are about what no client can see: a node's belief that it holds the lease, a
 * session's variables, which of a transaction's writes the database holds. There the model
 * breaks the invariant and the system's outputs cannot; conform still fails, as a violation
 * the model predicts and nothing the system said rules out (`predictedOnly`). Those presets
 * are listed in UNSEEN with the reason, and the test asserts that they fail that way, so that
 * making one of them observable moves it out of the list.
 */
import { describe, expect, it } from "vitest";
import { modelAdapter } from "../../adapters/model/index.ts";
import { conform, predictedOnly } from "../../conformance/conform/run.ts";
import { buildConfig } from "../../conformance/kits/config.ts";
import { findKit, protocolNames } from "../../conformance/kits/index.ts";
import type { Ev, ProtocolKit } from "../../conformance/kits/kit.ts";
import { join } from "node:path";
import { runInProcess, scratch } from "../cli/run-cli.ts";

/** Unsafe presets whose invariant outputs cannot show, and why. */
const UNSEEN: ReadonlyMap<string, string> = new Map([
  ["lease/lease-no-drift-margin", "SingleLeaseHolder is about two nodes' beliefs at one true time; a belief ends on a node's own clock, silently"],
  ["lease/resume-after-restart", "ReacquireRequiresObservation is about what a restarted node read before writing; no output reports a read it skipped"],
  ["proxy/polardb-attach-unvalidated", "TransactionAtomicity compares the database's open transaction with the client's log; no client statement reads the uncommitted effects"],
  ["proxy/maxscale-23.08", "SessionStateEquivalence compares the backend's session variables with the client's; no statement in the workload reads them back"],
  ["proxy/rds-proxy", "SessionStateEquivalence, as for maxscale-23.08"],
]);

const SEARCH_RUNS = 20_000;
/**
 * History lengths for the unsafe presets: long enough that the model's search reaches each
 * breach within SEARCH_RUNS (a proxy's doubled effect needs a failover inside a transaction with
 * an implicit commit), short enough to stay fast.
 */
const UNSAFE_STEPS: Readonly<Record<string, number>> = { lease: 40, replication: 40, proxy: 100, cluster: 40 };

describe.each(protocolNames)("conform --adapter model --protocol %s", (name) => findKit(name).use(modelSpecs));

function modelSpecs<C, S, E extends Ev, O>(kit: ProtocolKit<C, S, E, O>): void {
  const run = (preset: string, runs: number, invariants?: string[]) => conform({
    kit, hooks: kit.conform!, adapter: modelAdapter(kit.model), flatConfig: buildConfig(kit.model, preset, {}),
    seed: 1, runs, maxSteps: invariants === undefined ? 30 : UNSAFE_STEPS[kit.name]!, searchRuns: invariants === undefined ? 500 : SEARCH_RUNS, invariants,
  });

  it("is conformable", () => expect(kit.conform).not.toBeNull());

  for (const preset of kit.model.presets) {
    const expected = preset.expectedViolation;
    const unseen = UNSEEN.get(`${kit.name}/${preset.name}`);
    if (expected === null) {
      it(`${preset.name} (safe) passes: no violation, no divergence`, async () => {
        const r = await run(preset.name, 3);
        expect(r.histories).toHaveLength(3);
        expect(r.failing).toBeNull();
      });
    } else if (unseen === undefined) {
      it(`${preset.name} fails: the system's outputs show ${expected} on the model's counterexample`, async () => {
        const r = await run(preset.name, 1, [expected]);
        const f = r.failing;
        expect(f?.origin).toBe("model counterexample");
        expect(f?.expectedViolation?.invariant).toBe(expected);
        expect(f?.divergence).toBeNull();
        // Named as the invariant, or by the client-history checker that judges the same thing from the reads.
        expect(f?.observedViolation).not.toBeNull();
        expect(f?.expectedObserved?.invariant).toBe(f?.observedViolation?.invariant);
      });
    } else {
      it(`${preset.name} fails as predicted: the model breaks ${expected}, which its outputs cannot show (${unseen})`, async () => {
        const r = await run(preset.name, 1, [expected]);
        const f = r.failing;
        expect(f?.origin).toBe("model counterexample");
        expect(f?.expectedViolation?.invariant).toBe(expected);
        // Nothing observed and no divergence: it fails as the model's prediction alone.
        expect(f?.observedViolation).toBeNull();
        expect(f?.divergence).toBeNull();
        expect(f !== null && predictedOnly(f)).toBe(true);
      });
    }
  }
}

describe("the command, for the proxy and the cluster", () => {
  it.each([
    ["proxy", "polardb-hot-standby", 0],
    ["proxy", "proxy-no-epoch-check", 1],
    ["cluster", "polardb-no-prefetch", 1],
    ["proxy", "rds-proxy", 1],
  ] as const)("conform --adapter model --protocol %s --preset %s exits %i", async (protocol, preset, status) => {
    const r = await runInProcess(["conform", "--adapter", "model", "--protocol", protocol, "--preset", preset, "--seed", "1", "--runs", "1", "--max-steps", "30", "--json", ...(status === 1 ? ["--invariants", expectedOf(protocol, preset)] : []), "--out", join(scratch(), "t.json")]);
    expect(r.err).toEqual([]);
    expect(r.status).toBe(status);
    const report = JSON.parse(r.out.at(-1)!) as { violated: string | null; predicted: string | null };
    const named = status === 1 ? expectedOf(protocol, preset) : null;
    expect(report.violated).toBe(named);
    expect(report.predicted).toBe(named);
  });
});

const expectedOf = (protocol: string, preset: string): string =>
  findKit(protocol).use((kit) => kit.model.presets.find((p) => p.name === preset)!.expectedViolation!);
