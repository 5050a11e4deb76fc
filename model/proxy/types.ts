/**
 * A proxy that keeps client sessions across a primary failover (PolarProxy, MaxScale
 * readwritesplit, RDS Proxy, ProxySQL): state, events and outputs. Sessions and nodes are named
 * by any natural number in events, resolved modulo their count, so every shrunk history stays valid.
 */

import type { NodeId } from "../core/ids.ts";

export type { NodeId };
export type SessionId = number;

/**
 * What a statement is, as far as surviving a failover goes (research §4.2, §4.7):
 * - `read`: a locked read of the data (SELECT … FOR UPDATE): the same on replay unless the data moved;
 * - `read-nondet`: NOW(), @@server_id: differs on another server;
 * - `insert-autoinc`: its OK packet carries an auto-increment id that is never handed out twice;
 * - `insert-keyed`: a unique key: executing it again fails with a duplicate-key error;
 * - `blind-update`: UPDATE t SET c=c+1 WHERE id=1: executing it again applies it twice;
 * - `implicit-commit`: a statement that commits the open transaction (DDL, SET autocommit=1);
 * - `set-var`, `create-tmp`, `prepare`: session state.
 */
export type StmtKind =
  | "begin" | "commit" | "rollback"
  | "read" | "read-nondet"
  | "insert-autoinc" | "insert-keyed" | "blind-update"
  | "implicit-commit"
  | "set-var" | "create-tmp" | "prepare";

export const WRITE_KINDS: readonly StmtKind[] = ["insert-autoinc", "insert-keyed", "blind-update"];
export const isWrite = (k: StmtKind): boolean => WRITE_KINDS.includes(k);
export const isRead = (k: StmtKind): boolean => k === "read" || k === "read-nondet";

export interface Stmt {
  /** Unique per statement the client sent; a resend or replay keeps it. */
  readonly id: number;
  readonly kind: StmtKind;
  /** The client's transaction it belongs to, or null for an autocommit statement. */
  readonly ctrx: number | null;
}

/**
 * A statement's result as the client receives it. A checksum compares a part of it; the
 * invariants compare all of it.
 */
export interface Digest {
  /** The rows of a result set, or null for an OK packet. */
  readonly rows: string | null;
  /** The OK packet's last insert id. */
  readonly insertId: number | null;
  readonly error: string | null;
}

/** A session's state on a connection: variables (the id of the last SET), temporary tables, prepared statements. */
export interface SessVars {
  readonly vars: number;
  readonly tmp: readonly number[];
  readonly prepared: readonly number[];
}

export const DEFAULT_VARS: SessVars = { vars: 0, tmp: [], prepared: [] };

/** A committed or pending change to the data, tagged with the client statement it came from. */
export interface Effect {
  readonly stmt: number;
  readonly ctrx: number | null;
  readonly kind: StmtKind;
}

/** A transaction open on the primary: live, or rebuilt from redo on the new primary (PolarDB). */
export interface BackendTrx {
  readonly id: number;
  readonly ctrx: number | null;
  readonly effects: readonly Effect[];
}

/** The data as the current primary has it (shared storage, or what replication brought over). */
export interface Db {
  readonly committed: readonly Effect[];
  readonly open: readonly BackendTrx[];
  readonly autoInc: number;
  readonly nextTrx: number;
}

export type Phase =
  /** Held at the proxy, never sent to a server. */
  | "queued"
  /** Sent; the server may or may not have executed it. */
  | "sent"
  /** Executed; the reply has not reached the client. */
  | "executed"
  /** Part of the result set has reached the client. */
  | "partial";

export interface Pending {
  readonly stmt: Stmt;
  readonly phase: Phase;
  readonly result: Digest | null;
  /** Ghost: the statement took effect on some server at least once. */
  readonly applied: boolean;
  /** Ghost: it was in flight (sent, perhaps executed) when the primary was lost: sending it again is a re-execution. */
  readonly acrossFailover: boolean;
  /** How often the proxy has sent it again on a new connection (ProxySQL's retry count). */
  readonly retries: number;
}

export interface Logged {
  readonly stmt: Stmt;
  readonly digest: Digest;
}

/** The client's open transaction: what it was told, statement by statement (the replay log). */
export interface ClientTrx {
  readonly ctrx: number;
  readonly log: readonly Logged[];
}

