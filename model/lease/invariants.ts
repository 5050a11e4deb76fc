/**
 * What must hold after every step of lease election. Statements follow
 * research/ha-semantics.md §2.4 (EL-1 … EL-7, EL-L1, EL-L2); the order is the order of diagnosis:
 * when one step breaks several, the first listed is reported.
 */
import type { Invariant, StepContext } from "../core/protocol.ts";
import { stabilityWindowMs, takeoverBoundMs, type LeaseConfig } from "./config.ts";
import { nodeName } from "../core/ids.ts";
import { believesLeader, healthyForMs } from "./state.ts";
import type { LeaseEvent, LeaseOutput, LeaseState } from "./types.ts";

type Ctx = StepContext<LeaseConfig, LeaseState, LeaseEvent, LeaseOutput>;
type LeaseInvariant = Invariant<LeaseConfig, LeaseState, LeaseEvent, LeaseOutput>;

const VDS = "PolarDB 'Failover with hot replica – Overview' (Voting Disk Service)";

export const ReacquireRequiresObservation: LeaseInvariant = {
  name: "ReacquireRequiresObservation",
  kind: "safety",
  statement: "The block changes only by compare-and-swap, and a node leads only on a lease won by a CAS it issued since its last restart.",
  citation: `${VDS}: the recovered primary "fails to acquire a lock" and "is degraded to a hot replica"; EL-7`,
  check: ({ after, outputs }) => {
    const blind = outputs.find((o) => o.type === "BlindWriteLanded");
    if (blind) return `${nodeName(blind.node)}'s blind write replaced the block without a compare`;
    const i = after.nodes.findIndex((n) => n.up && n.role === "Leader" && n.ghost.leaseFromIncarnation !== n.incarnation);
    return i < 0 ? null : `${nodeName(i)} leads after restart #${after.nodes[i]!.incarnation} without a CAS won since`;
  },
};

export const EpochMonotonic: LeaseInvariant = {
  name: "EpochMonotonic",
  kind: "safety",
  statement: "The block's epoch never decreases, and strictly increases whenever the holder changes.",
  citation: "EL-3; fencing tokens must increase (Kleppmann, 'How to do distributed locking'; sanlock lver)",
  check: ({ before, after }) => {
    const [b, a] = [before.block, after.block];
    if (a.epoch < b.epoch) return `block epoch went back from ${b.epoch} to ${a.epoch}`;
    if (a.holder !== b.holder && a.holder !== null && a.epoch <= b.epoch) {
      return `holder changed ${b.holder === null ? "none" : nodeName(b.holder)} → ${nodeName(a.holder)} without a new epoch (${a.epoch})`;
    }
    return null;
  },
};

export const SingleLeaseHolder: LeaseInvariant = {
  name: "SingleLeaseHolder",
  kind: "safety",
  statement: "At every instant at most one node believes, by its own clock, that it holds an unexpired lease.",
  citation: "EL-1; raft-dev lease-timeout formula; openraft leader_lease.md (timer from send, leader lease shorter than followers')",
  check: ({ after }) => {
    const holders = after.nodes.flatMap((n, i) => (believesLeader(n) ? [`${nodeName(i)} (epoch ${n.lease!.epoch})`] : []));
    return holders.length <= 1 ? null : `${holders.join(" and ")} both believe they hold the lease at t=${after.nowMs}`;
  },
};

export const NoActionWithoutLease: LeaseInvariant = {
  name: "NoActionWithoutLease",
  kind: "safety",
  statement: "A node issues a write only while its lease is valid in true time: within ttl of issuing the CAS that last granted it.",
  citation: "EL-2; etcd lease Grant 'expires at least after TTL' (server/lease/lessor.go)",
  check: ({ after, outputs }) => {
    for (const o of outputs) {
      if (o.type !== "WriteIssued") continue;
      const end = after.nodes[o.node]!.ghost.trueLeaseEndMs;
      if (after.nowMs >= end) return `${nodeName(o.node)} issued a ${o.target} write at t=${after.nowMs}, after its lease ended at t=${end}`;
    }
    return null;
  },
};

export const FencedWrites: LeaseInvariant = {
  name: "FencedWrites",
  kind: "safety",
  statement: "Every write storage or the registry accepts carries the block's current epoch, and registry writes come only from the current holder.",
  citation: `EL-4/EL-5; ${VDS} ("Only the latest Leader thread has the permission to write data to PCR"); PolarDB-Stack-Storage "onfly io"; Jepsen etcd 3.4.3`,
  check: ({ config, outputs }) => fencedWrites(config, outputs),
  observe: (config, outputs) => fencedWrites(config, outputs),
};

/** Storage reports each landed write with the block as it stood: all FencedWrites needs. */
function fencedWrites(_config: LeaseConfig, outputs: readonly LeaseOutput[]): string | null {
  for (const o of outputs) {
    if (o.type !== "WriteLanded" || !o.accepted) continue;
    if (o.epoch !== o.blockEpoch) return `${nodeName(o.node)}'s ${o.target} write from epoch ${o.epoch} was accepted at epoch ${o.blockEpoch}`;
    if (o.target === "registry" && o.blockHolder !== o.node) return `${nodeName(o.node)} wrote the registry while not the holder`;
  }
  return null;
}

export const EventualTakeover: LeaseInvariant = {
  name: "EventualTakeover",
  kind: "liveness",
  statement: "Once no lease is valid and a follower can reach storage, a follower holds the lease within one poll, the contender wait and two storage round trips.",
  citation: "EL-L1; VDS failover: 'the primary's lease expires; the follower takes the lock'",
  check: ({ config, after }: Ctx) => {
    const since = after.ghost.leaderlessSinceMs;
    if (since === null) return null;
    const bound = takeoverBoundMs(config);
    return after.nowMs - since > bound ? `no takeover for ${after.nowMs - since} ms since t=${since} (bound ${bound} ms)` : null;
  },
};

export const NoSpuriousTakeover: LeaseInvariant = {
  name: "NoSpuriousTakeover",
  kind: "liveness",
  statement: "A holder that has been up, running and connected for the stability window keeps its lease: the epoch does not move on.",
  citation: "EL-L2; Patroni rule loop_wait + 2·retry_timeout ≤ ttl",
  check: ({ config, before, after }: Ctx) => {
    const h = before.block.holder;
    if (h === null || after.block.epoch === before.block.epoch || after.block.holder === null) return null;
    const n = after.nodes[h]!;
    const healthyFor = healthyForMs(n, after.nowMs);
    const healthy = n.up && n.pausedUntilMs === null && n.storageReachable && healthyFor > stabilityWindowMs(config);
    const who = after.block.holder === h ? `${nodeName(h)} had to re-acquire its own lease` : `${nodeName(after.block.holder)} took over from ${nodeName(h)}`;
    return healthy ? `${who} (epoch ${after.block.epoch}) although ${nodeName(h)} was healthy ${n.ghost.lastFaultMs === null ? "throughout" : `for ${healthyFor} ms`}` : null;
  },
};

export const leaseInvariants: readonly LeaseInvariant[] = [
  ReacquireRequiresObservation, EpochMonotonic, SingleLeaseHolder, NoActionWithoutLease, FencedWrites, EventualTakeover, NoSpuriousTakeover,
];
