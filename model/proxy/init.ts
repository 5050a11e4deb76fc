/** The proxy's starting state: n1 is primary at epoch 1, every session connected to nothing yet. */
import { nodeId } from "../core/ids.ts";
import type { ProxyConfig } from "./config.ts";
import { freshSession } from "./session.ts";
import type { ProxyState } from "./types.ts";

export function initProxy(c: ProxyConfig): ProxyState {
  return {
    nowMs: 0,
    nodes: Array.from({ length: c.nodes }, (_, i) => ({ up: true, epoch: i === 0 ? 1 : 0 })),
    primary: nodeId(0),
    route: { node: nodeId(0), epoch: 1 },
    lost: null,
    db: { committed: [], open: [], autoInc: 1, nextTrx: 1 },
    sessions: Array.from({ length: c.sessions }, freshSession),
    nextStmt: 1,
    nextCtrx: 1,
    latestEpoch: 1,
    idleCasualties: [],
    acked: [],
  };
}
