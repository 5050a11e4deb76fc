/**
 * Tests, for every protocol, that each unsafe preset is caught, each safe one passes a large run,
 * and every witness is reached (so no pass is vacuous).
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { explore } from "../conformance/check/explore.ts";
import { runHistory } from "../conformance/check/run.ts";
import { buildConfig } from "../conformance/kits/config.ts";
import { findKit, kits, protocolNames } from "../conformance/kits/index.ts";
import type { Ev, ProtocolKit } from "../conformance/kits/kit.ts";

describe.each(protocolNames)("%s presets", (name) => findKit(name).use(presetSpecs));

function presetSpecs<C, S, E extends Ev, O>(kit: ProtocolKit<C, S, E, O>): void {
  const protocol = kit.model;

  for (const preset of protocol.presets) {
    const flatConfig = buildConfig(protocol, preset.name, {});
    if (preset.expectedViolation !== null) {
      it(`${preset.name} breaks ${preset.expectedViolation}`, () => {
        const r = explore({ kit, flatConfig, seed: 3, runs: 300_000, maxSteps: 100, timeLimitMs: 300_000, invariants: [preset.expectedViolation!] });
        expect(r.violation?.invariant).toBe(preset.expectedViolation);
      });
    } else {
      it(`${preset.name}: no violation of any invariant in 10,000 runs`, () => {
        const r = explore({ kit, flatConfig, seed: 11, runs: 10_000, maxSteps: 100, timeLimitMs: 600_000 });
        expect(r.interrupted).toBe(false);
        expect(r.runs).toBe(10_000);
        expect(r.violation).toBeNull();
      });
    }
  }

  it("every witness is reached in some preset's runs", () => {
    const reached = new Set<string>();
    for (const preset of protocol.presets) {
      const config = protocol.configFromFlat(buildConfig(protocol, preset.name, {}));
      for (const h of fc.sample(kit.histories(config, { maxSteps: 100 }), { seed: 5, numRuns: 3000 })) {
        for (const w of runHistory(protocol, config, h, { witnesses: true }).witnesses) reached.add(w);
      }
    }
    expect(protocol.witnesses.map((w) => w.name).filter((n) => !reached.has(n))).toEqual([]);
  });

  it("every invariant has a witness", () => {
    const witnessed = new Set(protocol.witnesses.map((w) => w.invariant.name));
    expect(protocol.invariants.map((i) => i.name).filter((n) => !witnessed.has(n))).toEqual([]);
  });

  it("every witness refers to one of the protocol's invariants, as it states it", () => {
    const byName = new Map(protocol.invariants.map((i) => [i.name, i]));
    for (const w of protocol.witnesses) {
      const inv = byName.get(w.invariant.name);
      expect(inv, `${w.name} → ${w.invariant.name}`).toBeDefined();
      expect({ kind: w.invariant.kind, statement: w.invariant.statement }).toEqual({ kind: inv!.kind, statement: inv!.statement });
    }
  });
}

describe("lease, beyond its presets", () => {
  it("etcd-lock-no-fencing, with all invariants checked, is caught by FencedWrites", () => {
    const kit = kits.lease;
    const flatConfig = buildConfig(kit.model, "etcd-lock-no-fencing", {});
    const r = explore({ kit, flatConfig, seed: 1, runs: 300_000, maxSteps: 100, timeLimitMs: 300_000 });
    expect(r.violation?.invariant).toBe("FencedWrites");
  });

  it("vds-fenced: every witness is reached in the safe preset's own runs", () => {
    const kit = kits.lease;
    const config = kit.model.configFromFlat(buildConfig(kit.model, "vds-fenced", {}));
    const reached = new Set<string>();
    for (const h of fc.sample(kit.histories(config, { maxSteps: 100 }), { seed: 5, numRuns: 5000 })) {
      for (const w of runHistory(kit.model, config, h, { witnesses: true }).witnesses) reached.add(w);
    }
    expect(kit.model.witnesses.map((w) => w.name).filter((n) => !reached.has(n))).toEqual([]);
  });
});
