/**
 * Semi-synchronous (MariaDB/MySQL) and synchronous (PostgreSQL) replication: state, events and
 * outputs. Each client commit is one autocommit insert of a fresh row id, so that the id is the
 * transaction: present in a node's log, visible there, acknowledged to its client, or lost.
 */

import type { NodeId, NodeName } from "../core/ids.ts";
import type { CommitLevel } from "./config.ts";

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

/**
 * Why a commit's client was told what it was told, as the model decides it. A trace carries it
 * as one sentence (`describeCommitReason`, reasons.ts); `commitReasonKind` reads the kind back.
 */
export type CommitReason =
  /** No node was up and writable: the commit failed at once. */
  | { readonly type: "NoPrimary" }
  /** The primary crashed while the commit waited: the client's connection dropped with it. */
  | { readonly type: "PrimaryCrashed" }
  /** The client stopped waiting (ClientGaveUp); the server session waits on. */
  | { readonly type: "ClientGaveUp" }
  /** The client's own commit timeout (client.commitTimeoutMs, as bounded) expired. */
  | { readonly type: "ClientTimedOut"; readonly ms: number }
  /** PostgreSQL with synchronous_commit off or local: no standby is waited for. */
  | { readonly type: "LocalCommitLevel"; readonly level: "off" | "local" }
  /** PostgreSQL with synchronous_standby_names naming no standby. */
  | { readonly type: "NoSyncStandby" }
  /** MariaDB/MySQL with semi-sync off on the primary: the commit is asynchronous. */
  | { readonly type: "SemiSyncOff" }
  /** MariaDB/MySQL with no semi-sync replica connected and rpl_semi_sync_master_wait_no_slave=OFF. */
  | { readonly type: "NoReplicaNoWait" }
  /** PostgreSQL: the synchronous standbys confirmed the commit at the level synchronous_commit asks. */
  | { readonly type: "StandbyConfirmed"; readonly level: CommitLevel }
  /** MariaDB/MySQL: enough semi-sync replicas acknowledged the commit. */
  | { readonly type: "SemiSyncAcked" }
  /** MariaDB/MySQL: the ACK wait timed out; semi-sync switched off and released the commit. */
  | { readonly type: "SemiSyncTimedOut" }
  /** The waiting session was killed (MariaDB/MySQL) or cancelled (PostgreSQL): committed locally, OK returned. */
  | { readonly type: "WaitKilled"; readonly postgres: boolean };

/** A `CommitReplied` output's `why` as the model writes it: exactly the sentences of `describeCommitReason`. */
export type CommitReasonText =
  | "no writable primary"
  | "connection lost: the primary crashed"
  | "the client gave up waiting"
  | `the client's ${number} ms timeout expired`
  | `synchronous_commit=${"off" | "local"}`
  | "no synchronous standby configured"
  | "semi-sync is off (asynchronous)"
  | "no semi-sync replica connected and wait_no_slave=OFF"
  | `synchronous standby confirmed (${CommitLevel})`
  | "semi-sync ACK received"
  | "semi-sync timed out; switched to asynchronous"
  | "WARNING: canceling wait for synchronous replication; the transaction has already committed locally"
  | "KILL QUERY during the ACK wait: committed, OK returned";

/**
 * What a real server's client library said about a commit, verbatim ("INSERT 0 1", a server
 * error): reported by an adapter, never written by the model. Branded so that no model sentence
 * is taken for one; `serverReply` makes one.
 */
export type ServerReply = string & { readonly __brand: "ServerReply" };

/** A `CommitReplied` output's `why`: the model's reason, or (observed) what the server said. */
export type CommitReplyWhy = CommitReasonText | ServerReply;

/**
 * Why a node's state changed outside the protocol's normal flow: a fault, how it came back, or
 * (observed) a promotion the server refused. A trace carries it as one sentence
 * (`describeNodeFault`, reasons.ts); `nodeFaultKind` reads the kind back.
 */
export type NodeFault =
  /** The node crashed. */
  | { readonly type: "Crashed" }
  /** The node restarted, as the replica (or primary) it was. */
  | { readonly type: "Restarted" }
  /** An old primary restarted writable while another primary was up (failover.rejoin=primary). */
  | { readonly type: "CameBackAsPrimary" }
  /** An old primary restarted and rejoined as a replica of the new primary, rewound or as it was. */
  | { readonly type: "Rejoined"; readonly source: NodeId; readonly rewound: boolean }
  /** A replica's IO thread (walreceiver) started or stopped. */
  | { readonly type: "IoThread"; readonly running: boolean }
  /** Observed only: the server refused the promotion the history asked for. */
  | { readonly type: "PromotionFailed"; readonly error: string };

/** A `NodeFault` output's `fault`: exactly the sentences of `describeNodeFault`. */
export type NodeFaultText =
  | "crashed"
  | "restarted"
  | "came back as a primary"
  | `rejoined as a replica of ${NodeName} ${"after rewinding" | "as it was"}`
  | "IO thread started"
  | "IO thread stopped"
  | `promotion failed: ${string}`;

export type ReplOutput =
  | { readonly type: "TimeNow"; readonly nowMs: number }
  | { readonly type: "CommitIssued"; readonly id: number; readonly row: number; readonly node: NodeId; readonly gtid: Gtid }
  | { readonly type: "CommitReplied"; readonly id: number; readonly node: NodeId | NoPrimary; readonly outcome: "ok" | "error" | "unknown"; readonly why: CommitReplyWhy }
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
  | { readonly type: "NodeFault"; readonly node: NodeId; readonly fault: NodeFaultText };
