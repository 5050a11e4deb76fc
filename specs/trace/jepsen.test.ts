/**
 * Tests a trace's export as a Jepsen history: every golden catalogue trace, of every protocol,
 * gives a well-formed history with the model's true times; replication's is the one the checkers
 * already read; a conformance trace gives the real system's history from what it observed; and
 * the JSON is Jepsen's shape, one operation per line, time in nanoseconds.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ReplOutput } from "../../model/replication/index.ts";
import { replicationHistory } from "../../conformance/check/history/from-replication.ts";
import { validateHistory, type History } from "../../conformance/check/history/index.ts";
import { buildConfig, findProtocol } from "../../conformance/protocols.ts";
import { buildTrace } from "../../conformance/trace/build.ts";
import { readTrace } from "../../conformance/trace/file.ts";
import { historyOfTrace, jepsenJson } from "../../conformance/trace/jepsen.ts";
import { NS_PER_MS } from "../../model/lease/config.ts";
import type { Trace } from "../../conformance/trace/schema.ts";

const dir = join(import.meta.dirname, "../catalogue/golden");
const goldens = readdirSync(dir).filter((f) => f.endsWith(".json")).sort().map((f) => [f.replace(/\.json$/, ""), readTrace(join(dir, f))] as const);
const historyOf = (t: Trace, which?: "model" | "observed"): History => historyOfTrace(findProtocol(t.protocol).protocol, t, which);

/** The model's time after each step, replayed independently of the exporter. */
function modelTimes(t: Trace): number[] {
  const { protocol } = findProtocol(t.protocol);
  const config = protocol.configFromFlat(t.config);
  let state = protocol.init(config);
  return t.events.slice(0, t.outputs.length).map((e) => {
    state = protocol.step(config, state, e).state;
    return (state as { nowMs: number }).nowMs;
  });
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

  it.each(goldens)("%s: a valid history whose invokes are its completions plus the pending ones", (_, t) => {
    const h = historyOf(t);
    expect(validateHistory(h)).toEqual([]);
    const { invokes, completions, pending } = tally(h);
    expect(invokes).toBe(completions + pending);
    const times = new Set(modelTimes(t));
    for (const op of h) expect(times).toContain(op.time);
  });

  it("every golden trace has client operations but R12, which has only crashes and a failover", () => {
    const empty = goldens.filter(([, t]) => historyOf(t).length === 0).map(([id]) => id);
    expect(empty).toEqual(["R12"]);
  });

  it.each(goldens.filter(([, t]) => t.protocol === "replication"))("%s: the same history the replication checkers read", (_, t) => {
    expect(historyOf(t)).toEqual(replicationHistory(t.outputs as ReplOutput[][], modelTimes(t)));
  });

  it("E5: the second data write lands at 6500 ms of model time", () => {
    const t = goldens.find(([id]) => id === "E5")![1];
    expect(historyOf(t).map((op) => [op.type, op.time])).toEqual([["invoke", 0], ["ok", 1500], ["invoke", 1500], ["ok", 6500]]);
  });

  it("P6-stale: the session closed while its statement waits is an info", () => {
    const t = goldens.find(([id]) => id === "P6-stale")![1];
    expect(historyOf(t).map((op) => op.type)).toEqual(["invoke", "info"]);
  });
});

describe("generated runs as Jepsen histories", () => {
  it.each(["lease", "replication", "proxy", "cluster"])("%s: every run under every preset exports a valid, balanced history", (name) => {
    const entry = findProtocol(name);
    for (const preset of entry.protocol.presets) {
      const flat = buildConfig(entry.protocol, preset.name, {});
      const config = entry.protocol.configFromFlat(flat);
      for (const events of fc.sample(entry.histories(config, { maxSteps: 60 }), { seed: 3, numRuns: 40 })) {
        const h = historyOf(buildTrace({ entry, preset: preset.name, flatConfig: flat, invariants: [], seed: null, events }));
        expect(validateHistory(h)).toEqual([]);
        const { invokes, completions, pending } = tally(h);
        expect(invokes).toBe(completions + pending);
      }
    }
  });
});

describe("a conformance trace's observed history", () => {
  const r2 = goldens.find(([id]) => id === "R2")![1];
  /** As if the real server had told the client its commit failed. */
  const failing = (step: readonly unknown[]) => (step as ReplOutput[]).map((o) => (o.type === "CommitReplied" ? { ...o, outcome: "error" as const } : o));

  it("is built from what the system did, at the model's times", () => {
    const conformance: Trace = { ...r2, adapter: "fake", observed: r2.outputs.map(failing) };
    const model = historyOf(conformance, "model");
    const observed = historyOf(conformance, "observed");
    expect(observed.map((op) => op.type)).toEqual(model.map((op) => (op.type === "invoke" ? "invoke" : "fail")));
    expect(observed.map((op) => op.time)).toEqual(model.map((op) => op.time));
  });

  it("is refused for a trace that observed nothing", () => {
    expect(() => historyOf(r2, "observed")).toThrow(/no observed outputs/);
  });
});

describe("jepsenJson", () => {
  it("writes one operation per line in Jepsen's shape, times in nanoseconds, keyed values as [key, value]", () => {
    const h = historyOf(goldens.find(([id]) => id === "E5")![1]);
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
    const ops = JSON.parse(jepsenJson(historyOf(goldens.find(([id]) => id === "P6-stale")![1]))) as Record<string, unknown>[];
    expect(ops[1]).toMatchObject({ type: "info", f: "blind-update", value: ["blind-update", 1], process: 0 });
    expect(typeof ops[1]!["error"]).toBe("string");
  });

  it("writes an empty history as an empty array", () => {
    expect(jepsenJson([])).toBe("[]\n");
  });
});
