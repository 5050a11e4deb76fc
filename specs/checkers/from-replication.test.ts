/**
 * Tests the client-history checkers on the replication model's own runs: the catalogue's
 * counterexamples show the anomaly a client would see, and the lossless configuration shows none.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { replicationProtocol as P, type ReplEvent, type ReplOutput, type ReplState } from "../../model/replication/index.ts";
import { primaryOf } from "../../model/replication/state.ts";
import { steps } from "../../model/core/run.ts";
import { checkHistory, validateHistory } from "../../conformance/check/history/index.ts";
import { replicationHistory } from "../../conformance/kits/replication/client-history.ts";
import { buildConfig } from "../../conformance/kits/config.ts";
import { kits } from "../../conformance/kits/index.ts";
import type { FlatConfig } from "../../model/core/knobs.ts";
import { goldenOf } from "../catalogue/golden.ts";

/** Runs the events, then (as Jepsen does) reads the primary once the faults are over. */
function clientHistory(flat: FlatConfig, events: readonly ReplEvent[]) {
  const config = P.configFromFlat(buildConfig(P, undefined, flat));
  let state: ReplState = P.init(config);
  const outputs: ReplOutput[][] = [];
  const times: number[] = [];
  const run = (history: readonly ReplEvent[]): void => {
    for (const s of steps(P, config, history, state)) {
      state = s.after;
      outputs.push([...s.outputs]);
      times.push(state.nowMs);
    }
  };
  run(events);
  const finalFrom = outputs.length;
  const p = primaryOf(state);
  if (p !== null) run([{ type: "ClientReadRequested", node: p }]);
  return replicationHistory(outputs, times, finalFrom);
}

const golden = (id: string) => goldenOf(kits.replication, id);

describe("checkers on the replication model's histories", () => {
  it.each([
    ["R2", "ackedWritesLost"],
    ["R3", "ackedWritesLost"],
    ["R9", "ackedWritesLost"],
    ["R1", "readThenLost"],
  ])("%s: a client sees %s", (id, checker) => {
    const trace = golden(id);
    const h = clientHistory(trace.config, trace.events);
    expect(validateHistory(h)).toEqual([]);
    expect(checkHistory(h).map((a) => a.checker)).toContain(checker);
  });

  it("lossless-strict: no client ever sees an anomaly", () => {
    const flat = buildConfig(P, "lossless-strict", {});
    const config = P.configFromFlat(flat);
    for (const events of fc.sample(kits.replication.histories(config, { maxSteps: 80 }), { seed: 9, numRuns: 2000 })) {
      const h = clientHistory(flat, events);
      expect(validateHistory(h)).toEqual([]);
      expect(checkHistory(h)).toEqual([]);
    }
  });
});
