/**
 * Tests the scenario catalogue: each unsafe scenario is found from 20 different seeds, its shrunk
 * trace is 1-minimal, and its golden trace still breaks the same invariant at the same step.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { catalogue } from "../../catalogue/catalogue.ts";
import { runScenario, runScenarioWith } from "../../conformance/check/scenario.ts";
import { isOneMinimal } from "../../conformance/check/minimize.ts";
import { runHistory } from "../../conformance/check/run.ts";
import { buildConfig } from "../../conformance/kits/config.ts";
import { findKit } from "../../conformance/kits/index.ts";
import { loadTrace } from "../../conformance/kits/load.ts";
import { GOLDEN_DIR } from "./golden.ts";

const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

describe.each(catalogue.filter((s) => s.expect !== null))("scenario $id ($expect)", (s) => findKit(s.protocol).use((kit) => {
  const config = kit.model.configFromFlat(buildConfig(kit.model, s.preset, s.set));

  it("is found from each of 20 seeds, with a 1-minimal counterexample", () => {
    for (const seed of SEEDS) {
      const run = runScenarioWith(kit, s, seed);
      expect(run.violation?.invariant, `seed ${seed}`).toBe(s.expect);
      expect(isOneMinimal(kit.model, config, run.events, s.invariants, s.expect!), `seed ${seed}`).toBe(true);
    }
  });

  it("its golden trace still breaks it at the recorded step", () => {
    loadTrace(join(GOLDEN_DIR, s.golden!)).use((golden, trace) => {
      expect(trace.protocol).toBe(s.protocol);
      expect(trace.violation?.invariant).toBe(s.expect);
      const model = golden.model;
      const v = runHistory(model, model.configFromFlat(buildConfig(model, s.preset, s.set)), trace.events, { invariants: s.invariants }).violation;
      expect(v).toEqual(trace.violation);
    });
  });
}));

describe("safe scenarios", () => {
  for (const s of catalogue.filter((x) => x.expect === null)) {
    it(`${s.id} finds nothing in ${s.runs} runs`, () => {
      const run = runScenario(s, 1);
      expect(run.violation).toBeNull();
      expect(run.runs).toBe(s.runs);
    });
  }
});
