/**
 * What a conformance run covered on the system (issue 14, item 2): the targeted histories that
 * ran and whether the system's own outputs show each witness reached, the outcomes compared and
 * excused, and the witnesses never reached (a vacuous pass). The violating history runs first.
 */
import { describe, expect, it } from "vitest";
import type { Adapter } from "../../adapters/contract.ts";
import { modelAdapter } from "../../adapters/model/index.ts";
import { conform, TARGET_TRIES } from "../../conformance/conform/run.ts";
import { noCache } from "../../conformance/conform/target-cache.ts";
import { buildConfig } from "../../conformance/kits/config.ts";
import { kits } from "../../conformance/kits/index.ts";
import type { LeaseEvent, LeaseOutput } from "../../model/lease/index.ts";
import { cli } from "../cli/run-cli.ts";
import { silentAdapter } from "./fixtures.ts";

const kit = kits.lease;
const fenced = buildConfig(kit.model, "etcd-lock-no-fencing", { "lease.fencing": "epoch" });
const run = (adapter: Adapter<LeaseEvent, LeaseOutput>, runs: number, flatConfig = fenced) =>
  conform({ kit, hooks: kit.conform!, adapter, flatConfig, seed: 1, runs, maxSteps: 40, cache: noCache });

describe("coverage of a conformance run", () => {
  it("the model as the system reaches every targeted witness its outputs can show, and compares outcomes", async () => {
    const r = await run(modelAdapter(kit.model), 3);
    expect(r.failing).toBeNull();
    // The stale write is the one the fencing check exists for: it is targeted first.
    expect(r.coverage.targeted[0]).toEqual({ origin: "witness StaleWriteArrives", witness: "StaleWriteArrives", reached: true, tries: 1 });
    expect(r.coverage.targeted).toHaveLength(3);
    expect(r.coverage.witnessesReached).toContain("StaleWriteArrives");
    expect(r.coverage.vacuous).toEqual([]);
    expect(r.coverage.compared).toBeGreaterThan(0);
    expect(r.coverage.compared).toBe(r.histories.reduce((n, h) => n + h.compared, 0));
  });

  it("a system whose every outcome is excused never reaches the witness: re-run, then reported vacuous", async () => {
    // Silent, with a tolerance so wide that every outcome is excused as timing: no divergence,
    // and nothing in its outputs shows the stale write arriving.
    const excusedAll = { ...silentAdapter<LeaseEvent, LeaseOutput>("lease"), timeToleranceMs: 1e9 };
    const r = await run(excusedAll, 1);
    expect(r.failing).toBeNull();
    expect(r.histories).toHaveLength(TARGET_TRIES);
    // No write can be decided robustly under such a tolerance, so the first target found is one
    // whose history has none (a takeover); the system's silence never shows it.
    const [target] = r.coverage.targeted;
    expect(r.coverage.targeted).toHaveLength(1);
    expect(target).toMatchObject({ reached: false, tries: TARGET_TRIES });
    expect(r.histories.map((h) => h.origin)).toEqual([target!.origin, ...[2, 3, 4, 5].map((n) => `${target!.origin}, try ${n}`)]);
    expect(r.coverage.vacuous).toEqual([target!.witness]);
    expect(r.coverage.excused).toBeGreaterThan(0);
    expect(r.coverage.compared).toBe(0);
  });

  it("an unsafe preset's violating history runs first, so one run finds it", async () => {
    const r = await run(modelAdapter(kit.model), 1, buildConfig(kit.model, "etcd-lock-no-fencing", {}));
    expect(r.histories).toHaveLength(1);
    expect(r.failing?.observedViolation?.invariant).toBe("FencedWrites");
  });

  it("haspec conform --json reports coverage", () => {
    const r = cli(["conform", "--adapter", "model", "--preset", "etcd-lock-no-fencing", "--set", "lease.fencing=epoch", "--runs", "3", "--seed", "1", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report.coverage)).toEqual(expect.arrayContaining(["targeted", "witnessesReached", "compared", "excused", "vacuous"]));
    expect(report.coverage.targeted[0]).toMatchObject({ witness: "StaleWriteArrives", reached: true });
    expect(report.coverage.vacuous).toEqual([]);
  });
});