export interface Session {
  readonly open: boolean;
  /** The state the client set, by statements it was told succeeded. */
  readonly client: SessVars;
  /** The state of the backend connection, or null with no backend connection. */
  readonly backend: SessVars | null;
  readonly conn: { readonly node: NodeId; readonly epoch: number } | null;
  /** The backend transaction bound to this connection (the session tracker's trx_id). */
  readonly backendTrx: number | null;
  readonly trx: ClientTrx | null;
  readonly pending: Pending | null;
  /** True time since when the proxy holds the session through a failover, or null. */
  readonly heldSinceMs: number | null;
  /** Ghost: the session was idle (no transaction, nothing in flight) when its primary was lost. */
  readonly idleAtLoss: boolean;
}

export interface PNode {
  readonly up: boolean;
  /** The epoch at which the node last became primary (0: never). */
  readonly epoch: number;
}

export interface ProxyState {
  readonly nowMs: number;
  readonly nodes: readonly PNode[];
  /** The node clients' statements go to, or null while a failover is under way. */
  readonly primary: NodeId | null;
  /** What the proxy believes the primary is (its topology source). */
  readonly route: { readonly node: NodeId; readonly epoch: number } | null;
  /** The previous primary, while a failover is under way. */
  readonly lost: { readonly node: NodeId; readonly atMs: number } | null;
  readonly db: Db;
  readonly sessions: readonly Session[];
  readonly nextStmt: number;
  readonly nextCtrx: number;
  /** Ghost: the epoch whoever serves next must hold (the lost primary's lease is gone). */
  readonly latestEpoch: number;
  /** Ghost: sessions closed in the failover under way although they were idle with restorable state. */
  readonly idleCasualties: readonly SessionId[];
  /** Ghost: write statements whose commit a client was told succeeded. */
  readonly acked: readonly number[];
}

export type ProxyEvent =
  /** True time passes by `ms`; the proxy gives up on sessions held past its hold timeout. */
  | { readonly type: "TimeAdvanced"; readonly ms: number }
  /** Session `session`'s client sends a statement of kind `kind` through the proxy. */
  | { readonly type: "StatementSent"; readonly session: number; readonly kind: StmtKind }
  /** The server executes the statement in flight on session `session`. */
  | { readonly type: "StatementExecuted"; readonly session: number }
  /** The first part of a result set reaches the client (streamed results). */
  | { readonly type: "ResultStreamed"; readonly session: number }
  /** The reply reaches the client. */
  | { readonly type: "ReplyDelivered"; readonly session: number }
  /** Another application commits a change to the data the sessions read. */
  | { readonly type: "OtherClientWrote" }
  /** The primary is lost: it crashes, or it is cut off and deposed while still running. */
  | { readonly type: "PrimaryLost"; readonly how: "crash" | "isolated" }
  /**
   * Failover completes on node `node`. `trxState`: the new primary rebuilt the open transactions
   * from redo and can attach them (a PolarDB hot standby). `lostCommits`: how many of the last
   * commits the new primary lacks (0 on shared storage).
   */
  | { readonly type: "FailoverDone"; readonly node: number; readonly trxState: boolean; readonly lostCommits: number }
  /** A late topology message names the previous primary again. */
  | { readonly type: "StaleTopologyNoticed" };

export type ProxyOutput =
  | { readonly type: "TimeNow"; readonly nowMs: number }
  | { readonly type: "Executed"; readonly session: SessionId; readonly stmt: Stmt; readonly node: NodeId; readonly epoch: number; readonly digest: Digest; readonly again: boolean; readonly alreadyApplied: boolean }
  | { readonly type: "Replied"; readonly session: SessionId; readonly stmt: Stmt; readonly outcome: "ok" | "error"; readonly digest: Digest | null; readonly why: string; readonly acrossFailover: boolean }
  | { readonly type: "PartialResult"; readonly session: SessionId; readonly stmt: Stmt }
  | { readonly type: "SessionClosed"; readonly session: SessionId; readonly why: string; readonly idleAtLoss: boolean; readonly restorable: boolean }
  | { readonly type: "SessionHeld"; readonly session: SessionId }
  | { readonly type: "Reconnected"; readonly session: SessionId; readonly node: NodeId; readonly epoch: number; readonly restored: "all" | "some" | "nothing needed"; readonly idle: boolean }
  | { readonly type: "Attached"; readonly session: SessionId; readonly epoch: number; readonly result: "attached" | "committed" | "invalid" | "unvalidated" }
  | { readonly type: "Replayed"; readonly session: SessionId; readonly epoch: number; readonly statements: number; readonly continued: boolean; readonly checksumMismatch: boolean; readonly differs: boolean }
  | { readonly type: "PrimaryLost"; readonly node: NodeId; readonly how: "crash" | "isolated" }
  | { readonly type: "FailoverCompleted"; readonly node: NodeId; readonly epoch: number; readonly durationMs: number; readonly stale: boolean }
  | { readonly type: "CommitsLost"; readonly stmts: readonly number[] };
