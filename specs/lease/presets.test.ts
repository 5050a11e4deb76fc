/**
 * Tests that each unsafe lease preset is caught, each safe one passes a large run, and every
 * witness is reached in the safe run (so its pass is not vacuous).
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { leaseProtocol } from "../../model/lease/index.ts";
import { explore } from "../../conformance/check/explore.ts";
import { runHistory } from "../../conformance/check/run.ts";
import { buildConfig, findProtocol } from "../../conformance/protocols.ts";
import { leaseHistoryArb } from "../../conformance/histories/lease.ts";

const entry = findProtocol("lease");

describe("lease presets", () => {
  for (const preset of leaseProtocol.presets.filter((p) => p.expectedViolation !== null)) {
    it(`${preset.name} breaks ${preset.expectedViolation}`, () => {
      const flatConfig = buildConfig(entry.protocol, preset.name, {});
      const r = explore({ entry, flatConfig, seed: 3, runs: 300_000, maxSteps: 100, timeLimitMs: 300_000, invariants: [preset.expectedViolation!] });
      expect(r.violation?.invariant).toBe(preset.expectedViolation);
    });
  }

  it("vds-fenced: no violation of any invariant in 10,000 runs", () => {
    const flatConfig = buildConfig(entry.protocol, "vds-fenced", {});
    const r = explore({ entry, flatConfig, seed: 11, runs: 10_000, maxSteps: 100, timeLimitMs: 600_000 });
    expect(r.interrupted).toBe(false);
    expect(r.runs).toBe(10_000);
    expect(r.violation).toBeNull();
  });

  it("etcd-lock-no-fencing, with all invariants checked, is caught by FencedWrites", () => {
    const flatConfig = buildConfig(entry.protocol, "etcd-lock-no-fencing", {});
    const r = explore({ entry, flatConfig, seed: 1, runs: 300_000, maxSteps: 100, timeLimitMs: 300_000 });
    expect(r.violation?.invariant).toBe("FencedWrites");
  });
});

describe("lease witnesses", () => {
  it("every witness is reached in vds-fenced runs", () => {
    const config = leaseProtocol.configFromFlat(buildConfig(entry.protocol, "vds-fenced", {}));
    const reached = new Map<string, number>();
    for (const h of fc.sample(leaseHistoryArb(config, { maxSteps: 100 }), { seed: 5, numRuns: 5000 })) {
      for (const w of runHistory(leaseProtocol, config, h, { witnesses: true }).witnesses) reached.set(w, (reached.get(w) ?? 0) + 1);
    }
    const missing = leaseProtocol.witnesses.map((w) => w.name).filter((n) => !reached.has(n));
    expect(missing).toEqual([]);
  });

  it("every invariant has a witness", () => {
    const witnessed = new Set(leaseProtocol.witnesses.map((w) => w.invariant));
    expect(leaseProtocol.invariants.map((i) => i.name).filter((n) => !witnessed.has(n))).toEqual([]);
  });
});
