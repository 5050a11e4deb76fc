/**
 * Jepsen-style client histories: what clients asked and what they were told, never what the
 * model or the server did inside. Checkers read only these, so they run on a real server's
 * history as well as on the model's.
 *
 * Every operation is an `invoke` followed, for the same process, by exactly one completion:
 * `ok` (it happened), `fail` (it certainly did not), or `info` (unknown: it may or may not have).
 */

export type OpType = "invoke" | "ok" | "fail" | "info";

export type OpF =
  /** Insert a row with a unique id into table `key`; value: the id. */
  | "insert"
  /** Append `value` to the list at `key`. */
  | "append"
  /** Add `value` (≥ 1) to the counter at `key`. */
  | "increment"
  /** Read `key`; on ok, value: the ids present (insert), the list (append) or the count (increment). */
  | "read";

export interface Op {
  readonly process: number;
  readonly type: OpType;
  readonly f: OpF;
  readonly key: string;
  /** Insert: number id. Append: number element. Increment: number delta. Read ok: number[] | number; invoke of a read: null. */
  readonly value: number | readonly number[] | null;
  /** Model or wall time, ms; only used to order and to describe. */
  readonly time: number;
  /** Which server the op went to (e.g. "n1"), when known; reads of a final state name it. */
  readonly node?: string;
  /** Marks the reads taken after the last fault, when the system has settled: what survived. */
  readonly final?: boolean;
}

export type History = readonly Op[];

/** One thing a checker found wrong, tied to the operations that show it. */
export interface Anomaly {
  readonly checker: string;
  readonly message: string;
  /** Indices into the history of the operations involved. */
  readonly ops: readonly number[];
}
