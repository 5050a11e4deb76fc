/**
 * duplicatedEffects: a write that took effect twice. Insert ids and appended elements are unique
 * per key, so one read returning the same one twice means a retried or replayed write (a proxy
 * replaying a commit it had already executed, a binlog event applied twice) landed again. A
 * counter read may not exceed the deltas of every increment invoked before the read returned,
 * counting `ok` and `info` ones: `info` is allowed either way, so it raises the ceiling without
 * being required, and only `fail` increments are left out — one that landed anyway is reported
 * here too, since from the outside it is indistinguishable from a doubled one.
 */
import { at, byKey, calls, elements, on, type Read, type Write } from "./calls.ts";
import type { Anomaly, History } from "./types.ts";

const checker = "duplicatedEffects";

export function duplicatedEffects(h: History): Anomaly[] {
  const { writes, reads } = calls(h);
  const writesByKey = byKey(writes);
  const out: Anomaly[] = [];
  for (const r of reads) {
    const ws = writesByKey.get(r.key) ?? [];
    out.push(...(typeof r.value === "number" ? counterTooHigh(ws, r, r.value) : repeated(ws, r)));
  }
  return out;
}

function repeated(ws: readonly Write[], r: Read): Anomaly[] {
  const counts = new Map<number, number>();
  for (const v of elements(r)) counts.set(v, (counts.get(v) ?? 0) + 1);
  const out: Anomaly[] = [];
  for (const [v, n] of counts) {
    if (n < 2) continue;
    const sources = ws.filter((w) => w.value === v).map(at);
    const message = `${v} appears ${n} times in one read of "${r.key}"${on(r)}`;
    out.push({ checker, message, ops: [...sources, r.complete].sort((a, b) => a - b) });
  }
  return out;
}

function counterTooHigh(ws: readonly Write[], r: Read, value: number): Anomaly[] {
  const before = ws.filter((w) => w.invoke < r.complete);
  const ceiling = before.reduce((s, w) => s + (w.outcome === "fail" ? 0 : w.value), 0);
  if (value <= ceiling) return [];
  // Failed increments are named as suspects: one of them may have landed after all.
  const suspects = before.filter((w) => w.outcome === "fail").map(at);
  const message = `counter "${r.key}" reads ${value}${on(r)} but ok and unknown increments sum to ${ceiling}`;
  return [{ checker, message, ops: [...suspects, r.complete].sort((a, b) => a - b) }];
}
