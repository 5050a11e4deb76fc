/**
 * Tests that a trace exported as ITF says exactly what the model did, in the encoding Quint
 * writes and reads: values survive the trip there and back, malformed documents are refused with
 * the path of the fault, and Quint's own traces and Quint's own reader agree with ours.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import type { LeaseEvent } from "../../model/lease/index.ts";
import { runHistory } from "../../conformance/check/run.ts";
import { kits } from "../../conformance/kits/index.ts";
import type { Ev, ProtocolKit } from "../../conformance/kits/kit.ts";
import { loadTrace, type LoadedTrace } from "../../conformance/kits/load.ts";
import { fromItfValue, itfToStates, toItfValue, traceToItf, tuple, Tuple } from "../../conformance/trace/itf.ts";
import { validateItf } from "../../conformance/trace/itf-schema.ts";
import type { Trace } from "../../conformance/trace/schema.ts";
import { GOLDEN_DIR as GOLDEN, goldenOf } from "../catalogue/golden.ts";

const goldens = readdirSync(GOLDEN).filter((f) => f.endsWith(".json")).sort();
const golden = (name: string): LoadedTrace => loadTrace(join(GOLDEN, name));
const exported = (t: LoadedTrace, source?: string) => t.use((kit, trace) => traceToItf(kit.model, trace, source));

/** The model's states, replayed independently of the exporter: the initial one, then one per step. */
function replayedStates<C, S, E extends Ev, O>(kit: ProtocolKit<C, S, E, O>, t: Trace<E, O>): unknown[] {
  const protocol = kit.model;
  const config = protocol.configFromFlat(t.config);
  const states: unknown[] = [protocol.init(config)];
  runHistory(protocol, config, t.events, { invariants: t.invariants ?? undefined, onState: (s) => states.push(s) });
  return states;
}

const big = (digits: string) => ({ "#bigint": digits });
const NONE = { tag: "None", value: { "#tup": [] } };

