/**
 * Tests the client-history checkers on the replication model's own runs: the catalogue's
 * counterexamples show the anomaly a client would see, and the lossless configuration shows none.
 */
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { replicationProtocol as P, type ReplEvent, type ReplOutput, type ReplState } from "../../model/replication/index.ts";
import { primaryOf } from "../../model/replication/state.ts";
import { checkHistory, validateHistory } from "../../conformance/check/history/index.ts";
import { replicationHistory } from "../../conformance/check/history/from-replication.ts";
import { buildConfig, protocols } from "../../conformance/protocols.ts";
import { readTrace } from "../../conformance/trace/file.ts";

/** Runs the events, then (as Jepsen does) reads the primary once the faults are over. */
function clientHistory(flat: Record<string, string | number | boolean>, events: readonly ReplEvent[]) {
  const config = P.configFromFlat(buildConfig(P, undefined, flat));
  let state: ReplState = P.init(config);
  const outputs: ReplOutput[][] = [];
  const times: number[] = [];
  const step = (e: ReplEvent): void => {
    const t = P.step(config, state, e);
    state = t.state;
    outputs.push([...t.outputs]);
    times.push(state.nowMs);
  };
  events.forEach(step);
  const finalFrom = outputs.length;
  const p = primaryOf(state);
  if (p !== null) step({ type: "ClientReadRequested", node: p });
  return replicationHistory(outputs, times, finalFrom);
}

const golden = (id: string) => readTrace(join(import.meta.dirname, "../catalogue/golden", `${id}.json`));

describe("checkers on the replication model's histories", () => {
  it.each([
    ["R2", "ackedWritesLost"],
    ["R3", "ackedWritesLost"],
    ["R9", "ackedWritesLost"],
    ["R1", "readThenLost"],
  ])("%s: a client sees %s", (id, checker) => {
    const trace = golden(id);
    const h = clientHistory(trace.config as Record<string, string | number | boolean>, trace.events as ReplEvent[]);
    expect(validateHistory(h)).toEqual([]);
    expect(checkHistory(h).map((a) => a.checker)).toContain(checker);
  });

  it("lossless-strict: no client ever sees an anomaly", () => {
    const entry = protocols["replication"]!;
    const flat = buildConfig(P, "lossless-strict", {});
    const config = P.configFromFlat(flat);
    for (const events of fc.sample(entry.histories(config, { maxSteps: 80 }), { seed: 9, numRuns: 2000 })) {
      const h = clientHistory(flat as Record<string, string | number | boolean>, events as ReplEvent[]);
      expect(validateHistory(h)).toEqual([]);
      expect(checkHistory(h)).toEqual([]);
    }
  });
});
