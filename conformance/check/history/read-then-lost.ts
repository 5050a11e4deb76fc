/**
 * readThenLost: a value some client already read must survive. An id or list element returned by
 * an `ok` non-final read must be in every `final` read of that key that began after the earlier
 * read returned, and a counter may not settle below a count already read (increments only add).
 * This is the phantom read of failover: PostgreSQL or MariaDB shows a commit that the promoted
 * replica never had, so clients acted on data that then vanished. The ledger does not matter
 * here: whether the write was `ok`, `info` or even `fail`, once it was read it was visible, and
 * visibility is what must not be taken back. One anomaly per lost value and final read, naming
 * the first read that saw it.
 */
import { byKey, calls, elements, on, type Read } from "./calls.ts";
import type { Anomaly, History } from "./types.ts";

const checker = "readThenLost";

export function readThenLost(h: History): Anomaly[] {
  const out: Anomaly[] = [];
  for (const rs of byKey(calls(h).reads).values()) {
    for (const f of rs.filter((r) => r.final)) {
      const earlier = rs.filter((r) => !r.final && r.complete < f.invoke);
      out.push(...(typeof f.value === "number" ? counterWentBack(earlier, f) : elementsLost(earlier, f)));
    }
  }
  return out;
}

function elementsLost(earlier: readonly Read[], f: Read): Anomaly[] {
  const survived = new Set(elements(f));
  const firstSeen = new Map<number, Read>();
  for (const r of earlier) for (const v of elements(r)) if (!firstSeen.has(v)) firstSeen.set(v, r);
  const out: Anomaly[] = [];
  for (const [v, r] of firstSeen) {
    if (survived.has(v)) continue;
    const message = `${v} in "${f.key}" was read${on(r)} and is missing from the final read${on(f)}`;
    out.push({ checker, message, ops: [r.complete, f.complete] });
  }
  return out;
}

function counterWentBack(earlier: readonly Read[], f: Read): Anomaly[] {
  const highest = earlier.reduce<Read | null>((best, r) => (typeof r.value === "number" && r.value > count(best) ? r : best), null);
  if (highest === null || count(highest) <= count(f)) return [];
  const message = `counter "${f.key}" was read as ${count(highest)}${on(highest)} but settled at ${count(f)}${on(f)}`;
  return [{ checker, message, ops: [highest.complete, f.complete] }];
}

const count = (r: Read | null): number => (r === null || typeof r.value !== "number" ? -Infinity : r.value);
