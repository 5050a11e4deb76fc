/**
 * Properties: a correct single-node store produces histories no checker objects to, and losing one
 * acknowledged write from a final read is reported by ackedWritesLost as exactly that write.
 */
import { expect } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { ackedWritesLost, checkHistory, validateHistory, type History, type Op, type OpF } from "../../conformance/check/history/index.ts";

const keys = [
  { key: "t1", f: "insert" },
  { key: "t2", f: "insert" },
  { key: "l1", f: "append" },
  { key: "l2", f: "append" },
  { key: "c1", f: "increment" },
] as const;

/** One scheduling decision: process `process` either invokes a call or completes its pending one. */
const stepArb = fc.record({
  process: fc.nat(3),
  keyIndex: fc.nat(keys.length - 1),
  isRead: fc.boolean(),
  delta: fc.integer({ min: 1, max: 3 }),
  outcome: fc.constantFrom("ok", "ok", "fail", "info"),
  /** Whether an info write took effect: both must be fine. */
  landed: fc.boolean(),
});
type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

/** Replays the steps against one in-memory store that applies each write at most once, at its completion. */
function simulate(steps: readonly Step[], finalNodes: number): Op[] {
  const lists = new Map<string, number[]>();
  const counts = new Map<string, number>();
  const pending = new Map<number, { inv: Op; landed: boolean }>();
  const h: Op[] = [];
  let nextValue = 1;
  const push = (op: Omit<Op, "time">) => h.push({ ...op, time: h.length });
  const apply = (op: Op) => {
    if (op.f === "increment") counts.set(op.key, (counts.get(op.key) ?? 0) + (op.value as number));
    else lists.set(op.key, [...(lists.get(op.key) ?? []), op.value as number]);
  };
  const state = (key: string, f: OpF) => (f === "increment" ? (counts.get(key) ?? 0) : (lists.get(key) ?? []));
  const kindOf = (key: string) => keys.find((k) => k.key === key)!.f;
  for (const s of steps) {
    const call = pending.get(s.process);
    if (call === undefined) {
      const { key, f } = keys[s.keyIndex]!;
      const value = s.isRead ? null : f === "increment" ? s.delta : nextValue++;
      push({ process: s.process, type: "invoke", f: s.isRead ? "read" : f, key, value });
      pending.set(s.process, { inv: h.at(-1)!, landed: s.landed });
      continue;
    }
    pending.delete(s.process);
    const { inv, landed } = call;
    const applied = s.outcome === "ok" || (s.outcome === "info" && landed);
    if (inv.f === "read") push({ ...inv, type: s.outcome, value: s.outcome === "ok" ? state(inv.key, kindOf(inv.key)) : null });
    else {
      if (applied) apply(inv);
      push({ ...inv, type: s.outcome });
    }
  }
  // Calls still pending when the run stops may or may not have landed: leave them unanswered.
  for (const { inv, landed } of pending.values()) if (inv.f !== "read" && landed) apply(inv);
  let p = 100;
  for (const { key, f } of keys) {
    for (let n = 1; n <= finalNodes; n++) {
      push({ process: p, type: "invoke", f: "read", key, value: null });
      push({ process: p++, type: "ok", f: "read", key, value: state(key, f), node: `n${n}`, final: true });
    }
  }
  return h;
}

const historyArb = fc.tuple(fc.array(stepArb, { minLength: 20, maxLength: 100, size: "max" }), fc.integer({ min: 1, max: 3 })).map(([steps, n]) => simulate(steps, n));

test.prop([historyArb])("a correct store's history is valid and free of anomalies", (h) => {
  expect(validateHistory(h)).toEqual([]);
  expect(checkHistory(h)).toEqual([]);
});

/** Acked inserts and appends that appear in some final read, with that read's index. */
function lossCandidates(h: History): { write: number; read: number; value: number }[] {
  const out: { write: number; read: number; value: number }[] = [];
  h.forEach((op, i) => {
    if (op.type !== "ok" || (op.f !== "insert" && op.f !== "append")) return;
    h.forEach((r, j) => {
      if (r.final === true && r.type === "ok" && r.key === op.key) out.push({ write: i, read: j, value: op.value as number });
    });
  });
  return out;
}

test.prop([historyArb, fc.nat()])("dropping one acked write from a final read is reported as exactly that write", (h, pick) => {
  const candidates = lossCandidates(h);
  fc.pre(candidates.length > 0);
  const { write, read, value } = candidates[pick % candidates.length]!;
  const r = h[read]!;
  const lossy = h.map((op, i) => (i === read ? { ...r, value: (r.value as number[]).filter((v) => v !== value) } : op));
  const found = ackedWritesLost(lossy);
  expect(found).toHaveLength(1);
  expect(found[0]!.ops).toEqual([write, read]);
  expect(found[0]!.message).toContain(` ${value} to "${r.key}"`);
});
