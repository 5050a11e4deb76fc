/**
 * divergedHistories: once the system has settled, every server must hold the same data. For each
 * key, the last `final` read from each named node is compared with every other node's: append
 * lists must be equal (neither a prefix of the other is a fork, split brain with two primaries
 * taking writes; a strict prefix is a replica that never caught up or was not rewound), insert id
 * sets must be equal, and counters must agree. Reads that name no node cannot be attributed to a
 * server and are skipped. The client ledger plays no part: an `info` write may be present or
 * absent, but it must be present or absent on all servers alike.
 */
import { byKey, calls, type Read, type WriteF } from "./calls.ts";
import type { Anomaly, History } from "./types.ts";

const checker = "divergedHistories";

export function divergedHistories(h: History): Anomaly[] {
  const { writes, reads } = calls(h);
  const kinds = new Map(writes.map((w) => [w.key, w.f] as const));
  const out: Anomaly[] = [];
  for (const [key, rs] of byKey(reads.filter((r) => r.final && r.node !== undefined))) {
    const perNode = [...lastPerNode(rs).values()];
    perNode.forEach((a, i) => {
      for (const b of perNode.slice(i + 1)) {
        const why = difference(kinds.get(key), a, b);
        if (why !== null) out.push({ checker, message: `"${key}" diverged: ${why}`, ops: [a.complete, b.complete] });
      }
    });
  }
  return out;
}

/** The most settled read of each node; a Map keeps a key where it was first set, so nodes stay in first-seen order. */
function lastPerNode(rs: readonly Read[]): Map<string, Read> {
  const m = new Map<string, Read>();
  for (const r of rs) m.set(r.node!, r);
  return m;
}

function difference(kind: WriteF | undefined, a: Read, b: Read): string | null {
  const [x, y] = [a.value, b.value];
  if (typeof x === "number" || typeof y === "number") return x === y ? null : `${a.node} has ${show(x)}, ${b.node} has ${show(y)}`;
  if (kind === "append") return listDifference(a, x, b, y);
  const onlyA = x.filter((v) => !y.includes(v));
  const onlyB = y.filter((v) => !x.includes(v));
  if (onlyA.length === 0 && onlyB.length === 0) return null;
  return `ids only on ${a.node}: ${show(onlyA)}, only on ${b.node}: ${show(onlyB)}`;
}

function listDifference(a: Read, x: readonly number[], b: Read, y: readonly number[]): string | null {
  if (x.length === y.length && isPrefix(x, y)) return null;
  const lists = `${a.node} has ${show(x)}, ${b.node} has ${show(y)}`;
  if (isPrefix(x, y)) return `${a.node} is behind: ${lists}`;
  if (isPrefix(y, x)) return `${b.node} is behind: ${lists}`;
  return `forked: ${lists}`;
}

const isPrefix = (p: readonly number[], l: readonly number[]): boolean => p.length <= l.length && p.every((v, i) => l[i] === v);
const show = (v: number | readonly number[]): string => (typeof v === "number" ? String(v) : `[${v.join(", ")}]`);
