/** Small pure helpers for reading and replacing parts of the lease state. */
import { nodeId, resolvePick } from "../core/ids.ts";
import type { BlockValue, LeaseNode, LeaseState, NodeId } from "./types.ts";

export function updateNode(state: LeaseState, id: NodeId, f: (n: LeaseNode) => LeaseNode): LeaseState {
  return { ...state, nodes: state.nodes.map((n, i) => (i === id ? f(n) : n)) };
}

/** The node an event's `node` field names: any integer, wrapped to the node count. */
export function resolveNode(state: LeaseState, raw: number): NodeId {
  return nodeId(resolvePick(raw, state.nodes.length));
}

export function isRunning(n: LeaseNode): boolean {
  return n.up && n.pausedUntilMs === null;
}

export function sameBlock(a: BlockValue, b: BlockValue): boolean {
  return a.holder === b.holder && a.epoch === b.epoch && a.renewSeq === b.renewSeq;
}

/** Whether the node believes it is leader right now, by its own clock. */
export function believesLeader(n: LeaseNode): boolean {
  return n.up && n.role === "Leader" && n.lease !== null && n.localNs < n.lease.deadlineNs;
}

/** True milliseconds since the node's last fault; a node never faulted has been healthy forever. */
export function healthyForMs(n: LeaseNode, nowMs: number): number {
  return n.ghost.lastFaultMs === null ? Number.POSITIVE_INFINITY : nowMs - n.ghost.lastFaultMs;
}
