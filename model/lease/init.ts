/**
 * The initial cluster: n1 has just won the lease at epoch 1 (and written the registry), n2 is the
 * follower (hot replica), the rest are observers. Every clock reads zero and runs true.
 */
import { nodeId } from "../core/ids.ts";
import { holderWindowNs, type LeaseConfig } from "./config.ts";
import type { LeaseNode, LeaseState, Role } from "./types.ts";

export function initLease(config: LeaseConfig): LeaseState {
  const nodes = Array.from({ length: config.nodes }, (_, i) => initialNode(config, i));
  return {
    nowMs: 0,
    nodes,
    block: { holder: nodeId(0), epoch: 1, renewSeq: 0 },
    registry: { epoch: 1, leader: nodeId(0), writer: nodeId(0) },
    inflight: [],
    nextIoId: 0,
    ghost: { blockIssuedAtMs: 0, blockChangedAtMs: 0, leaderlessSinceMs: null, takeovers: 0 },
  };
}

function initialNode(config: LeaseConfig, i: number): LeaseNode {
  const role: Role = i === 0 ? "Leader" : i === 1 ? "Follower" : "Observer";
  const leader = role === "Leader";
  return {
    role,
    up: true,
    pausedUntilMs: null,
    storageReachable: true,
    localNs: 0,
    driftPpm: 0,
    wakeNs: 0,
    lease: leader ? { epoch: 1, renewSeq: 0, deadlineNs: holderWindowNs(config) } : null,
    observed: null,
    casInFlight: false,
    topology: { epoch: 1, leader: nodeId(0) },
    incarnation: 0,
    persisted: leader ? { epoch: 1, renewSeq: 0 } : null,
    ghost: { lastFaultMs: null, trueLeaseEndMs: leader ? config.ttlMs : 0, crashedAsLeader: false, eligibleSinceMs: role === "Follower" ? 0 : null, leaseFromIncarnation: leader ? 0 : null },
  };
}
