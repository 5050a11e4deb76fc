/**
 * How the cluster reads in a timeline: one lane per node (its role in election, whether it
 * serves, recovers or is down) and one per client session; the event, and what each part did.
 */
import type { ClusterEvent, ClusterOutput, ClusterState } from "../../model/cluster/index.ts";
import { sessionName } from "../../model/proxy/session.ts";
import { describeLeaseEvent, describeLeaseOutput } from "./lease-view.ts";
import { clientSummary, describeProxyEvent, describeProxyOutput, sessionLane } from "./proxy-view.ts";
import { describeReplEvent, describeReplOutput } from "./replication-view.ts";
import type { ProtocolView } from "./view.ts";

function nodeLane(s: ClusterState, i: number): string {
  const n = s.lease.nodes[i]!;
  if (!n.up) return "DOWN";
  if (s.primary === i) return `PRIMARY e${s.lease.block.epoch}`;
  if (s.failover?.node === i) return `recovering→${s.failover.readyAtMs}`;
  const role = n.role === "Leader" ? "deposed" : n.role === "Follower" ? "standby" : "read-only";
  return `${role}${n.pausedUntilMs !== null ? " PAUSED" : !n.storageReachable ? " CUT" : ""}`;
}

const lanes = (s: ClusterState): string[] => [...s.lease.nodes.map((_, i) => nodeLane(s, i)), ...s.proxy.sessions.map(sessionLane)];

function describeEvent(e: ClusterEvent, s: ClusterState): string {
  switch (e.type) {
    case "TimeAdvanced": return `time ≤${e.maxMs}ms`;
    case "Client": return describeProxyEvent(e.event, s.proxy);
    case "PrimaryCrashed": return "the primary crashes";
    case "NodeCrashed": return `n${(e.node % s.lease.nodes.length) + 1} crashes`;
    case "NodeRestarted": return `n${(e.node % s.lease.nodes.length) + 1} restarts`;
    case "Lease": return describeLeaseEvent(e.event, s.lease);
    case "Replication": return s.repl === null ? "replication (none on shared storage)" : describeReplEvent(e.event, s.repl);
    case "SwitchoverRequested": return "planned switchover requested";
    case "BackupLockTaken": return "the primary's own backup takes FTWRL";
  }
}

function describeOutput(o: ClusterOutput): string | null {
  switch (o.type) {
    case "TimeNow": return null;
    case "Lease": return describeLeaseOutput(o.output);
    case "Replication": return describeReplOutput(o.output);
    case "Proxy": return describeProxyOutput(o.output);
    case "FailoverStarted": return `${o.kind.toUpperCase()} begins: ${o.why}`;
    case "PrimaryElected": return `n${o.node + 1} elected at epoch ${o.epoch}${o.recovery === null ? ", but replication cannot promote it" : `; recovery ${o.recovery.totalMs} ms`}`;
    case "FailoverCompleted":
      return `n${o.node + 1} opens: ${o.kind} took ${o.totalMs} ms = detection ${o.detectionMs} + election ${o.electionMs} + recovery ${o.recoveryMs}${o.excused ? " (standby disturbed: no RTO)" : ""}`;
    case "GlobalReadLock": return o.on ? "FTWRL taken: writes block" : "FTWRL released";
    case "WriteBlocked": return `${sessionName(o.session)} blocked: ${o.why}`;
    case "StatementStalled": return `${sessionName(o.session)}'s statement hangs: ${o.why}`;
  }
}

export const clusterView: ProtocolView<ClusterState, ClusterEvent, ClusterOutput> = {
  laneNames: (s) => [...s.lease.nodes.map((_, i) => `n${i + 1}`), ...s.proxy.sessions.map((_, i) => sessionName(i))],
  lanes,
  laneKey: (s) => lanes(s).join("|"),
  nowMs: (s) => s.nowMs,
  describeEvent,
  describeOutput,
  summary: (outputs) => [
    ...outputs.flatMap((o) => (o.type === "FailoverCompleted" ? [describeOutput(o)!] : [])),
    ...clientSummary(outputs.flatMap((o) => (o.type === "Proxy" ? [o.output] : []))),
  ],
  legend: "lanes: each node (PRIMARY eN, recovering→ready time, standby, read-only, deposed, DOWN), then each session (trxN[statements told] kind:phase, HELD, CLOSED)",
};
