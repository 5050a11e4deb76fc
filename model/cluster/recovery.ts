/**
 * How long the elected node takes to open for writes: the recovery part of a failover. The
 * seeds name the parts (startup of a streamlined node, redo, undo, binlog, buffer pool) and the
 * totals (hot standby: seconds; ordinary read-only node: 20–30 s); they give no per-part figures.
 * The constants below are therefore calibrated to those totals, not measured, and each part
 * grows with the work the failover inherits (open transactions, commits to recover).
 */
import type { ClusterConfig, Module } from "./config.ts";
import type { Recovery } from "./types.ts";

/** The work a recovery inherits from the history so far. */
export interface Workload {
  readonly openTrx: number;
  readonly commits: number;
  /** rds-ha: events the secondary received but has not applied. */
  readonly relayBacklog: number;
}

/** Recovery work grows with the commits to recover, up to a checkpoint's worth. */
const capped = (n: number): number => Math.min(n, 40);

export function recoveryTime(c: ClusterConfig, w: Workload): Recovery {
  return c.architecture === "polardb" ? polardb(c, w) : rdsHa(w);
}

function polardb(c: ClusterConfig, w: Workload): Recovery {
  const has = (m: Module): boolean => c.prefetch.includes(m);
  // A hot standby is a streamlined read-only node kept ready to take over; an ordinary one restarts in read-write mode.
  const startupMs = c.hotStandby ? 200 : 2_000;
  // Redo: cached in the redo hash table, or read and applied from shared storage.
  const redoMs = has("redo") ? 100 : 2_500 + 25 * capped(w.commits);
  // Undo: pages prefetched and played forward by Runtime Apply, or read cold to find pending transactions.
  const undoMs = has("undo") ? 50 + 20 * w.openTrx : 1_500 + 300 * w.openTrx;
  // Binlog: parsed ahead in the I/O cache, or read to decide prepared transactions ("several seconds or minutes").
  const binlogMs = has("binlog") ? 50 : 2_000 + 10 * capped(w.commits);
  // Buffer pool: the primary's hot pages prefetched, or the hit rate collapses until it warms.
  const bufferPoolMs = has("bufferpool") ? 0 : 3_000;
  return total({ startupMs, redoMs, undoMs, binlogMs, bufferPoolMs, relayMs: 0 });
}

/** The secondary was applying the binlog all along: it applies what it still holds, and opens. */
function rdsHa(w: Workload): Recovery {
  return total({ startupMs: 1_000, redoMs: 0, undoMs: 300 * w.openTrx, binlogMs: 500, bufferPoolMs: 1_000, relayMs: 100 * w.relayBacklog });
}

function total(r: Omit<Recovery, "totalMs">): Recovery {
  return { ...r, totalMs: r.startupMs + r.redoMs + r.undoMs + r.binlogMs + r.bufferPoolMs + r.relayMs };
}
