/**
 * A planned switchover (minor upgrade, configuration change): the leader gives its lease up
 * instead of letting it run out. It stops acting as leader before the CAS is even issued, so a
 * follower that sees the cleared block can take over at once without two leaders overlapping.
 */
import type { LeaseConfig } from "./config.ts";
import { issueCas } from "./io.ts";
import { believesLeader, isRunning, updateNode } from "./state.ts";
import type { LeaseOutput, LeaseState, NodeId } from "./types.ts";

/** Whether node `id` can give its lease up now: it runs, leads by its own clock, reaches storage and has no CAS in flight. */
export function releasable(state: LeaseState, id: NodeId): boolean {
  const n = state.nodes[id]!;
  return isRunning(n) && believesLeader(n) && n.storageReachable && !n.casInFlight;
}

export function releaseLease(config: LeaseConfig, state: LeaseState, id: NodeId, out: LeaseOutput[]): LeaseState {
  if (!releasable(state, id)) return state;
  const lease = state.nodes[id]!.lease!;
  out.push({ type: "RoleChanged", node: id, role: "Follower", epoch: null, why: "released its lease for a planned switchover" });
  const stepped = updateNode(state, id, (m) => ({ ...m, role: "Follower", lease: null, observed: null }));
  return issueCas(config, stepped, id, "renew",
    { holder: id, epoch: lease.epoch, renewSeq: lease.renewSeq },
    { holder: null, epoch: lease.epoch, renewSeq: lease.renewSeq + 1 }, out);
}