describe("ITF values", () => {
  it("writes every integer as #bigint, beyond 2^53 too, and reads each back as it was", () => {
    const huge = 2n ** 70n + 1n;
    expect(toItfValue(huge)).toEqual(big("1180591620717411303425"));
    expect(fromItfValue(toItfValue(huge))).toBe(huge);
    expect(fromItfValue(toItfValue(-huge))).toBe(-huge);
    expect(toItfValue(-42)).toEqual(big("-42"));
    expect(fromItfValue(big("-42"))).toBe(-42);
    expect(toItfValue(0)).toEqual(big("0"));
    // An integer-valued number past 2^53 is written in full and comes back exact, as a bigint.
    expect(toItfValue(1e21)).toEqual(big("1000000000000000000000"));
    expect(fromItfValue(toItfValue(2 ** 53))).toBe(2n ** 53n);
    expect(fromItfValue(big(String(Number.MAX_SAFE_INTEGER)))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("reads a plain JSON integer, which ADR-015 allows in the safe range", () => {
    expect(fromItfValue(7)).toBe(7);
    expect(() => fromItfValue(1.5)).toThrow(/\(top level\): 1\.5 is not an integer/);
  });

  it("writes maps, even keyed by records, sets and tuples in their # forms", () => {
    const m = new Map<unknown, unknown>([[{ node: 1, epoch: 2 }, "a"], [{ node: 0, epoch: 2 }, new Set(["b"])]]);
    expect(toItfValue(m)).toEqual({ "#map": [[{ node: big("1"), epoch: big("2") }, "a"], [{ node: big("0"), epoch: big("2") }, { "#set": ["b"] }]] });
    expect(fromItfValue(toItfValue(m))).toEqual(m);
    expect(toItfValue(new Set([1, -2]))).toEqual({ "#set": [big("1"), big("-2")] });
    expect(toItfValue(tuple(1, "x", true))).toEqual({ "#tup": [big("1"), "x", true] });
    const back = fromItfValue({ "#tup": [big("1"), "x"] });
    expect(back).toBeInstanceOf(Tuple);
    expect(back).toEqual(tuple(1, "x"));
  });

  it("writes nested records and lists as JSON objects and arrays", () => {
    const v = { nodes: [{ up: true, role: "leader", epoch: 3 }], block: { holder: -1 } };
    expect(toItfValue(v)).toEqual({ nodes: [{ up: true, role: "leader", epoch: big("3") }], block: { holder: big("-1") } });
    expect(fromItfValue(toItfValue(v))).toEqual(v);
  });

  it("writes null as Quint's None and reads None back as null; other variants stay records", () => {
    expect(toItfValue(null)).toEqual(NONE);
    expect(toItfValue({ pausedUntilMs: null })).toEqual({ pausedUntilMs: NONE });
    expect(fromItfValue(NONE)).toBeNull();
    expect(toItfValue(tuple())).toEqual({ "#tup": [] });
    expect(fromItfValue({ tag: "Some", value: big("3") })).toEqual({ tag: "Some", value: 3 });
    expect(fromItfValue({ tag: "Leader", value: { "#tup": [] } })).toEqual({ tag: "Leader", value: tuple() });
  });

  it("refuses what ITF cannot say exactly, naming where it is", () => {
    expect(() => toItfValue({ a: { b: [1, 1.5] } })).toThrow(/^a\.b\[1\]: 1\.5 is not an integer, and ITF has integers only$/);
    expect(() => toItfValue(Number.NaN)).toThrow(/\(top level\): NaN is not an integer/);
    expect(() => toItfValue(Number.POSITIVE_INFINITY)).toThrow(/Infinity is not an integer/);
    expect(() => toItfValue({ a: undefined })).toThrow(/^a: undefined has no ITF encoding$/);
    expect(() => toItfValue([new Date(0)])).toThrow(/^\[0\]: an instance of Date has no ITF encoding$/);
    expect(() => toItfValue({ "#set": [] })).toThrow(/^#set: a record field must not start with "#"$/);
  });

  it("refuses to read what is not an ITF value", () => {
    expect(() => fromItfValue({ x: { "#bigint": "1e3" } })).toThrow(/^x\.#bigint: expected a string of digits$/);
    expect(() => fromItfValue({ "#map": [[1]] })).toThrow(/^#map\[0\]: expected a \[key, value\] pair$/);
    expect(() => fromItfValue([null])).toThrow(/^\[0\]: null is not an ITF value$/);
  });
});

describe("ITF documents: the schema", () => {
  const doc = (states: unknown[], vars: string[] = ["x"]) => ({ vars, states });

  it("accepts every exported golden trace", () => {
    for (const name of goldens) expect({ name, ...validateItf(exported(golden(name))) }).toEqual({ name, ok: true });
  });

  it.each([
    ["no states", { vars: ["x"] }, /^states: Missing key$/],
    ["no vars", { states: [] }, /^vars: Missing key$/],
    ["not an object", "trace", /^\(top level\): Expected object/],
    ["a #bigint that is not digits", doc([{ "#meta": {}, x: { "#bigint": "12a" } }]), /^states\[0\]\.x\.#bigint: Expected a string matching/],
    ["a #bigint that is a number", doc([{ "#meta": {}, x: { "#bigint": 12 } }]), /^states\[0\]\.x\.#bigint: Expected string/],
    ["a state without #meta", doc([{ x: true }]), /^states\[0\]\.#meta: Missing key$/],
    ["a state without a variable", doc([{ "#meta": {}, x: true }, { "#meta": {} }]), /^states\[1\]: no value for the variable "x"$/],
    ["a fraction", doc([{ "#meta": {}, x: [true, 1.5] }]), /^states\[0\]\.x\[1\]: Expected an integer$/],
    ["a null", doc([{ "#meta": {}, x: { y: null } }]), /^states\[0\]\.x\.y: Expected boolean \| string \| number \| array \| object$/],
    ["a set of fractions", doc([{ "#meta": {}, x: { "#set": [0.5] } }]), /^states\[0\]\.x\.#set\[0\]: Expected an integer$/],
    ["a map entry that is not a pair", doc([{ "#meta": {}, x: { "#map": [["k"]] } }]), /^states\[0\]\.x\.#map\[0\]\[1\]: Missing key$/],
    ["a form with another key", doc([{ "#meta": {}, x: { "#set": [], y: true } }]), /^states\[0\]\.x: a #set value has no other key/],
    ["an unknown form", doc([{ "#meta": {}, x: { "#list": [] } }]), /^states\[0\]\.x\.#list: unknown form/],
    ["a negative loop", { ...doc([]), loop: -1 }, /^loop: Expected a value greater than or equal to 0$/],
  ])("refuses %s, naming the path", (_, json, message) => {
    const r = validateItf(json);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });

  it("refuses a value nested too deep before walking it", () => {
    let deep: unknown = true;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const r = validateItf(doc([{ "#meta": {}, x: deep }]));
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/^states\[0\]\.x(\[0\])+: nested deeper than 64 levels$/) });
  });
});

describe("traces exported as ITF", () => {
  it.each(goldens)("%s: reading the export back gives the model's states and the events", (name) => {
    golden(name).use((kit, t) => {
      const doc = traceToItf(kit.model, t);
      const json = JSON.parse(JSON.stringify(doc));
      expect(json).toEqual(doc);
      const back = itfToStates(json);
      expect(back.states).toEqual(replayedStates(kit, t));
      expect(back.events).toEqual(t.events.slice(0, back.states.length - 1));
    });
  });

  it("covers every protocol", () => {
    expect(new Set(goldens.map((n) => golden(n).protocol))).toEqual(new Set(["lease", "replication", "proxy", "cluster"]));
  });

  const lease = kits.lease.model;
  const e2 = goldenOf(kits.lease, "E2");
  const later = Array.from({ length: 5 }, (): LeaseEvent => ({ type: "TimeAdvanced", maxMs: 100 }));
  const exportedE2 = (t: typeof e2, source?: string) => traceToItf(lease, t, source);

  it("has the model's variables, the action taken, the event and the outputs in every state", () => {
    const doc = exportedE2(e2);
    const init = lease.init(lease.configFromFlat(e2.config));
    expect(doc.vars).toEqual([...Object.keys(init), "mbt::actionTaken", "haspec::event", "haspec::outputs"]);
    expect(doc.states[0]).toMatchObject({ "#meta": { index: 0 }, "mbt::actionTaken": "init", "haspec::event": NONE, "haspec::outputs": [] });
    expect(doc.states[1]).toMatchObject({ "#meta": { index: 1 }, "mbt::actionTaken": "LeaderWriteRequested", "haspec::event": toItfValue(e2.events[0]) });
    const run = runHistory(lease, lease.configFromFlat(e2.config), e2.events, { recordOutputs: true });
    expect(doc.states.slice(1).map((s) => fromItfValue(s["haspec::outputs"]))).toEqual(run.outputs);
  });

  it("stops at the violating step, as `haspec show` does", () => {
    const doc = exportedE2({ ...e2, events: [...e2.events, ...later] }, "E2.json");
    expect(doc.states).toHaveLength(e2.violation!.step + 2);
    expect(doc["#meta"]).toEqual({
      format: "ITF", "format-description": "https://apalache-mc.org/docs/adr/015adr-trace.html", source: "E2.json", status: "violation",
      description: expect.stringContaining("lease trace"), protocol: "lease", preset: "etcd-lock-no-fencing", seed: 1, config: e2.config,
      violation: { ...e2.violation, state: e2.violation!.step + 1 },
    });
  });

  it("has every event when nothing was violated, and no source unless given", () => {
    const doc = exportedE2({ ...e2, events: [...e2.events, ...later], violation: null });
    expect(doc.states).toHaveLength(e2.events.length + later.length + 1);
    expect(doc["#meta"]).toMatchObject({ status: "ok", violation: null });
    expect(doc["#meta"]).not.toHaveProperty("source");
  });

  it("refuses to import a document that is not ITF, naming the path", () => {
    expect(() => itfToStates({ vars: [], states: [{}] })).toThrow(/^states\[0\]\.#meta: Missing key$/);
  });
});

describe("ITF values: there and back", () => {
  const safeInt = fc.maxSafeInteger();
  const hugeInt = fc.bigInt({ min: 2n ** 53n, max: 2n ** 128n }).chain((n) => fc.constantFrom(n, -n));
  // A record { tag: "None", value: () } is Quint's None itself, so "tag" is left out of field names.
  const fieldName = fc.string({ maxLength: 6 }).filter((k) => !k.startsWith("#") && k !== "tag");
  const { value } = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.oneof(safeInt, hugeInt, fc.string(), fc.boolean(), fc.constant(null)),
      fc.array(tie("value"), { maxLength: 4 }),
      fc.dictionary(fieldName, tie("value"), { maxKeys: 4, noNullPrototype: true }),
      fc.array(fc.tuple(tie("value"), tie("value")), { maxLength: 3 }).map((es) => new Map(es)),
      fc.array(tie("value"), { maxLength: 3 }).map((xs) => new Set(xs)),
      fc.array(tie("value"), { maxLength: 3 }).map((xs) => tuple(...xs)),
    ),
  }));

  test.prop([value], { numRuns: 500, seed: 7 })("fromItfValue(toItfValue(v)) is v, and the encoding is valid ITF JSON", (v) => {
    const encoded = toItfValue(v);
    expect(fromItfValue(encoded)).toEqual(v);
    const json = JSON.parse(JSON.stringify(encoded));
    expect(fromItfValue(json)).toEqual(v);
    expect(validateItf({ vars: ["v"], states: [{ "#meta": { index: 0 }, v: json }] })).toEqual({ ok: true });
  });
});

describe("ITF: agreement with Quint", () => {
  const QUINT = resolve(import.meta.dirname, "../../node_modules/.bin/quint");
  const SPEC = resolve(import.meta.dirname, "../../bench/peers/quint/lease.qnt");

  it("reads a trace Quint itself wrote (quint run --out-itf on bench/peers/quint/lease.qnt)", () => {
    const file = join(mkdtempSync(join(tmpdir(), "haspec-itf-")), "lease.itf.json");
    const args = ["run", SPEC, "--main=vds_fenced", "--backend=typescript", "--max-samples=1", "--max-steps=5", "--seed=1", "--mbt", `--out-itf=${file}`];
    const r = spawnSync(QUINT, args, { encoding: "utf8", timeout: 60_000 });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const json = JSON.parse(readFileSync(file, "utf8"));
    expect(validateItf(json)).toEqual({ ok: true });
    expect(json.states).toHaveLength(6);
    const states = json.states.map((s: Record<string, unknown>) => Object.fromEntries(json.vars.map((v: string) => [v, fromItfValue(s[v])])));
    expect(states[0]).toMatchObject({
      "mbt::actionTaken": "init",
      "mbt::nondetPicks": { i: null, ms: null, pick: null, r: null },
      "vds_fenced::lease::s": { now: 0, block: { holder: 0, epoch: 1, seq: 0 } },
    });
    expect(states[0]["vds_fenced::lease::s"].nodes[0].role).toEqual({ tag: "Leader", value: tuple() });
    expect(states[1]["mbt::nondetPicks"].i).toEqual({ tag: "Some", value: expect.any(Number) });
    const imported = itfToStates(json);
    expect(Object.keys(imported.states[0]!)).toEqual(["vds_fenced::lease::s"]);
    expect(imported.events).toEqual([]);
  }, 60_000);

  it("writes what Quint's own reader reads, and Quint writes it back the same", () => {
    // Quint's ITF module (CommonJS): ofItf reads a document into Quint expressions, toItf writes them.
    const quintItf = createRequire(import.meta.url)("@informalsystems/quint/dist/src/itf.js") as {
      ofItf: (doc: unknown) => unknown[];
      toItf: (vars: readonly string[], states: unknown[]) => { isRight: () => boolean; value: unknown };
    };
    for (const name of ["E2.json", "R2.json", "P1.json", "C1.json"]) {
      const doc = JSON.parse(JSON.stringify(exported(golden(name))));
      const rewritten = quintItf.toItf(doc.vars, quintItf.ofItf(doc));
      expect(rewritten.isRight()).toBe(true);
      expect(rewritten.value).toEqual({ vars: doc.vars, states: doc.states });
    }
  });
});
