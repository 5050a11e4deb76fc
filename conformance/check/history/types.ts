/**
 * Jepsen-style client histories: what clients asked and what they were told, never what the
 * model or the server did inside. Checkers read only these, so they run on a real server's
 * history as well as on the model's.
 *
 * Every operation is an `invoke` followed, for the same process, by exactly one completion:
 * `ok` (it happened), `fail` (it certainly did not), or `info` (unknown: it may or may not have).
 */

import type { StmtKind } from "../../../model/proxy/types.ts";

export type OpType = "invoke" | "ok" | "fail" | "info";

/**
 * A statement a proxy session sent, by kind. The locked `read` is renamed: to the checkers `read`
 * means a read of ids, which a statement's result is not.
 */
export type StatementF = Exclude<StmtKind, "read"> | "read-locked";

export type OpF =
  /** Insert a row with a unique id into table `key`; value: the id. */
  | "insert"
  /** Append `value` to the list at `key`. */
  | "append"
  /** Add `value` (≥ 1) to the counter at `key`. */
  | "increment"
  /** Read `key`; on ok, value: the ids present (insert), the list (append) or the count (increment). */
  | "read"
  /** A lease holder writes storage target `key` (data or registry); value: the epoch it believed it held. */
  | "write"
  /**
   * A statement of this kind; key: the kind too, value: the statement id. These, and "write", only
   * record a run for export: no read shares their keys, so no checker finds anything in them.
   */
  | StatementF;

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
  /** Why a `fail` or `info` ended so, as far as the client was told (Jepsen's `:error`); no checker reads it. */
  readonly error?: string;
  /** What an `ok` returned besides the echoed value (an insert id, a result's digest); no checker reads it. */
  readonly result?: number | string;
}

export type History = readonly Op[];

/** One thing a checker found wrong, tied to the operations that show it. */
export interface Anomaly {
  readonly checker: string;
  readonly message: string;
  /** Indices into the history of the operations involved. */
  readonly ops: readonly number[];
}
