/**
 * Tests a trace's export as a Jepsen history: every golden catalogue trace, of every protocol,
 * gives a well-formed history with the model's true times; replication's is the one the checkers
 * already read; a conformance trace gives the real system's history from what it observed; and
 * the JSON is Jepsen's shape, one operation per line, time in nanoseconds.
 */
import { readdirSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { steps } from "../../model/core/run.ts";
import type { ReplOutput } from "../../model/replication/index.ts";
import { replicationHistory } from "../../conformance/kits/replication/client-history.ts";
import { validateHistory, type History } from "../../conformance/check/history/index.ts";
import { buildConfig } from "../../conformance/kits/config.ts";
import { findKit, kits } from "../../conformance/kits/index.ts";
import type { Ev, ProtocolKit } from "../../conformance/kits/kit.ts";
import type { LoadedTrace } from "../../conformance/kits/load.ts";
import { buildTrace } from "../../conformance/trace/build.ts";
import { historyOfTrace, jepsenJson } from "../../conformance/trace/jepsen.ts";
import { NS_PER_MS } from "../../model/lease/config.ts";
import type { Trace } from "../../conformance/trace/schema.ts";
import { golden, GOLDEN_DIR, goldenOf } from "../catalogue/golden.ts";

const goldens = readdirSync(GOLDEN_DIR).filter((f) => f.endsWith(".json")).sort().map((f) => f.replace(/\.json$/, "")).map((id) => [id, golden(id)] as const);
const historyOf = (t: LoadedTrace, which?: "model" | "observed"): History => t.use((kit, trace) => historyOfTrace(kit, trace, which));

/** The model's time after each step, replayed independently of the exporter. */
function modelTimes<C, S, E extends Ev, O>(kit: ProtocolKit<C, S, E, O>, t: Trace<E, O>): number[] {
  return [...steps(kit.model, kit.model.configFromFlat(t.config), t.events.slice(0, t.outputs.length))].map((s) => s.nowMs);
}

/** Invokes, completions, and invokes still open at the end, by pairing per process. */
function tally(h: History): { invokes: number; completions: number; pending: number } {
  const open = new Set<number>();
  let [invokes, completions] = [0, 0];
  for (const op of h) {
    if (op.type === "invoke") {
      invokes++;
      open.add(op.process);
    } else {
      completions++;
      open.delete(op.process);
    }
  }
  return { invokes, completions, pending: open.size };
}

describe("golden catalogue traces as Jepsen histories", () => {
  it("covers every protocol", () => {
    expect(new Set(goldens.map(([, t]) => t.protocol))).toEqual(new Set(["lease", "replication", "proxy", "cluster"]));
  });

  it.each(goldens)("%s: a valid history whose invokes are its completions plus the pending ones", (_, loaded) => {
    loaded.use((kit, t) => {
      const h = historyOfTrace(kit, t);
      expect(validateHistory(h)).toEqual([]);
      const { invokes, completions, pending } = tally(h);
      expect(invokes).toBe(completions + pending);
      const times = new Set(modelTimes(kit, t));
      for (const op of h) expect(times).toContain(op.time);
    });
  });

  it("every golden trace has client operations but R12, which has only crashes and a failover", () => {
    const empty = goldens.filter(([, t]) => historyOf(t).length === 0).map(([id]) => id);
    expect(empty).toEqual(["R12"]);
  });

  it.each(goldens.filter(([, t]) => t.protocol === "replication"))("%s: the same history the replication checkers read", (id) => {
    const t = goldenOf(kits.replication, id);
    expect(historyOfTrace(kits.replication, t)).toEqual(replicationHistory(t.outputs, modelTimes(kits.replication, t)));
  });

  it("E5: the second data write lands at 6500 ms of model time", () => {
    const t = golden("E5");
    expect(historyOf(t).map((op) => [op.type, op.time])).toEqual([["invoke", 0], ["ok", 1500], ["invoke", 1500], ["ok", 6500]]);
  });

  it("P6-stale: the session closed while its statement waits is an info", () => {
    const t = golden("P6-stale");
    expect(historyOf(t).map((op) => op.type)).toEqual(["invoke", "info"]);
  });
});

describe("generated runs as Jepsen histories", () => {
  it.each(["lease", "replication", "proxy", "cluster"])("%s: every run under every preset exports a valid, balanced history", (name) => {
    findKit(name).use((kit) => {
      for (const preset of kit.model.presets) {
        const flat = buildConfig(kit.model, preset.name, {});
        const config = kit.model.configFromFlat(flat);
        for (const events of fc.sample(kit.histories(config, { maxSteps: 60 }), { seed: 3, numRuns: 40 })) {
          const h = historyOfTrace(kit, buildTrace({ kit, preset: preset.name, flatConfig: flat, invariants: [], seed: null, events }));
          expect(validateHistory(h)).toEqual([]);
          const { invokes, completions, pending } = tally(h);
          expect(invokes).toBe(completions + pending);
        }
      }
    });
  });
});

describe("a conformance trace's observed history", () => {
  const r2 = goldenOf(kits.replication, "R2");
  /** As if the real server had told the client its commit failed. */
  const failing = (step: readonly ReplOutput[]): ReplOutput[] => step.map((o) => (o.type === "CommitReplied" ? { ...o, outcome: "error" as const } : o));

  it("is built from what the system did, at the model's times", () => {
    const conformance = { ...r2, adapter: "fake", observed: r2.outputs.map(failing) };
    const model = historyOfTrace(kits.replication, conformance, "model");
    const observed = historyOfTrace(kits.replication, conformance, "observed");
    expect(observed.map((op) => op.type)).toEqual(model.map((op) => (op.type === "invoke" ? "invoke" : "fail")));
    expect(observed.map((op) => op.time)).toEqual(model.map((op) => op.time));
  });

  it("is refused for a trace that observed nothing", () => {
    expect(() => historyOfTrace(kits.replication, r2, "observed")).toThrow(/no observed outputs/);
  });
});

describe("jepsenJson", () => {
  it("writes one operation per line in Jepsen's shape, times in nanoseconds, keyed values as [key, value]", () => {
    const h = historyOf(golden("E5"));
    const text = jepsenJson(h);
    const lines = text.trimEnd().split("\n");
    expect(lines.length).toBe(h.length + 2);
    expect(lines[0]).toBe("[");
    expect(lines.at(-1)).toBe("]");
    const ops = JSON.parse(text) as Record<string, unknown>[];
    expect(ops[1]).toEqual({ index: 1, type: "ok", f: "write", value: ["data", 1], process: 0, time: 1500 * NS_PER_MS, node: "n1" });
    expect(ops.map((o) => o["index"])).toEqual([0, 1, 2, 3]);
  });

  it("carries why an operation failed as Jepsen's error", () => {
    const ops = JSON.parse(jepsenJson(historyOf(golden("P6-stale")))) as Record<string, unknown>[];
    expect(ops[1]).toMatchObject({ type: "info", f: "blind-update", value: ["blind-update", 1], process: 0 });
    expect(typeof ops[1]!["error"]).toBe("string");
  });

  it("writes an empty history as an empty array", () => {
    expect(jepsenJson([])).toBe("[]\n");
  });
});
