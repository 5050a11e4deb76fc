/** Small pure helpers over the replication state. */
import { nodeId, resolvePick } from "../core/ids.ts";
import type { Entry, Gtid, ReplState, RNode, NodeId, Trx } from "./types.ts";

export function updateNode(s: ReplState, id: NodeId, f: (n: RNode) => RNode): ReplState {
  return { ...s, nodes: s.nodes.map((n, i) => (i === id ? f(n) : n)) };
}

export function updateTrx(s: ReplState, id: number, f: (t: Trx) => Trx): ReplState {
  return { ...s, trx: s.trx.map((t) => (t.id === id ? f(t) : t)) };
}

/** The node an event's `node` field names: any integer, wrapped to the node count. */
export function resolveNode(s: ReplState, raw: number): NodeId {
  return nodeId(resolvePick(raw, s.nodes.length));
}

export const gtidText = (g: Gtid): string => `0-${g.server}-${g.seq}`;
export const sameGtid = (a: Gtid, b: Gtid): boolean => a.server === b.server && a.seq === b.seq;

/** The primary clients write to: the first node that is up and writable. */
export function primaryOf(s: ReplState): NodeId | null {
  const i = s.nodes.findIndex((n) => n.up && n.writable);
  return i < 0 ? null : nodeId(i);
}

/** Position (1-based count) of `gtid` in `log`, or 0 when absent. */
export function positionOf(log: readonly Entry[], gtid: Gtid): number {
  return log.findIndex((e) => sameGtid(e.gtid, gtid)) + 1;
}

export function lastSeq(log: readonly Entry[]): number {
  return log.reduce((m, e) => Math.max(m, e.gtid.seq), 0);
}

/** Everything a replica holds from replication: applied, then received but not applied. */
export function held(n: RNode): readonly Entry[] {
  return [...n.log, ...n.relay];
}

/** A replica that is up, connected to an up source, and replicating without error. */
export function streaming(s: ReplState, id: NodeId): boolean {
  const n = s.nodes[id]!;
  return n.up && n.source !== null && n.ioRunning && n.broken === null && s.nodes[n.source]!.up;
}

export function withVisible(n: RNode, id: number): RNode {
  return n.visible.includes(id) ? n : { ...n, visible: [...n.visible, id] };
}
