/**
 * Hand-made client histories. Each call helper returns its invoke and completion (two entries),
 * or just the invoke for a call that never heard back, so a history reads as a list of calls and
 * indices are easy to count: the n-th completed call ends at index 2n+1.
 */
import type { Op, OpF, OpType } from "../../conformance/check/history/types.ts";

export type Entry = Omit<Op, "time">;
type Value = Op["value"];
export type Outcome = "ok" | "fail" | "info" | "pending";
interface Where {
  readonly node?: string;
  readonly final?: boolean;
}

/** Stamps entries with times in history order. */
export const history = (...parts: readonly (Entry | readonly Entry[])[]): Op[] => parts.flat().map((e, i) => ({ ...e, time: 10 * i }));

export function entry(process: number, type: OpType, f: OpF, key: string, value: Value, where: Where = {}): Entry {
  return { process, type, f, key, value, ...where };
}

const write = (f: OpF) => (process: number, key: string, value: number, outcome: Outcome = "ok"): Entry[] => {
  const inv = entry(process, "invoke", f, key, value);
  return outcome === "pending" ? [inv] : [inv, entry(process, outcome, f, key, value)];
};

export const insert = write("insert");
export const append = write("append");
export const increment = write("increment");

/** A read told `ok` with this value; `node`/`final` go on the completion, as an adapter reports them. */
export const read = (process: number, key: string, value: readonly number[] | number, where: Where = {}): Entry[] => [
  entry(process, "invoke", "read", key, null),
  entry(process, "ok", "read", key, value, where),
];

/** A read of the settled state from one server. */
export const final = (process: number, key: string, value: readonly number[] | number, node: string): Entry[] =>
  read(process, key, value, { node, final: true });
