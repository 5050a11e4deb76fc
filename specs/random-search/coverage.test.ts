/**
 * Tests that every explore result carries coverage, and that a pass whose witnesses were never
 * reached is reported as vacuous: without crashes no lease holder ever restarts, so
 * ReacquireRequiresObservation holds only because nothing it talks about happens.
 */
import { describe, expect, it } from "vitest";
import { cli } from "../cli/run-cli.ts";
import { explore } from "../../conformance/check/explore.ts";
import { buildConfig } from "../../conformance/kits/config.ts";
import { kits } from "../../conformance/kits/index.ts";

const LEASE = ["explore", "--protocol", "lease", "--preset", "vds-fenced", "--seed", "3", "--runs", "1000", "--workers", "1"];

interface Coverage {
  distinctStates: number;
  exact: boolean;
  sampledRuns: number;
  witnesses: Record<string, { invariant: string; runs: number }>;
  vacuous: string[];
}

describe("coverage in explore", () => {
  it("a lease without crashes passes ReacquireRequiresObservation vacuously, and says so", () => {
    const r = cli([...LEASE, "--set", "env.crashes=false", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const c = (JSON.parse(r.stdout) as { coverage: Coverage }).coverage;
    expect(c.witnesses["RestartedLeaderFindsNewerEpoch"]).toEqual({ invariant: "ReacquireRequiresObservation", runs: 0 });
    expect(c.vacuous).toEqual(["ReacquireRequiresObservation"]);
    expect(c.witnesses["LeaseChangedHands"]!.runs).toBeGreaterThan(0);
    const human = cli([...LEASE, "--set", "env.crashes=false"]);
    expect(human.stdout).toMatch(/^VACUOUS: ReacquireRequiresObservation \(safety\) held only because no run reached RestartedLeaderFindsNewerEpoch/m);
  });

  it("with crashes the same search reaches every witness and nothing is vacuous", () => {
    const r = cli([...LEASE, "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const c = (JSON.parse(r.stdout) as { coverage: Coverage }).coverage;
    expect(c.vacuous).toEqual([]);
    expect(Object.values(c.witnesses).every((w) => w.runs > 0)).toBe(true);
    expect(c.distinctStates).toBeGreaterThan(100);
    expect(c.sampledRuns).toBe(Math.ceil(1000 / 64)); // runs 0, 64, 128, …
  });

  it("one-step histories reach no witness: every invariant's pass is vacuous", () => {
    const kit = kits.lease;
    const r = explore({ kit, flatConfig: buildConfig(kit.model, "vds-fenced", {}), seed: 1, runs: 200, maxSteps: 1, timeLimitMs: 600_000 });
    expect(r.violation).toBeNull();
    expect(r.coverage.vacuous).toEqual(kit.model.invariants.map((i) => i.name));
  });

  it("only the checked invariants' witnesses are watched, and the violated invariant is not vacuous", () => {
    const kit = kits.lease;
    const r = explore({ kit, flatConfig: buildConfig(kit.model, "etcd-lock-no-fencing", {}), seed: 1, runs: 20_000, maxSteps: 100, timeLimitMs: 600_000, invariants: ["FencedWrites"] });
    expect(r.violation?.invariant).toBe("FencedWrites");
    expect(Object.keys(r.coverage.witnesses)).toEqual(["StaleWriteArrives"]);
    expect(r.coverage.vacuous).toEqual([]);
  });

  it("a cluster result still reports failover times beside its coverage", () => {
    const r = cli(["explore", "--protocol", "cluster", "--preset", "polardb-hot-standby", "--seed", "1", "--runs", "200", "--workers", "1", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { failoverTimeMs: { count: number }; coverage: Coverage };
    expect(out.failoverTimeMs.count).toBeGreaterThan(0);
    expect(out.coverage.witnesses["FailoverCompletesWithHealthyStandby"]!.runs).toBeGreaterThan(0);
  });
});
