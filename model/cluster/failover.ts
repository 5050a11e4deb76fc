/**
 * The failover as the three parts live it: the primary is lost (crash, lost lease, or a planned
 * hand-over), election picks a successor, the successor recovers for as long as its preparation
 * allows, and then it opens: replication's data becomes the data, and the proxy carries its
 * sessions over. Detection, election and recovery are timed from these moments.
 */
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
    if (lo.type === "CasIssued" && lo.purpose === "acquire" && next.failover !== null) {
      next = { ...next, failover: { ...next.failover, acquireIssuedMs: next.nowMs } };
    }
    if (lo.type === "RoleChanged" && lo.role === "Leader") next = elect(c, next, lo.node, lo.epoch ?? 0, emit);
    if (lo.type === "RoleChanged" && lo.role !== "Leader" && lo.node === next.primary && next.failover === null) {
      next = startFailover(c, next, "failover", `${name(lo.node)} lost its lease (${lo.why})`, emit);
    }
  }
  return openIfReady(c, next, emit);
}

export function startFailover(c: ClusterConfig, s: ClusterState, kind: Failover["kind"], why: string, out: ClusterOutput[]): ClusterState {
  const from = s.primary;
  out.push({ type: "FailoverStarted", kind, from, why });
  const failover: Failover = { kind, from, startedMs: s.nowMs, startEpoch: s.lease.block.epoch, acquireIssuedMs: null, node: null, epoch: 0, electedMs: null, readyAtMs: null, recovery: null, restarts: 0 };
  let next: ClusterState = { ...s, primary: null, failover };
  if (from === null) return next;
  const how = next.lease.nodes[from]!.up ? "isolated" : "crash";
  next = proxyStep(c, next, { type: "PrimaryLost", how }, out);
  // rds-ha: the HA system fences a deposed primary that still runs before it promotes another.
  if (next.repl !== null && next.repl.nodes[from]!.up) next = replStep(c, next, { type: "NodeCrashed", node: from }, out).s;
  return next;
}

function elect(c: ClusterConfig, s: ClusterState, node: NodeId, epoch: number, out: ClusterOutput[]): ClusterState {
  const started = s.failover === null ? startFailover(c, s, "failover", `${name(node)} took the lease`, out) : s;
  const f = started.failover!;
  const promoted = promoteElected(c, started, node, out);
  const base = promoted ?? started;
  const recovery = promoted === null ? null : recoveryTime(c, {
    openTrx: base.proxy.db.open.length,
    commits: base.proxy.db.committed.length,
    relayBacklog: base.repl?.nodes[node]?.relay.length ?? 0,
  });
  out.push({ type: "PrimaryElected", node, epoch, recovery });
  const failover: Failover = {
    ...f, node, epoch, electedMs: base.nowMs, acquireIssuedMs: f.acquireIssuedMs ?? base.nowMs,
    readyAtMs: recovery === null ? null : base.nowMs + recovery.totalMs, recovery,
    restarts: f.node !== null || promoted === null ? f.restarts + 1 : f.restarts,
  };
  return { ...base, failover };
}

/** The elected node has recovered: it opens for writes, with the data it has. */
function openIfReady(c: ClusterConfig, s: ClusterState, out: ClusterOutput[]): ClusterState {
  const f = s.failover;
  if (f === null || f.node === null || f.readyAtMs === null || s.nowMs < f.readyAtMs) return s;
  const node = f.node;
  const winner = s.lease.nodes[node]!;
  // The hot standby's transaction state is synced continuously from the primary; a restart since loses it.
  const synced = winner.ghost.lastFaultMs === null || winner.ghost.lastFaultMs < s.primarySinceMs;
  const trxState = c.architecture === "polardb" && c.hotStandby && synced;
  const { s: kept, effects } = lostOnPromotion(s, node);
  const acquired = f.acquireIssuedMs ?? f.electedMs!;
  out.push({
    type: "FailoverCompleted", kind: f.kind, node, epoch: f.epoch,
    detectionMs: acquired - f.startedMs, electionMs: f.electedMs! - acquired, recoveryMs: s.nowMs - f.electedMs!, totalMs: s.nowMs - f.startedMs,
    excused: f.restarts > 0 || f.epoch > f.startEpoch + 1 || (winner.ghost.lastFaultMs !== null && winner.ghost.lastFaultMs >= f.startedMs),
  });
  const opened: ClusterState = { ...kept, primary: node, failover: null, primarySinceMs: s.nowMs };
  return proxyStep(c, opened, { type: "FailoverDone", node, trxState, lostCommits: effects }, out);
}

/** The elected node is gone before it opened: election has to pick again. */
export function electedLost(s: ClusterState, node: NodeId): ClusterState {
  const f = s.failover;
  if (f === null || f.node !== node) return s;
  return { ...s, failover: { ...f, node: null, readyAtMs: null, restarts: f.restarts + 1 } };
}

const name = (i: NodeId): string => `n${i + 1}`;
