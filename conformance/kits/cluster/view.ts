/**
 * How the cluster reads in a timeline: a lane per node (its role in election, whether it serves,
 * recovers or is down, its local clock), one for the lease block, one for the proxy and one per
 * client session. Each part's spans and outputs land on the cluster's lanes.
 */
import { nodeName, resolvePick } from "../../../model/core/ids.ts";
import type { ClusterEvent, ClusterOutput, ClusterState } from "../../../model/cluster/index.ts";
import { sessionName } from "../../../model/proxy/session.ts";
import { blockText, describeLeaseEvent, leaseActive, leaseEffect, leaseEventLane, localMs, type LeaseLanes } from "../lease/view.ts";
import { clientSummary, describeProxyEvent, primaryLane, proxyActive, proxyEffect, proxyEventLane, sessionLane, type ProxyLanes } from "../proxy/view.ts";
import { describeReplEvent, replActive, replEffect, replEventLane } from "../replication/view.ts";
import type { Effect } from "../../trace/timeline/types.ts";
import { effect, type Active, type TimelineView } from "../../trace/timeline/view.ts";


function nodeCell(s: ClusterState, i: number): string {
  const n = s.lease.nodes[i]!;
  if (!n.up) return "DOWN";
  if (s.primary === i) return `PRIMARY e${s.lease.block.epoch}`;
  if (s.failover?.node === i) return `recovering→${s.failover.readyAtMs}`;
  const role = n.role === "Leader" ? "deposed" : n.role === "Follower" ? "standby" : "read-only";
  return `${role}${n.pausedUntilMs !== null ? " PAUSED" : !n.storageReachable ? " CUT" : ""}`;
}

interface Lanes { readonly lease: LeaseLanes; readonly proxy: ProxyLanes }

function lanesOf(s: ClusterState): Lanes {
  const n = s.lease.nodes.length;
  return {
    lease: { node: (i) => i, storage: n, clients: null, renewals: false, unwrap: (o) => ((o as ClusterOutput).type === "Lease" ? (o as Extract<ClusterOutput, { type: "Lease" }>).output : null) },
    proxy: { proxy: n + 1, node: (i) => i, session: (i) => n + 2 + i },
  };
}

const cells = (s: ClusterState): string[] =>
  [...s.lease.nodes.map((_, i) => nodeCell(s, i)), blockText(s.lease.block), primaryLane(s.proxy), ...s.proxy.sessions.map(sessionLane)];

function describeEvent(e: ClusterEvent, s: ClusterState): string {
  switch (e.type) {
    case "TimeAdvanced": return `time ≤${e.maxMs}ms`;
    case "Client": return describeProxyEvent(e.event, s.proxy);
    case "PrimaryCrashed": return "the primary crashes";
    case "NodeCrashed": return `${nodeName(resolvePick(e.node, s.lease.nodes.length))} crashes`;
    case "NodeRestarted": return `${nodeName(resolvePick(e.node, s.lease.nodes.length))} restarts`;
    case "Lease": return describeLeaseEvent(e.event, s.lease);
    case "Replication": return s.repl === null ? "replication (none on shared storage)" : describeReplEvent(e.event, s.repl);
    case "SwitchoverRequested": return "planned switchover requested";
    case "BackupLockTaken": return "the primary's own backup takes FTWRL";
  }
}

function eventLane(e: ClusterEvent, s: ClusterState): number | null {
  const at = lanesOf(s);
  switch (e.type) {
    case "TimeAdvanced": return null;
    case "Client": return proxyEventLane(e.event, s.proxy, at.proxy);
    case "PrimaryCrashed": case "BackupLockTaken": return s.primary;
    case "NodeCrashed": case "NodeRestarted": return resolvePick(e.node, s.lease.nodes.length);
    case "Lease": return leaseEventLane(e.event, s.lease, at.lease);
    case "Replication": return s.repl === null ? null : replEventLane(e.event, s.repl, null);
    case "SwitchoverRequested": return at.proxy.proxy;
  }
}

export function describeClusterOutput(o: ClusterOutput, s: ClusterState): Effect | null {
  const at = lanesOf(s);
  switch (o.type) {
    case "TimeNow": return null;
    case "Lease": return leaseEffect(o.output, at.lease);
    case "Replication": return replEffect(o.output, null);
    case "Proxy": return proxyEffect(o.output, at.proxy);
    case "FailoverStarted": return effect(at.proxy.proxy, `${o.kind.toUpperCase()} begins: ${o.why}`, "info");
    case "PrimaryElected": return effect(o.node, `${nodeName(o.node)} elected at epoch ${o.epoch}${o.recovery === null ? ", but replication cannot promote it" : `; recovery ${o.recovery.totalMs} ms`}`);
    case "FailoverCompleted": return effect(o.node, failoverText(o), o.excused ? "info" : "ok");
    case "GlobalReadLock": return effect(s.primary, o.on ? "FTWRL taken: writes block" : "FTWRL released", o.on ? "info" : "neutral");
    case "WriteBlocked": return effect(at.proxy.session(o.session), `${sessionName(o.session)} blocked: ${o.why}`, "info");
    case "StatementStalled": return effect(at.proxy.session(o.session), `${sessionName(o.session)}'s statement hangs: ${o.why}`, "info");
  }
}

const failoverText = (o: Extract<ClusterOutput, { type: "FailoverCompleted" }>): string =>
  `${nodeName(o.node)} opens: ${o.kind} took ${o.totalMs} ms = detection ${o.detectionMs} + election ${o.electionMs} + recovery ${o.recoveryMs}${o.excused ? " (standby disturbed: no RTO)" : ""}`;


function active(s: ClusterState): Active[] {
  const at = lanesOf(s);
  const f = s.failover;
  const recovering: Active[] = f?.node == null ? [] : [{ key: `recovery:${f.node}:${f.electedMs}`, kind: "recovery", lane: f.node, label: `recovering until ${f.readyAtMs} ms` }];
  const shipping = s.repl === null ? [] : replActive(s.repl, null, (a) => (a as ClusterState).repl).filter((a) => a.kind === "io");
  return [...leaseActive(s.lease, at.lease), ...recovering, ...shipping, ...proxyActive(s.proxy, at.proxy)];
}

export const clusterView: TimelineView<ClusterState, ClusterEvent, ClusterOutput> = {
  lanes: (s) => [
    ...s.lease.nodes.map((_, i) => ({ label: nodeName(i), kind: "node" as const })),
    { label: "storage", kind: "storage" }, { label: "proxy", kind: "proxy" },
    ...s.proxy.sessions.map((_, i) => ({ label: sessionName(i), kind: "client" as const })),
  ],
  cells,
  clocks: (s) => cells(s).map((_, i) => (i < s.lease.nodes.length ? localMs(s.lease.nodes[i]!) : null)),
  quietKey: (s) => cells(s).join("|"),
  nowMs: (s) => s.nowMs,
  active,
  describeEvent,
  eventLane,
  effect: describeClusterOutput,
  summary: (outputs) => [
    ...outputs.flatMap((o) => (o.type === "FailoverCompleted" ? [failoverText(o)] : [])),
    ...clientSummary(outputs.flatMap((o) => (o.type === "Proxy" ? [o.output] : []))),
  ],
  legend: "lanes: each node (PRIMARY eN, recovering→ready time, standby, read-only, deposed, DOWN); storage: the lease block {holder epoch #renewals}; the proxy (→ primary, or FAILOVER); each session (trxN[statements told] kind:phase, HELD, CLOSED)",
};
