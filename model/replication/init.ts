/** The initial cluster: n1 the writable primary, the rest its replicas, all empty and connected. */
import { nodeId } from "../core/ids.ts";
import type { ReplConfig } from "./config.ts";
import type { RNode, ReplState } from "./types.ts";

export function initReplication(config: ReplConfig): ReplState {
  const syncNamesText = config.syncNamesText;
  const node = (i: number): RNode => ({
    up: true, writable: i === 0, log: [], visible: [], source: i === 0 ? null : nodeId(0), ioRunning: i !== 0,
    relay: [], relayDurable: 0, broken: null, semisync: { on: true, yesTx: 0, noTx: 0, noTimes: 0 },
    acked: [], syncNamesText, wasPrimary: false, incarnation: 0,
  });
  const nodes = Array.from({ length: config.nodes }, (_, i) => node(i));
  return { nowMs: 0, nodes, waiters: [], trx: [], nextId: 1, streamingSinceMs: nodes.map((n) => (n.source === null ? null : 0)) };
}
