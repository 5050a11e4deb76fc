/**
 * rds-ha: the data a failover keeps is what semi-sync replication brought to the secondary. Every
 * commit the proxy makes on the primary is also a replication transaction; its client waits for
 * the acknowledgement; the promoted node lacks whatever its binlog lacks.
 */
import type { NodeId } from "../core/ids.ts";
import { promotable } from "../replication/failover.ts";
import { nextCommitId } from "../replication/primary.ts";
import { primaryOf } from "../replication/state.ts";
import { stepPromotion } from "../replication/step.ts";
import type { ReplState } from "../replication/index.ts";
import type { ClusterConfig } from "./config.ts";
import { replStep, replTaken } from "./parts.ts";
import { andThen, stay, type Step } from "./transition.ts";
import type { ClusterState, Link } from "./types.ts";

/** Commits the proxy made that replication has not carried yet become one replication commit, linked to its client statement. */
export function syncCommits(c: ClusterConfig, s: ClusterState, waiter: { session: number; stmt: number } | null): Step {
  if (s.repl === null) return stay(s);
  const linked = new Set(s.links.flatMap((l) => l.stmts));
  const fresh = s.proxy.db.committed.filter((e) => !linked.has(e.stmt));
  if (fresh.length === 0) return stay(s);
  // Asked before the commit: with no writable primary replication refuses it, and nothing is linked.
  const replId = nextCommitId(s.repl);
  const committed = replStep(c, s, { type: "ClientCommitRequested" });
  if (replId === null) return committed;
  const link: Link = { replId, stmts: fresh.map((e) => e.stmt), session: waiter?.session ?? null, stmt: waiter?.stmt ?? null };
  return andThen(committed, (x) => stay({ ...x, links: [...x.links, link] }));
}

/** Whether session `i`'s reply waits on a semi-sync acknowledgement that has not come. */
export function awaitingAck(s: ClusterState, i: number): boolean {
  const p = s.proxy.sessions[i]?.pending;
  if (s.repl === null || p === undefined || p === null) return false;
  const link = s.links.find((l) => l.session === i && l.stmt === p.stmt.id);
  return link !== undefined && s.repl.trx.find((t) => t.id === link.replId)?.client === "pending";
}

/**
 * Makes replication's primary the node election chose: the replication model's failover for
 * that node. Null when replication cannot promote it (it is down, or another node is still
 * writable there).
 */
export function promoteElected(c: ClusterConfig, s: ClusterState, node: NodeId): Step | null {
  const repl = s.repl;
  if (repl === null || primaryOf(repl) === node) return stay(s);
  return promotable(c.repl, repl, node) ? replTaken(s, stepPromotion(c.repl, repl, node)) : null;
}

/** The links whose commits the promoted node's binlog lacks, dropped, and how many client effects they carried. */
export function lostOnPromotion(s: ClusterState, node: NodeId): { s: ClusterState; effects: number } {
  const repl: ReplState | null = s.repl;
  if (repl === null) return { s, effects: 0 };
  const has = new Set(repl.nodes[node]!.log.map((e) => e.id));
  const lost = s.links.filter((l) => !has.has(l.replId));
  return { s: { ...s, links: s.links.filter((l) => has.has(l.replId)) }, effects: lost.reduce((n, l) => n + l.stmts.length, 0) };
}

/** rds-ha's secondary is faulty when no replica is up and streaming. */
export function secondaryFaulty(s: ClusterState): boolean {
  const repl = s.repl;
  if (repl === null) return false;
  const p = primaryOf(repl);
  return repl.nodes.every((n, i) => i === p || !n.up || n.broken !== null || !n.ioRunning);
}
