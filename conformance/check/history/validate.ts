/**
 * Structural problems that would make the checkers' verdicts meaningless, one line each. The
 * checkers assume a history passes this: every completion answers its process's pending invoke
 * for the same call, reads return the shape their key holds, and every insert id and appended
 * element is used once per key (uniqueness is what lets a read attribute each value to one write).
 */
import type { History, Op, OpF } from "./types.ts";

export function validateHistory(h: History): string[] {
  const kinds = writeKinds(h);
  return [...pairing(h), ...mixedKeys(kinds), ...shapes(h, kinds), ...reusedValues(h)];
}

function pairing(h: History): string[] {
  const pending = new Map<number, number>();
  const out: string[] = [];
  h.forEach((op, i) => {
    const j = pending.get(op.process);
    if (op.type === "invoke") {
      if (j !== undefined) out.push(`op ${i}: process ${op.process} invokes again before its invoke at op ${j} completed`);
      pending.set(op.process, i);
      return;
    }
    pending.delete(op.process);
    if (j === undefined) out.push(`op ${i}: ${op.type} from process ${op.process} with no invoke pending`);
    else out.push(...mismatch(h[j]!, j, op, i));
  });
  return out;
}

function mismatch(inv: Op, j: number, end: Op, i: number): string[] {
  if (inv.f !== end.f || inv.key !== end.key) {
    return [`op ${i}: completes ${end.f} "${end.key}" but op ${j} invoked ${inv.f} "${inv.key}"`];
  }
  const echoed = end.value === null || end.value === inv.value;
  if (inv.f === "read" || echoed) return [];
  return [`op ${i}: ${end.f} completes with value ${String(end.value)} but op ${j} asked for ${String(inv.value)}`];
}

type WriteKinds = Map<string, Set<OpF>>;

function writeKinds(h: History): WriteKinds {
  const m: WriteKinds = new Map();
  for (const op of h) {
    if (op.type === "invoke" && op.f !== "read") m.set(op.key, (m.get(op.key) ?? new Set()).add(op.f));
  }
  return m;
}

const mixedKeys = (kinds: WriteKinds): string[] =>
  [...kinds].filter(([, fs]) => fs.size > 1).map(([key, fs]) => `key "${key}" is written by more than one kind of write: ${[...fs].join(", ")}`);

function shapes(h: History, kinds: WriteKinds): string[] {
  const out: string[] = [];
  h.forEach((op, i) => {
    const problem = op.f === "read" ? readShape(op, kinds.get(op.key)) : writeShape(op);
    if (problem !== null) out.push(`op ${i}: ${problem}`);
  });
  return out;
}

function writeShape(op: Op): string | null {
  if (op.type !== "invoke") return null;
  if (typeof op.value !== "number" || !Number.isInteger(op.value)) {
    return `${op.f} of "${op.key}" needs an integer value, got ${JSON.stringify(op.value)}`;
  }
  if (op.f === "increment" && op.value < 1) return `increment of "${op.key}" by ${op.value}: deltas are at least 1`;
  return null;
}

function readShape(op: Op, fs: Set<OpF> | undefined): string | null {
  if (op.type !== "ok") return null;
  const v = op.value;
  const isCount = typeof v === "number" && Number.isInteger(v) && v >= 0;
  const isList = Array.isArray(v) && v.every((x) => typeof x === "number" && Number.isInteger(x));
  const wanted = fs === undefined ? null : fs.has("increment") ? "count" : "list";
  const fits = wanted === "count" ? isCount : wanted === "list" ? isList : isCount || isList;
  if (fits) return null;
  return `read ok of "${op.key}" returned ${JSON.stringify(v)}, not ${wanted === null ? "a count or a list" : `a ${wanted}`}`;
}

function reusedValues(h: History): string[] {
  const firstUse = new Map<string, number>();
  const out: string[] = [];
  h.forEach((op, i) => {
    if (op.type !== "invoke" || (op.f !== "insert" && op.f !== "append")) return;
    const id = `${op.key}\u0000${String(op.value)}`;
    const j = firstUse.get(id);
    if (j === undefined) firstUse.set(id, i);
    else out.push(`op ${i}: ${op.f} of ${String(op.value)} to "${op.key}" reuses the value op ${j} already wrote`);
  });
  return out;
}
