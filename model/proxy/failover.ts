/**
 * A failover completes, or a stale topology message arrives: the proxy reconnects every session
 * it held, restores its state, and carries its transaction over by its strategy.
 */
import { nodeId, resolvePick } from "../core/ids.ts";
import type { ProxyConfig } from "./config.ts";
import { disconnectAll } from "./loss.ts";
import { recoverSession } from "./recover.ts";
import type { Target } from "./target.ts";
import type { Db, Effect, ProxyOutput, ProxyState } from "./types.ts";

export function completeFailover(c: ProxyConfig, s: ProxyState, rawNode: number, trxState: boolean, lostCommits: number, out: ProxyOutput[]): ProxyState {
  if (s.primary !== null || s.lost === null) return s;
  const node = nodeId(resolvePick(rawNode, s.nodes.length));
  const epoch = s.latestEpoch;
  const lose = c.env.lostCommits ? Math.min(Math.max(0, Math.trunc(lostCommits)), s.db.committed.length) : 0;
  const db = dropLast(trxState ? s.db : { ...s.db, open: [] }, lose, out);
  out.push({ type: "FailoverCompleted", node, epoch, durationMs: s.nowMs - s.lost.atMs, stale: false });
  const promoted: ProxyState = {
    ...s, db, primary: node, route: { node, epoch }, lost: null,
    nodes: s.nodes.map((n, i) => (i === node ? { up: true, epoch } : n)),
  };
  // Sessions a stale message sent to the deposed primary lose that connection now.
  const moved = disconnectAll(c, promoted, (x) => x.conn !== null && (x.conn.node !== node || x.conn.epoch !== epoch), out);
  return recoverHeld(c, moved, { node, epoch, trxState }, out);
}

/** A late message names the previous primary: without an epoch check the proxy believes it. */
export function staleNotice(c: ProxyConfig, s: ProxyState, out: ProxyOutput[]): ProxyState {
  if (c.epochCheck || s.primary !== null || s.lost === null || !s.nodes[s.lost.node]!.up) return s;
  const node = s.lost.node;
  const epoch = s.nodes[node]!.epoch;
  out.push({ type: "FailoverCompleted", node, epoch, durationMs: s.nowMs - s.lost.atMs, stale: true });
  return recoverHeld(c, { ...s, route: { node, epoch } }, { node, epoch, trxState: false }, out);
}

function recoverHeld(c: ProxyConfig, s: ProxyState, target: Target, out: ProxyOutput[]): ProxyState {
  let next = s;
  s.sessions.forEach((x, i) => {
    if (x.open && x.heldSinceMs !== null) next = recoverSession(c, next, i, target, out);
  });
  return next;
}

/** The new primary lacks the last `n` commits (the cluster decides which from replication). */
function dropLast(db: Db, n: number, out: ProxyOutput[]): Db {
  if (n === 0) return db;
  const gone: readonly Effect[] = db.committed.slice(db.committed.length - n);
  out.push({ type: "CommitsLost", stmts: gone.map((e) => e.stmt) });
  return { ...db, committed: db.committed.slice(0, db.committed.length - n) };
}

/** The proxy stops holding sessions whose failover outlasted its hold timeout. */
export function expireHolds(c: ProxyConfig, s: ProxyState, closeOne: (s: ProxyState, i: number) => ProxyState): ProxyState {
  let next = s;
  s.sessions.forEach((x, i) => {
    if (x.open && x.heldSinceMs !== null && s.nowMs - x.heldSinceMs > c.holdTimeoutMs) next = closeOne(next, i);
  });
  return next;
}
