/**
 * Tests the scenario catalogue: each unsafe scenario is found from 20 different seeds, its shrunk
 * trace is 1-minimal, and its golden trace still breaks the same invariant at the same step.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { catalogue } from "./catalogue.ts";
import { runScenario } from "../../conformance/check/scenario.ts";
import { isOneMinimal } from "../../conformance/check/minimize.ts";
import { runHistory } from "../../conformance/check/run.ts";
import { buildConfig, findProtocol } from "../../conformance/protocols.ts";
import { readTrace } from "../../conformance/trace/file.ts";

const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

describe.each(catalogue.filter((s) => s.expect !== null))("scenario $id ($expect)", (s) => {
  const entry = findProtocol(s.protocol);
  const config = entry.protocol.configFromFlat(buildConfig(entry.protocol, s.preset, s.set));

  it("is found from each of 20 seeds, with a 1-minimal counterexample", () => {
    for (const seed of SEEDS) {
      const run = runScenario(s, seed);
      expect(run.violation?.invariant, `seed ${seed}`).toBe(s.expect);
      expect(isOneMinimal(entry.protocol, config, run.events, s.invariants, s.expect!), `seed ${seed}`).toBe(true);
    }
  });

  it("its golden trace still breaks it at the recorded step", () => {
    const trace = readTrace(join(import.meta.dirname, "golden", s.golden!));
    expect(trace.violation?.invariant).toBe(s.expect);
    const v = runHistory(entry.protocol, config, trace.events, { invariants: s.invariants }).violation;
    expect(v).toEqual(trace.violation);
  });
});

describe("safe scenarios", () => {
  for (const s of catalogue.filter((x) => x.expect === null)) {
    it(`${s.id} finds nothing in ${s.runs} runs`, () => {
      const run = runScenario(s, 1);
      expect(run.violation).toBeNull();
      expect(run.runs).toBe(s.runs);
    });
  }
});
