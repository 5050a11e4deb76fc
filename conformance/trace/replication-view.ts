/**
 * How replication reads in a timeline: one lane per node (primary or replica, its log length,
 * what it shows, its semi-sync status), the event, and what clients were told.
 */
import type { ReplEvent, ReplOutput, ReplState, RNode } from "../../model/replication/index.ts";
import { gtidText, nodeName } from "../../model/replication/state.ts";
import { perNodeView } from "./view.ts";

function laneState(n: RNode, i: number): string {
  if (!n.up) return "DOWN";
  const role = n.writable ? "PRIMARY" : n.source === null ? "replica" : `replica<${nodeName(n.source)}`;
  const status = n.broken !== null ? " BROKEN" : n.source !== null && !n.ioRunning ? " io-off" : n.writable && !n.semisync.on ? " async" : "";
  return `${role}${status}${i >= 0 ? "" : ""}`;
}

function lane(n: RNode, i: number): string {
  return n.up ? `${laneState(n, i)} log${n.log.length}${n.relay.length ? `+${n.relay.length}` : ""}` : "DOWN";
}

export function describeReplEvent(e: ReplEvent, s: ReplState): string {
  const n = (raw: number): string => nodeName(raw % s.nodes.length);
  switch (e.type) {
    case "TimeAdvanced": return `time ≤${e.maxMs}ms`;
    case "ClientCommitRequested": return "client commits a new row";
    case "ClientReadRequested": return `client reads ${n(e.node)}`;
    case "ReplicaReceived": return `${n(e.node)} receives`;
    case "ReplicaApplied": return `${n(e.node)} applies`;
    case "ReplicaIoStopped": return `${n(e.node)} IO thread stops`;
    case "ReplicaIoStarted": return `${n(e.node)} IO thread starts`;
    case "WaiterKilled": return `a waiting session is killed (#${e.pick})`;
    case "ClientGaveUp": return `a waiting client gives up (#${e.pick})`;
    case "NodeCrashed": return `${n(e.node)} crashes`;
    case "NodeRestarted": return `${n(e.node)} restarts`;
    case "FailoverPromoted": return "failover";
    case "CountersRead": return `read ${n(e.node)}'s semi-sync counters`;
  }
}

export function describeReplOutput(o: ReplOutput): string | null {
  switch (o.type) {
    case "TimeNow": return null;
    case "CommitIssued":
      return o.row === o.id
        ? `row ${o.id} binlogged on ${nodeName(o.node)} as ${gtidText(o.gtid)}`
        : `retry: row ${o.row} sent again as commit ${o.id}, binlogged on ${nodeName(o.node)} as ${gtidText(o.gtid)}`;
    case "CommitReplied": return `commit ${o.id}: client told ${o.outcome.toUpperCase()} (${o.why})`;
    case "ReadReplied": return `read ${nodeName(o.node)}: ${o.ids === null ? "error (down)" : `[${o.ids.join(",")}]`}`;
    case "Received": return `${nodeName(o.node)} received ${gtidText(o.gtid)}`;
    case "Applied": return `${nodeName(o.node)} applied ${gtidText(o.gtid)}`;
    case "SemiSyncSwitched": return `${nodeName(o.node)} semi-sync switched ${o.on ? "ON" : "OFF"}`;
    case "ReplicationBroken": return `${nodeName(o.node)} replication error ${o.error}`;
    case "Promoted": return `${nodeName(o.node)} promoted to primary`;
    case "SemiSyncCounters": return `${nodeName(o.node)} semi-sync ${o.on ? "ON" : "OFF"} yes_tx=${o.yesTx} no_tx=${o.noTx} no_times=${o.noTimes}`;
    case "NodeFault": return `${nodeName(o.node)} ${o.fault}`;
  }
}

export const replicationView = perNodeView({
  name: nodeName,
  lane,
  laneState,
  describeEvent: describeReplEvent,
  describeOutput: describeReplOutput,
  legend: "lanes: PRIMARY or replica<source, DOWN/BROKEN/io-off/async, logN(+relay) = binlog entries (+ received, not applied)",
});
