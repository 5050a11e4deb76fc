/**
 * Semi-synchronous (MariaDB/MySQL) and synchronous (PostgreSQL) replication: state, events and
 * outputs. Each client commit is one autocommit insert of a fresh row id, so that the id is the
 * transaction: present in a node's log, visible there, acknowledged to its client, or lost.
 */

import type { NodeId } from "../core/ids.ts";

export type { NodeId };

/** A GTID in domain 0: `0-server-seq`. PostgreSQL's LSN order is the same log order. */
export interface Gtid {
  readonly server: number;
  readonly seq: number;
}

export interface Entry {
  readonly gtid: Gtid;
  /** The transaction. */
  readonly id: number;
  /** The logical row it inserts: a client's retry inserts the same row again. */
  readonly row: number;
}

export interface SemiSync {
  /** Rpl_semi_sync_master_status: ON, or switched OFF by a timeout. */
  readonly on: boolean;
  readonly yesTx: number;
  readonly noTx: number;
  readonly noTimes: number;
}

export interface RNode {
  readonly up: boolean;
  /** read_only=0 (MariaDB) or not in recovery (PostgreSQL): clients may write here. */
  readonly writable: boolean;
  /** The binlog (or WAL): durable, in commit order. */
  readonly log: readonly Entry[];
  /** Row ids committed in the engine and visible to other sessions. */
  readonly visible: readonly number[];
  /** The node this one replicates from, or null. */
  readonly source: NodeId | null;
  readonly ioRunning: boolean;
  /** Received from the source, not yet applied; the first `relayDurable` are on disk. */
  readonly relay: readonly Entry[];
  readonly relayDurable: number;
  /** Replication stopped with an error (1236 / 1950 / timeline mismatch), or null. */
  readonly broken: string | null;
  readonly semisync: SemiSync;
  /** Highest position of this node's log each replica has acknowledged (received, or applied). */
  readonly acked: readonly { readonly replica: NodeId; readonly received: number; readonly applied: number }[];
  /** This node's own copy of `synchronous_standby_names` (pg_basebackup copies it). */
  readonly syncNamesText: string;
  /** Ghost: the node was primary when it last went down. */
  readonly wasPrimary: boolean;
  /** How many times the server restarted: status counters start again from zero each time. */
  readonly incarnation: number;
}

/** A session waiting for its commit to be acknowledged. */
export interface Waiter {
  readonly id: number;
  readonly node: NodeId;
  /** Log position (1-based) of the commit on its node. */
  readonly pos: number;
  readonly sinceMs: number;
  /** The client gave up on it (disconnect, driver timeout); the server keeps waiting. */
  readonly abandoned: boolean;
}

/** The node of a commit no primary took (there was none writable): −1 in traces. */
export type NoPrimary = -1;
export const NO_PRIMARY: NoPrimary = -1;

export type ClientOutcome = "pending" | "ok" | "error" | "unknown";

/** Ghost: what happened to each transaction, for the invariants. */
export interface Trx {
  readonly id: number;
  readonly row: number;
  /** 0 for a client's first try, 1 for its first retry, … */
  readonly attempt: number;
  /** The primary that wrote it, or `NO_PRIMARY` when none was writable and the commit failed at once. */
  readonly node: NodeId | NoPrimary;
  /** The node's incarnation when it committed this (its counters are per incarnation). */
  readonly incarnation: number;
  readonly client: ClientOutcome;
  readonly counted: "yes" | "no" | null;
  /** A client read it (on any node) after it committed. */
  readonly read: boolean;
  readonly startedMs: number;
}

export interface ReplState {
  readonly nowMs: number;
  readonly nodes: readonly RNode[];
  readonly waiters: readonly Waiter[];
  readonly trx: readonly Trx[];
  readonly nextId: number;
  /** Ghost: since when each node has been a streaming replica (null when it is not). */
  readonly streamingSinceMs: readonly (number | null)[];
}

export type ReplEvent =
  /** True time passes by up to `maxMs`, stopping at the next semi-sync timeout. */
  | { readonly type: "TimeAdvanced"; readonly maxMs: number }
  /** A client inserts a fresh row on the writable primary (autocommit). */
  | { readonly type: "ClientCommitRequested" }
  /** A client reads every row on `node` (the primary, or a replica). */
  | { readonly type: "ClientReadRequested"; readonly node: number }
  /** Replica `node`'s IO thread (walreceiver) receives the next event and acknowledges it. */
  | { readonly type: "ReplicaReceived"; readonly node: number }
  /** Replica `node`'s SQL thread (startup process) applies the next received event. */
  | { readonly type: "ReplicaApplied"; readonly node: number }
  | { readonly type: "ReplicaIoStopped"; readonly node: number }
  | { readonly type: "ReplicaIoStarted"; readonly node: number }
  /** The `pick`-th waiting session is killed or cancelled (KILL QUERY, pg_cancel_backend). */
  | { readonly type: "WaiterKilled"; readonly pick: number }
  /** The client of the `pick`-th waiting session gives up; the server session waits on. */
  | { readonly type: "ClientGaveUp"; readonly pick: number }
  /**
   * Node `node` crashes. As taken (resolveReplEvent), `crashed` says whether it went down: the
   * environment may forbid a replica's crash, and a node that is down cannot crash again.
   */
  | { readonly type: "NodeCrashed"; readonly node: number; readonly crashed?: boolean }
  /** Node `node` restarts. As taken, `restart` says how it came back, or null when it did not. */
  | { readonly type: "NodeRestarted"; readonly node: number; readonly restart?: RestartTaken | null }
  /**
   * With no writable primary up, failover promotes a replica (`pick` for `failover.promote=any`).
   * As taken, `node` is the replica the model promoted, or null when none was promotable: an
   * adapter promotes exactly that node, and decides nothing itself.
   */
  | { readonly type: "FailoverPromoted"; readonly pick: number; readonly node?: NodeId | null }
  /** An operator reads node `node`'s semi-sync status counters (SHOW GLOBAL STATUS). */
  | { readonly type: "CountersRead"; readonly node: number };

/**
 * How a restarted node came back, as the model decided: as a writable primary, as a replica
 * following `source` again, or (an old primary after a failover) rejoined as a replica of `source`.
 */
export type RestartTaken =
  | { readonly as: "primary" }
  | { readonly as: "replica" | "rejoined"; readonly source: NodeId };

export type ReplOutput =
  | { readonly type: "TimeNow"; readonly nowMs: number }
  | { readonly type: "CommitIssued"; readonly id: number; readonly row: number; readonly node: NodeId; readonly gtid: Gtid }
  | { readonly type: "CommitReplied"; readonly id: number; readonly node: NodeId | NoPrimary; readonly outcome: "ok" | "error" | "unknown"; readonly why: string }
  | { readonly type: "ReadReplied"; readonly node: NodeId; readonly ids: readonly number[] | null }
  | { readonly type: "Received"; readonly node: NodeId; readonly gtid: Gtid }
  | { readonly type: "Applied"; readonly node: NodeId; readonly gtid: Gtid }
  | { readonly type: "SemiSyncSwitched"; readonly node: NodeId; readonly on: boolean }
  | { readonly type: "ReplicationBroken"; readonly node: NodeId; readonly error: string }
  | { readonly type: "Promoted"; readonly node: NodeId }
  | {
      readonly type: "SemiSyncCounters";
      readonly node: NodeId;
      readonly on: boolean;
      readonly yesTx: number;
      readonly noTx: number;
      readonly noTimes: number;
    }
  | { readonly type: "NodeFault"; readonly node: NodeId; readonly fault: string };
