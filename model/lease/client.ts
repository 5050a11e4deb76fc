/**
 * A client asks a node to act as leader: write the protected resource, or the registry. The node
 * checks its lease on its own clock first, as every careful implementation does; what happens
 * after the check (a pause, a slow disk) is exactly what fencing is for.
 */
import type { LeaseConfig } from "./config.ts";
import { issueWrite } from "./io.ts";
import { believesLeader, isRunning } from "./state.ts";
import type { IoTarget, LeaseOutput, LeaseState, NodeId } from "./types.ts";

export function requestWrite(config: LeaseConfig, state: LeaseState, id: NodeId, target: IoTarget, out: LeaseOutput[]): LeaseState {
  const n = state.nodes[id]!;
  if (!isRunning(n)) return state;
  const refuse = (why: string): LeaseState => {
    out.push({ type: "WriteRefused", node: id, target, why });
    return state;
  };
  if (n.role !== "Leader") return refuse(`not leader (${n.role.toLowerCase()})`);
  if (!believesLeader(n)) return refuse("lease expired on its own clock");
  if (!n.storageReachable) return refuse("storage unreachable");
  return issueWrite(config, state, id, target, n.lease!.epoch, out);
}
