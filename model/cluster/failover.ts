/**
 * The failover as the three parts live it: the primary is lost (crash, lost lease, or a planned
 * hand-over), election picks a successor, the successor recovers for as long as its preparation
 * allows, and then it opens: replication's data becomes the data, and the proxy carries its
 * sessions over. Detection, election and recovery are timed from these moments.
 */
import { nodeId, nodeName, type NodeId } from "../core/ids.ts";
import type { ElectionNews } from "../lease/election.ts";
import { primaryOf } from "../replication/state.ts";
import type { ClusterConfig } from "./config.ts";
import { lostOnPromotion, promoteElected } from "./data.ts";
import { proxyStep, replStep } from "./parts.ts";
import { recoveryTime } from "./recovery.ts";
import { andThen, emit, stay, type Step } from "./transition.ts";
import type { ClusterState, Failover } from "./types.ts";

/** Moves the failover on by what election decided in this step, in order; then promotes and opens whoever can be. */
export function couple(c: ClusterConfig, s: ClusterState, news: readonly ElectionNews[]): Step {
  const decided = news.reduce((t: Step, n) => andThen(t, (x) => onElection(c, x, n)), stay(s));
  return andThen(andThen(decided, (x) => retryPromotion(c, x)), (x) => openIfReady(c, x));
}

function onElection(c: ClusterConfig, s: ClusterState, n: ElectionNews): Step {
  const node = nodeId(n.node);
  switch (n.type) {
    case "AcquireIssued":
      return stay({ ...s, lastAcquireMs: s.lastAcquireMs.map((t, i) => (i === node ? s.nowMs : t)) });
    case "Elected":
      return elect(c, s, node, n.epoch);
    case "Deposed": {
      const started = node === s.primary && s.failover === null
        ? startFailover(c, s, "failover", `${nodeName(node)} lost its lease (${n.why})`, stoppedServing(s, node))
        : stay(s);
      // An elected node that loses its lease before it opens must not open: election picks again.
      return andThen(started, (x) => stay(node === x.failover?.node ? electedLost(x, node) : x));
    }
  }
}

/** `since`: when the primary stopped serving (now, unless it was deposed while it ran). */
export function startFailover(c: ClusterConfig, s: ClusterState, kind: Failover["kind"], why: string, since = s.nowMs): Step {
  const from = s.primary;
  const failover: Failover = { kind, from, startedMs: since, startEpoch: s.lease.block.epoch, acquireIssuedMs: null, node: null, epoch: 0, electedMs: null, readyAtMs: null, recovery: null, restarts: 0 };
  const started = emit({ ...s, primary: null, failover }, { type: "FailoverStarted", kind, from, why });
  if (from === null) return started;
  const how = s.lease.nodes[from]!.up ? "isolated" : "crash";
  const lost = andThen(started, (x) => proxyStep(c, x, { type: "PrimaryLost", how }));
  // rds-ha: the HA system fences a deposed primary that still runs before it promotes another.
  return andThen(lost, (x) => (x.repl !== null && x.repl.nodes[from]!.up ? replStep(c, x, { type: "NodeCrashed", node: from }) : stay(x)));
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

function elect(c: ClusterConfig, s: ClusterState, node: NodeId, epoch: number): Step {
  const started = s.failover === null ? startFailover(c, s, "failover", `${nodeName(node)} took the lease`, stoppedServing(s, s.primary)) : stay(s);
  return andThen(started, (x) => {
    const f = x.failover!;
    const acquired = x.lastAcquireMs[node] ?? null;
    const failover: Failover = {
      ...f, node, epoch, electedMs: x.nowMs, readyAtMs: null, recovery: null,
      acquireIssuedMs: acquired !== null && acquired >= f.startedMs ? acquired : x.nowMs,
      restarts: f.node !== null ? f.restarts + 1 : f.restarts,
    };
    return promote(c, { ...x, failover });
  });
}

/** Replication promotes the elected node and its recovery starts; or, if it cannot yet, nothing. */
function promote(c: ClusterConfig, s: ClusterState): Step {
  const f = s.failover!;
  const node = f.node!;
  const promoted = promoteElected(c, s, node);
  const recovery = promoted === null ? null : recoveryTime(c, {
    openTrx: promoted.state.proxy.db.open.length,
    commits: promoted.state.proxy.db.committed.length,
    relayBacklog: promoted.state.repl?.nodes[node]?.relay.length ?? 0,
  });
  const elected = { type: "PrimaryElected", node, epoch: f.epoch, recovery } as const;
  if (promoted === null || recovery === null) return emit({ ...s, failover: { ...f, restarts: f.restarts + 1 } }, elected);
  return andThen(promoted, (x) => emit({ ...x, failover: { ...f, recovery, readyAtMs: x.nowMs + recovery.totalMs } }, elected));
}

/** rds-ha: an elected node replication could not promote (it was down there) is tried again once it can be. */
function retryPromotion(c: ClusterConfig, s: ClusterState): Step {
  const f = s.failover;
  if (f === null || f.node === null || f.readyAtMs !== null || s.repl === null) return stay(s);
  const n = s.repl.nodes[f.node]!;
  return n.up && !n.wasPrimary && primaryOf(s.repl) === null ? promote(c, s) : stay(s);
}

/** The elected node has recovered: it opens for writes, with the data it has. */
function openIfReady(c: ClusterConfig, s: ClusterState): Step {
  const f = s.failover;
  if (f === null || f.node === null || f.readyAtMs === null || s.nowMs < f.readyAtMs) return stay(s);
  const node = f.node;
  const winner = s.lease.nodes[node]!;
  // The hot standby's transaction state is synced continuously from the primary; a restart since loses it.
  const synced = winner.incarnation === s.incarnationsAtPrimary[node];
  const trxState = c.architecture === "polardb" && c.hotStandby && synced;
  const { s: kept, effects } = lostOnPromotion(s, node);
  const acquired = f.acquireIssuedMs ?? f.electedMs!;
  const opened: ClusterState = { ...kept, primary: node, failover: null, primarySinceMs: s.nowMs, incarnationsAtPrimary: s.lease.nodes.map((n) => n.incarnation) };
  const completed = emit(opened, {
    type: "FailoverCompleted", kind: f.kind, node, epoch: f.epoch,
    detectionMs: acquired - f.startedMs, electionMs: f.electedMs! - acquired, recoveryMs: s.nowMs - f.electedMs!, totalMs: s.nowMs - f.startedMs,
    excused: f.restarts > 0 || f.epoch > f.startEpoch + 1 || (winner.ghost.lastFaultMs !== null && winner.ghost.lastFaultMs >= f.startedMs),
  });
  return andThen(completed, (x) => proxyStep(c, x, { type: "FailoverDone", node, trxState, lostCommits: effects }));
}

/** The elected node is gone before it opened: election has to pick again. */
export function electedLost(s: ClusterState, node: NodeId): ClusterState {
  const f = s.failover;
  if (f === null || f.node !== node) return s;
  return { ...s, failover: { ...f, node: null, readyAtMs: null, restarts: f.restarts + 1 } };
}
