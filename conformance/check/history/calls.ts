/**
 * Pairs each invoke with its completion so checkers can reason about whole calls. A checker
 * refers to a call by the index of its completion (the entry that carries the outcome the
 * client was told), or by its invoke when the client never heard back.
 */
import type { History, Op, OpF } from "./types.ts";

export type WriteF = Exclude<OpF, "read">;
export type Outcome = "ok" | "fail" | "info";

export interface Write {
  readonly f: WriteF;
  readonly key: string;
  /** The id, element or delta, taken from the invoke: that is what the client asked for. */
  readonly value: number;
  readonly outcome: Outcome;
  readonly invoke: number;
  readonly complete: number | null;
}

/** Only reads that returned a value: a failed or unknown read tells us nothing about the data. */
export interface Read {
  readonly key: string;
  readonly value: readonly number[] | number;
  readonly final: boolean;
  readonly node: string | undefined;
  readonly invoke: number;
  readonly complete: number;
}

export interface Calls {
  readonly writes: readonly Write[];
  readonly reads: readonly Read[];
}

/** Index that stands for a call in an anomaly. */
export const at = (c: { readonly invoke: number; readonly complete: number | null }): number => c.complete ?? c.invoke;

/** Splits a (valid) history into calls in invoke order. An invoke never completed counts as `info`. */
export function calls(h: History): Calls {
  const pending = new Map<number, number>();
  const done = new Map<number, number>();
  h.forEach((op, i) => {
    if (op.type === "invoke") pending.set(op.process, i);
    else {
      const inv = pending.get(op.process);
      if (inv !== undefined) done.set(inv, i);
      pending.delete(op.process);
    }
  });
  const writes: Write[] = [];
  const reads: Read[] = [];
  h.forEach((op, i) => {
    if (op.type !== "invoke") return;
    const j = done.get(i);
    const end = j === undefined ? undefined : h[j];
    if (op.f === "read") {
      const read = toRead(op, i, end, j);
      if (read !== null) reads.push(read);
    } else if (typeof op.value === "number") {
      const outcome = end === undefined || end.type === "invoke" ? "info" : end.type;
      writes.push({ f: op.f, key: op.key, value: op.value, outcome, invoke: i, complete: j ?? null });
    }
  });
  return { writes, reads };
}

function toRead(inv: Op, i: number, end: Op | undefined, j: number | undefined): Read | null {
  if (end === undefined || j === undefined || end.type !== "ok" || end.value === null) return null;
  const node = end.node ?? inv.node;
  const final = end.final === true || inv.final === true;
  return { key: inv.key, value: end.value, final, node, invoke: i, complete: j };
}

/** The elements of a list-valued read; a counter read has none. */
export const elements = (r: Read): readonly number[] => (typeof r.value === "number" ? [] : r.value);

/** Groups items by key, keeping first-seen key order so anomalies come out in a stable order. */
export function byKey<T extends { readonly key: string }>(items: readonly T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const list = m.get(it.key);
    if (list === undefined) m.set(it.key, [it]);
    else list.push(it);
  }
  return m;
}

/** " on n2" when the read names its server, for messages. */
export const on = (r: Read): string => (r.node === undefined ? "" : ` on ${r.node}`);
