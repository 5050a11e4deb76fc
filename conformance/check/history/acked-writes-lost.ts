/**
 * ackedWritesLost: the client ledger's two certain entries, held against what survived. A write
 * the client was told is `ok` must be in every `final` read of its key that began after it
 * completed (an insert's id in the id set, an append's element in the list; for a counter, the
 * final count must be at least the sum of ok deltas) — this is NoAckedLoss seen from outside. A
 * write told `fail` must appear in no read at all ("failed write visible"), since `fail` promises
 * it never happened. An `info` write is the honest "unknown" of a timeout or dropped connection:
 * the server may or may not have applied it, so either outcome is allowed and it is never
 * reported here. Counter increments that failed yet landed cannot be told apart from doubled
 * ones, so duplicatedEffects reports those.
 */
import { at, byKey, calls, elements, on, type Read, type Write } from "./calls.ts";
import type { Anomaly, History } from "./types.ts";

const checker = "ackedWritesLost";

export function ackedWritesLost(h: History): Anomaly[] {
  const { writes, reads } = calls(h);
  const readsByKey = byKey(reads);
  const out: Anomaly[] = [];
  for (const [key, ws] of byKey(writes)) {
    const rs = readsByKey.get(key) ?? [];
    if (ws[0]!.f === "increment") out.push(...lostIncrements(ws, rs));
    else out.push(...lostElements(ws, rs), ...visibleFailures(ws, rs));
  }
  return out;
}

function lostElements(ws: readonly Write[], rs: readonly Read[]): Anomaly[] {
  const out: Anomaly[] = [];
  for (const r of rs.filter((r) => r.final)) {
    const seen = new Set(elements(r));
    for (const w of ws) {
      if (w.outcome !== "ok" || at(w) > r.invoke || seen.has(w.value)) continue;
      const message = `acked ${w.f} ${w.value} to "${w.key}" is missing from the final read${on(r)}`;
      out.push({ checker, message, ops: [at(w), r.complete] });
    }
  }
  return out;
}

function visibleFailures(ws: readonly Write[], rs: readonly Read[]): Anomaly[] {
  const out: Anomaly[] = [];
  for (const w of ws.filter((w) => w.outcome === "fail")) {
    for (const r of rs.filter((r) => elements(r).includes(w.value))) {
      const message = `failed write visible: ${w.f} ${w.value} to "${w.key}" was told fail but a read${on(r)} returned it`;
      out.push({ checker, message, ops: [at(w), r.complete] });
    }
  }
  return out;
}

function lostIncrements(ws: readonly Write[], rs: readonly Read[]): Anomaly[] {
  const out: Anomaly[] = [];
  for (const r of rs) {
    const acked = ws.filter((w) => w.outcome === "ok" && at(w) < r.invoke);
    const sum = acked.reduce((s, w) => s + w.value, 0);
    if (!r.final || typeof r.value !== "number" || r.value >= sum) continue;
    const message = `counter "${r.key}" reads ${r.value} in the final read${on(r)} but acked increments sum to ${sum}`;
    out.push({ checker, message, ops: [...acked.map(at).sort((a, b) => a - b), r.complete] });
  }
  return out;
}
