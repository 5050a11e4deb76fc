/**
 * Lease election over a CAS block (PolarDB Voting Disk Service): state, events and outputs.
 * Node ids are indices 0..n−1 (shown as n1..nN). Events name nodes by any natural number,
 * resolved modulo the node count, so that every generated or shrunk history stays valid.
 */

import type { NodeId } from "../core/ids.ts";

export type { NodeId };
export type Role = "Leader" | "Follower" | "Observer";

/** The CAS block on shared storage: who holds the lease, at which epoch, renewed how often. */
export interface BlockValue {
  readonly holder: NodeId | null;
  readonly epoch: number;
  readonly renewSeq: number;
}

/** The Polar Cluster Registry: topology, writable only by the current leader. */
export interface Registry {
  readonly epoch: number;
  readonly leader: NodeId | null;
  readonly writer: NodeId | null;
}

export interface LeaseBelief {
  readonly epoch: number;
  readonly renewSeq: number;
  /** Local time (ns) at which the node stops acting as leader unless renewed. */
  readonly deadlineNs: number;
}

export interface Observation {
  readonly value: BlockValue;
  /** Local time (ns) at which the node first saw this value. */
  readonly sinceNs: number;
}

export interface LeaseNode {
  readonly role: Role;
  readonly up: boolean;
  /** True time (ms) at which a pause ends, or null when running. */
  readonly pausedUntilMs: number | null;
  readonly storageReachable: boolean;
  /** Local clock, in ns, and its rate error in ppm. */
  readonly localNs: number;
  readonly driftPpm: number;
  /** Local time (ns) at which the node's loop next runs. */
  readonly wakeNs: number;
  readonly lease: LeaseBelief | null;
  readonly observed: Observation | null;
  readonly casInFlight: boolean;
  /** What the node last read from the registry. */
  readonly topology: { readonly epoch: number; readonly leader: NodeId | null } | null;
  /** How many times the node has restarted; replies to an earlier incarnation are lost. */
  readonly incarnation: number;
  /** Durable: the last lease this node won, as a restart finds it on disk. */
  readonly persisted: { readonly epoch: number; readonly renewSeq: number } | null;
  readonly ghost: NodeGhost;
}

/** Ghost state: facts for invariants and witnesses, never read by the protocol. */
export interface NodeGhost {
  /** True time of the node's last fault (crash, restart, pause end, partition, clock jump); null if none yet. */
  readonly lastFaultMs: number | null;
  /** True time until which the node's last won lease is valid, measured from its CAS issue. */
  readonly trueLeaseEndMs: number;
  /** Whether the node was leader when it last crashed. */
  readonly crashedAsLeader: boolean;
  /** Since when the node has been a running, connected follower with an undisturbed clock. */
  readonly eligibleSinceMs: number | null;
  /** Incarnation that issued the CAS behind the current lease; null if no CAS won it. */
  readonly leaseFromIncarnation: number | null;
}

export type IoTarget = "data" | "registry";

export type Io =
  | {
      readonly kind: "cas";
      readonly id: number;
      readonly node: NodeId;
      readonly issuedAtMs: number;
      readonly deadlineMs: number;
      readonly landed: boolean;
      readonly purpose: "acquire" | "renew";
      readonly expect: BlockValue;
      readonly next: BlockValue;
      readonly sendNs: number;
      readonly ok: boolean;
      /** The issuer's incarnation: a reply to an earlier one is lost. */
      readonly incarnation: number;
    }
  | {
      readonly kind: "write";
      readonly id: number;
      readonly node: NodeId;
      readonly issuedAtMs: number;
      readonly deadlineMs: number;
      readonly target: IoTarget;
      readonly epoch: number;
      /** Held back by a pause of its issuer: not yet submitted, so a crash loses it. */
      readonly held: boolean;
    }
  | {
      /** The `onRestart=resume` bug: an unconditional write of the block, not a CAS. */
      readonly kind: "blind";
      readonly id: number;
      readonly node: NodeId;
      readonly issuedAtMs: number;
      readonly deadlineMs: number;
      readonly value: BlockValue;
    };

export interface LeaseState {
  readonly nowMs: number;
  readonly nodes: readonly LeaseNode[];
  readonly block: BlockValue;
  readonly registry: Registry;
  readonly inflight: readonly Io[];
  readonly nextIoId: number;
  readonly ghost: ClusterGhost;
}

export interface ClusterGhost {
  /** Issue time (true ms) of the CAS or write that produced the block's current value. */
  readonly blockIssuedAtMs: number;
  /** When the block last changed value (at the end of the step that changed it). */
  readonly blockChangedAtMs: number;
  /** Since when a takeover has been due (see ghost.ts), or null. */
  readonly leaderlessSinceMs: number | null;
  /** How many times the block passed from one holder to another. */
  readonly takeovers: number;
}

