/**
 * The composed cluster: lease election decides the primary, replication decides what data the
 * new primary has, and the proxy decides what clients see. Each part keeps its own state and is
 * stepped by its own reducer; the cluster couples them and times the failover.
 */
import type { LeaseEvent, LeaseOutput, LeaseState } from "../lease/index.ts";
import type { ProxyEvent, ProxyOutput, ProxyState } from "../proxy/index.ts";
import type { NodeId } from "../core/ids.ts";
import type { ReplEvent, ReplOutput, ReplState } from "../replication/index.ts";

export type { NodeId } from "../core/ids.ts";

/**
 * Which of the parts' events the cluster routes to each part, by type. One list each, read by the
 * types below, the trace schema, the random histories and the exhaustive search space.
 */
export const clientEventTypes = ["StatementSent", "StatementExecuted", "ResultStreamed", "ReplyDelivered", "OtherClientWrote"] as const;
export const leaseWorldEventTypes = ["NodePaused", "StoragePartitioned", "StorageHealed", "ClockRateChanged", "ClockJumped", "IoProgressed", "NodeWoke", "LeaderWriteRequested"] as const;
export const replWorldEventTypes = ["ReplicaReceived", "ReplicaApplied", "ReplicaIoStopped", "ReplicaIoStarted"] as const;

/** What the clients do, through the proxy. */
export type ClientEvent = Extract<ProxyEvent, { type: (typeof clientEventTypes)[number] }>;
/** What the world does to election: pauses, storage partitions, clocks, I/O timing, and lease-guarded writes. */
export type LeaseWorldEvent = Extract<LeaseEvent, { type: (typeof leaseWorldEventTypes)[number] }>;
/** What replication does at its own pace (rds-ha only). */
export type ReplWorldEvent = Extract<ReplEvent, { type: (typeof replWorldEventTypes)[number] }>;

/** Whether a part's event is one the cluster routes as `Client`, `Lease` or `Replication`. */
export const isClientEvent = (e: ProxyEvent): e is ClientEvent => (clientEventTypes as readonly string[]).includes(e.type);
export const isLeaseWorldEvent = (e: LeaseEvent): e is LeaseWorldEvent => (leaseWorldEventTypes as readonly string[]).includes(e.type);
export const isReplWorldEvent = (e: ReplEvent): e is ReplWorldEvent => (replWorldEventTypes as readonly string[]).includes(e.type);

export type ClusterEvent =
  /** True time passes by up to `maxMs`, stopping early when something happens that matters. */
  | { readonly type: "TimeAdvanced"; readonly maxMs: number }
  | { readonly type: "Client"; readonly event: ClientEvent }
  /** Whichever node is primary now crashes (resolved to NodeCrashed of that node). */
  | { readonly type: "PrimaryCrashed" }
  | { readonly type: "NodeCrashed"; readonly node: number }
  | { readonly type: "NodeRestarted"; readonly node: number }
  | { readonly type: "Lease"; readonly event: LeaseWorldEvent }
  | { readonly type: "Replication"; readonly event: ReplWorldEvent }
  /** A planned switchover (minor upgrade, configuration change): the primary hands over and stops. */
  | { readonly type: "SwitchoverRequested" }
  /** rds-ha with its secondary faulty: the primary's own backup takes FLUSH TABLES WITH READ LOCK. */
  | { readonly type: "BackupLockTaken" };

/** How long each part of recovery takes on the node that takes over (ms). */
export interface Recovery {
  readonly startupMs: number;
  readonly redoMs: number;
  readonly undoMs: number;
  readonly binlogMs: number;
  readonly bufferPoolMs: number;
  readonly relayMs: number;
  readonly totalMs: number;
}

export interface Failover {
  readonly kind: "failover" | "switchover";
  readonly from: NodeId | null;
  readonly startedMs: number;
  /** The lease epoch when it began: a winner more than one epoch later means another node took the lease and failed meanwhile. */
  readonly startEpoch: number;
  /** When the winner issued the acquire CAS that won (detection ends, election begins). */
  readonly acquireIssuedMs: number | null;
  /** The elected node, recovering until `readyAtMs`; null while nobody is elected. */
  readonly node: NodeId | null;
  readonly epoch: number;
  readonly electedMs: number | null;
  readonly readyAtMs: number | null;
  readonly recovery: Recovery | null;
  /** Ghost: the failover had to start over (the elected node failed, or could not be promoted). */
  readonly restarts: number;
}

/** rds-ha: a proxy commit and the replication transaction that carries it. */
export interface Link {
  readonly replId: number;
  /** The client statements whose effects it committed. */
  readonly stmts: readonly number[];
  /** The session waiting for its acknowledgement, and the statement it waits on. */
  readonly session: number | null;
  readonly stmt: number | null;
}

export interface ClusterState {
  readonly nowMs: number;
  readonly lease: LeaseState;
  /** Binlog replication between local disks (rds-ha); null on shared storage (polardb). */
  readonly repl: ReplState | null;
  readonly proxy: ProxyState;
  /** The node serving as primary, or null during a failover. */
  readonly primary: NodeId | null;
  readonly failover: Failover | null;
  readonly links: readonly Link[];
  /** rds-ha: FTWRL held until this true time, or null. */
  readonly readLockUntilMs: number | null;
  /** When the primary last changed: the hot standby's synced transaction state dates from here. */
  readonly primarySinceMs: number;
  /** Each node's incarnation then: a standby restarted since has lost the synced transaction state. */
  readonly incarnationsAtPrimary: readonly number[];
  /** When each node last issued an acquire CAS (detection ends there), or null. */
  readonly lastAcquireMs: readonly (number | null)[];
}

export type ClusterOutput =
  | { readonly type: "TimeNow"; readonly nowMs: number }
  | { readonly type: "Lease"; readonly output: LeaseOutput }
  | { readonly type: "Replication"; readonly output: ReplOutput }
  | { readonly type: "Proxy"; readonly output: ProxyOutput }
  | { readonly type: "FailoverStarted"; readonly kind: Failover["kind"]; readonly from: NodeId | null; readonly why: string }
  | { readonly type: "PrimaryElected"; readonly node: NodeId; readonly epoch: number; readonly recovery: Recovery | null }
  | {
      readonly type: "FailoverCompleted";
      readonly kind: Failover["kind"];
      readonly node: NodeId;
      readonly epoch: number;
      readonly detectionMs: number;
      readonly electionMs: number;
      readonly recoveryMs: number;
      readonly totalMs: number;
      /** A second failure: the winner was disturbed (crash, pause, partition), or another node took the lease and failed, or the failover started over. No RTO applies. */
      readonly excused: boolean;
    }
  | { readonly type: "GlobalReadLock"; readonly on: boolean }
  | { readonly type: "WriteBlocked"; readonly session: number; readonly why: string }
  /** The primary's process is frozen, or cut off from shared storage: its statements hang. */
  | { readonly type: "StatementStalled"; readonly session: number; readonly why: string };
