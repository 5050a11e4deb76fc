/**
 * The failover as the three parts live it: the primary is lost (crash, lost lease, or a planned
 * hand-over), election picks a successor, the successor recovers for as long as its preparation
 * allows, and then it opens: replication's data becomes the data, and the proxy carries its
 * sessions over. Detection, election and recovery are timed from these moments.
 */
import { primaryOf } from "../replication/state.ts";
import type { ClusterConfig } from "./config.ts";
import { lostOnPromotion, promoteElected } from "./data.ts";
import { proxyStep, replStep } from "./parts.ts";
import { recoveryTime } from "./recovery.ts";
import type { ClusterOutput, ClusterState, Failover, NodeId } from "./types.ts";

/** Reads what election did in this step and moves the failover on. */
export function couple(c: ClusterConfig, s: ClusterState, out: readonly ClusterOutput[], emit: ClusterOutput[]): ClusterState {
  let next = s;
  for (const o of out) {
    if (o.type !== "Lease") continue;
    const lo = o.output;
    if (lo.type === "CasIssued" && lo.purpose === "acquire") {
      const at = next.nowMs;
      next = { ...next, lastAcquireMs: next.lastAcquireMs.map((t, i) => (i === lo.node ? at : t)) };
    }
    if (lo.type === "RoleChanged" && lo.role === "Leader") next = elect(c, next, lo.node, lo.epoch ?? 0, emit);
    if (lo.type === "RoleChanged" && lo.role !== "Leader" && lo.node === next.primary && next.failover === null) {
      next = startFailover(c, next, "failover", `${name(lo.node)} lost its lease (${lo.why})`, emit, stoppedServing(next, lo.node));
    }
    // An elected node that loses its lease before it opens must not open: election picks again.
    if (lo.type === "RoleChanged" && lo.role !== "Leader" && lo.node === next.failover?.node) next = electedLost(next, lo.node);
  }
  return openIfReady(c, retryPromotion(c, next, emit), emit);
}

/** `since`: when the primary stopped serving (now, unless it was deposed while it ran). */
export function startFailover(c: ClusterConfig, s: ClusterState, kind: Failover["kind"], why: string, out: ClusterOutput[], since = s.nowMs): ClusterState {
  const from = s.primary;
  out.push({ type: "FailoverStarted", kind, from, why });
  const failover: Failover = { kind, from, startedMs: since, startEpoch: s.lease.block.epoch, acquireIssuedMs: null, node: null, epoch: 0, electedMs: null, readyAtMs: null, recovery: null, restarts: 0 };
  let next: ClusterState = { ...s, primary: null, failover };
  if (from === null) return next;
  const how = next.lease.nodes[from]!.up ? "isolated" : "crash";
  next = proxyStep(c, next, { type: "PrimaryLost", how }, out);
  // rds-ha: the HA system fences a deposed primary that still runs before it promotes another.
  if (next.repl !== null && next.repl.nodes[from]!.up) next = replStep(c, next, { type: "NodeCrashed", node: from }, out).s;
  return next;
}

/**
 * When a primary deposed while it runs stopped serving: at the pause or partition since which it
 * could not renew (a paused node's fault time is when its pause began or, once resumed, ended).
 */
function stoppedServing(s: ClusterState, from: NodeId | null): number {
  if (from === null) return s.nowMs;
  const n = s.lease.nodes[from]!;
  const fault = n.ghost.lastFaultMs;
  return n.up && fault !== null && fault >= s.primarySinceMs && fault <= s.nowMs ? fault : s.nowMs;
}

function elect(c: ClusterConfig, s: ClusterState, node: NodeId, epoch: number, out: ClusterOutput[]): ClusterState {
  const started = s.failover === null ? startFailover(c, s, "failover", `${name(node)} took the lease`, out, stoppedServing(s, s.primary)) : s;
  const f = started.failover!;
  const acquired = started.lastAcquireMs[node] ?? null;
  const failover: Failover = {
    ...f, node, epoch, electedMs: started.nowMs, readyAtMs: null, recovery: null,
    acquireIssuedMs: acquired !== null && acquired >= f.startedMs ? acquired : started.nowMs,
    restarts: f.node !== null ? f.restarts + 1 : f.restarts,
  };
  return promote(c, { ...started, failover }, out);
}

/** Replication promotes the elected node and its recovery starts; or, if it cannot yet, nothing. */
function promote(c: ClusterConfig, s: ClusterState, out: ClusterOutput[]): ClusterState {
  const f = s.failover!;
  const node = f.node!;
  const promoted = promoteElected(c, s, node, out);
  const recovery = promoted === null ? null : recoveryTime(c, {
    openTrx: promoted.proxy.db.open.length,
    commits: promoted.proxy.db.committed.length,
    relayBacklog: promoted.repl?.nodes[node]?.relay.length ?? 0,
  });
  out.push({ type: "PrimaryElected", node, epoch: f.epoch, recovery });
  if (promoted === null || recovery === null) return { ...s, failover: { ...f, restarts: f.restarts + 1 } };
  return { ...promoted, failover: { ...f, recovery, readyAtMs: promoted.nowMs + recovery.totalMs } };
}

/** rds-ha: an elected node replication could not promote (it was down there) is tried again once it can be. */
function retryPromotion(c: ClusterConfig, s: ClusterState, out: ClusterOutput[]): ClusterState {
  const f = s.failover;
  if (f === null || f.node === null || f.readyAtMs !== null || s.repl === null) return s;
  const n = s.repl.nodes[f.node]!;
  return n.up && !n.wasPrimary && primaryOf(s.repl) === null ? promote(c, s, out) : s;
}

/** The elected node has recovered: it opens for writes, with the data it has. */
function openIfReady(c: ClusterConfig, s: ClusterState, out: ClusterOutput[]): ClusterState {
  const f = s.failover;
  if (f === null || f.node === null || f.readyAtMs === null || s.nowMs < f.readyAtMs) return s;
  const node = f.node;
  const winner = s.lease.nodes[node]!;
  // The hot standby's transaction state is synced continuously from the primary; a restart since loses it.
  const synced = winner.incarnation === s.incarnationsAtPrimary[node];
  const trxState = c.architecture === "polardb" && c.hotStandby && synced;
  const { s: kept, effects } = lostOnPromotion(s, node);
  const acquired = f.acquireIssuedMs ?? f.electedMs!;
  out.push({
    type: "FailoverCompleted", kind: f.kind, node, epoch: f.epoch,
    detectionMs: acquired - f.startedMs, electionMs: f.electedMs! - acquired, recoveryMs: s.nowMs - f.electedMs!, totalMs: s.nowMs - f.startedMs,
    excused: f.restarts > 0 || f.epoch > f.startEpoch + 1 || (winner.ghost.lastFaultMs !== null && winner.ghost.lastFaultMs >= f.startedMs),
  });
  const opened: ClusterState = { ...kept, primary: node, failover: null, primarySinceMs: s.nowMs, incarnationsAtPrimary: s.lease.nodes.map((n) => n.incarnation) };
  return proxyStep(c, opened, { type: "FailoverDone", node, trxState, lostCommits: effects }, out);
}

/** The elected node is gone before it opened: election has to pick again. */
export function electedLost(s: ClusterState, node: NodeId): ClusterState {
  const f = s.failover;
  if (f === null || f.node !== node) return s;
  return { ...s, failover: { ...f, node: null, readyAtMs: null, restarts: f.restarts + 1 } };
}

const name = (i: NodeId): string => `n${i + 1}`;