/** Inputs to the reducer: the passage of time, faults, and requests to the leader. */
export type LeaseEvent =
  /** True time passes by up to `maxMs`, stopping early at the next instant anything is due. */
  | { readonly type: "TimeAdvanced"; readonly maxMs: number }
  /** A client asks node `node` to write the protected resource (data) or the registry. */
  | { readonly type: "LeaderWriteRequested"; readonly node: number; readonly target: IoTarget }
  /** The `pick`-th in-flight I/O makes progress: it lands, or its reply is delivered. */
  | { readonly type: "IoProgressed"; readonly pick: number }
  /** Node `node`'s loop runs now, ahead of its timer (scheduling jitter, an early poll). */
  | { readonly type: "NodeWoke"; readonly node: number }
  /** Node `node` is frozen for `ms` (GC, SIGSTOP, VM pause); its clock keeps running. */
  | { readonly type: "NodePaused"; readonly node: number; readonly ms: number }
  | { readonly type: "NodeCrashed"; readonly node: number }
  | { readonly type: "NodeRestarted"; readonly node: number }
  | { readonly type: "StoragePartitioned"; readonly node: number }
  | { readonly type: "StorageHealed"; readonly node: number }
  /** Node `node`'s clock now runs `ppm` parts per million fast (negative: slow). */
  | { readonly type: "ClockRateChanged"; readonly node: number; readonly ppm: number }
  /** Node `node`'s clock steps by `ms` (NTP step or wall-clock adjustment). */
  | { readonly type: "ClockJumped"; readonly node: number; readonly ms: number }
  /**
   * The leader `node` gives its lease up for a planned switchover: it stops acting as leader at
   * once and clears the holder by CAS, so the follower need not wait out the lease.
   */
  | { readonly type: "LeaseReleased"; readonly node: number };

export type LeaseEventType = LeaseEvent["type"];

/**
 * Why a node refused a client's write, in the order the node checks (client.ts). A trace carries
 * it as one sentence (`describeWriteRefusal`, reasons.ts); `writeRefusalKind` reads the kind back.
 */
export type WriteRefusal =
  /** The node is not leader: it follows, or only observes. */
  | { readonly type: "NotLeader"; readonly role: Exclude<Role, "Leader"> }
  /** The node is leader in name, but its lease has run out by its own clock. */
  | { readonly type: "LeaseExpired" }
  /** The node holds a live lease, but cannot reach shared storage to write. */
  | { readonly type: "StorageUnreachable" };

/** A `WriteRefused` output's `why`: exactly the sentences `describeWriteRefusal` writes. */
export type WriteRefusalText =
  | `not leader (${Lowercase<Exclude<Role, "Leader">>})`
  | "lease expired on its own clock"
  | "storage unreachable";

/** A fault the environment did to a node; a trace carries it as one sentence (`describeLeaseFault`, reasons.ts). */
export type LeaseFault =
  /** The node is frozen for `ms` (GC, SIGSTOP, VM pause). */
  | { readonly type: "Paused"; readonly ms: number }
  /** A pause ended. */
  | { readonly type: "Resumed" }
  | { readonly type: "Crashed" }
  | { readonly type: "Restarted" }
  /** The node lost its path to shared storage. */
  | { readonly type: "StoragePartitioned" }
  /** The node's path to shared storage is back. */
  | { readonly type: "StorageHealed" }
  /** The node's clock now runs `ppm` parts per million fast (negative: slow). */
  | { readonly type: "ClockRateChanged"; readonly ppm: number }
  /** The node's clock stepped by `ms`. */
  | { readonly type: "ClockJumped"; readonly ms: number };

/** A lease `NodeFault` output's `fault`: exactly the sentences `describeLeaseFault` writes. */
export type LeaseFaultText =
  | `paused for ${number} ms`
  | "resumed"
  | "crashed"
  | "restarted"
  | "storage partitioned"
  | "storage healed"
  | `clock rate ${"+" | ""}${number} ppm`
  | `clock jumped ${"+" | ""}${number} ms`;

/** What an outside observer sees. */
export type LeaseOutput =
  | { readonly type: "TimeNow"; readonly nowMs: number }
  | { readonly type: "RoleChanged"; readonly node: NodeId; readonly role: Role; readonly epoch: number | null; readonly why: string }
  | { readonly type: "CasIssued"; readonly node: NodeId; readonly purpose: "acquire" | "renew"; readonly expect: BlockValue; readonly next: BlockValue }
  | { readonly type: "CasLanded"; readonly node: NodeId; readonly purpose: "acquire" | "renew"; readonly ok: boolean; readonly block: BlockValue }
  | { readonly type: "CasReplied"; readonly node: NodeId; readonly purpose: "acquire" | "renew"; readonly ok: boolean }
  | { readonly type: "BlindWriteLanded"; readonly node: NodeId; readonly block: BlockValue }
  | { readonly type: "WriteIssued"; readonly node: NodeId; readonly target: IoTarget; readonly epoch: number }
  | { readonly type: "WriteRefused"; readonly node: NodeId; readonly target: IoTarget; readonly why: WriteRefusalText }
  | {
      readonly type: "WriteLanded";
      readonly node: NodeId;
      readonly target: IoTarget;
      readonly epoch: number;
      readonly blockEpoch: number;
      readonly blockHolder: NodeId | null;
      readonly accepted: boolean;
    }
  | { readonly type: "TopologyLearned"; readonly node: NodeId; readonly leader: NodeId | null; readonly epoch: number }
  | { readonly type: "BlockObserved"; readonly node: NodeId; readonly value: BlockValue; readonly afterRestart: boolean }
  | { readonly type: "NodeFault"; readonly node: NodeId; readonly fault: LeaseFaultText };
