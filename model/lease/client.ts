/**
 * A client asks a node to act as leader: write the protected resource, or the registry. The node
 * checks its lease on its own clock first, as every careful implementation does; what happens
 * after the check (a pause, a slow disk) is exactly what fencing is for.
 */
import type { LeaseConfig } from "./config.ts";
import { issueWrite } from "./io.ts";
import { believesLeader, isRunning } from "./state.ts";
import { describeWriteRefusal } from "./reasons.ts";
import type { IoTarget, LeaseOutput, LeaseState, NodeId, WriteRefusal } from "./types.ts";

export function requestWrite(config: LeaseConfig, state: LeaseState, id: NodeId, target: IoTarget, out: LeaseOutput[]): LeaseState {
  const n = state.nodes[id]!;
  if (!isRunning(n)) return state;
  const refuse = (why: WriteRefusal): LeaseState => {
    out.push({ type: "WriteRefused", node: id, target, why: describeWriteRefusal(why) });
    return state;
  };
  if (n.role !== "Leader") return refuse({ type: "NotLeader", role: n.role });
  if (!believesLeader(n)) return refuse({ type: "LeaseExpired" });
  if (!n.storageReachable) return refuse({ type: "StorageUnreachable" });
  return issueWrite(config, state, id, target, n.lease!.epoch, out);
}
