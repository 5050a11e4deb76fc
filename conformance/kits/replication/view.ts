/**
 * How replication reads in a timeline: a lane per node (primary or replica, its log length, its
 * semi-sync status) and one for the clients. A commit waiting for its answer is a span on the
 * clients lane; each binlog event on its way to a replica is a message from source to replica.
 */
import type { ReplEvent, ReplOutput, ReplState, RNode } from "../../../model/replication/index.ts";
import { nodeName, resolvePick } from "../../../model/core/ids.ts";
import { gtidText } from "../../../model/replication/state.ts";
import type { Effect } from "../../trace/timeline/types.ts";
import { effect, type Active, type TimelineView } from "../../trace/timeline/view.ts";

function laneState(n: RNode): string {
  if (!n.up) return "DOWN";
  const role = n.writable ? "PRIMARY" : n.source === null ? "replica" : `replica<${nodeName(n.source)}`;
  const status = n.broken !== null ? " BROKEN" : n.source !== null && !n.ioRunning ? " io-off" : n.writable && !n.semisync.on ? " async" : "";
  return `${role}${status}`;
}

function cell(n: RNode): string {
  return n.up ? `${laneState(n)} log${n.log.length}${n.relay.length ? `+${n.relay.length}` : ""}` : "DOWN";
}

export function describeReplEvent(e: ReplEvent, s: ReplState): string {
  const n = (raw: number): string => nodeName(resolvePick(raw, s.nodes.length));
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

/** Lanes: the nodes, then (standing alone) the clients; `clients` null inside the cluster. */
export function replEventLane(e: ReplEvent, s: ReplState, clients: number | null): number | null {
  switch (e.type) {
    case "TimeAdvanced": case "FailoverPromoted": return null;
    case "ClientCommitRequested": case "WaiterKilled": case "ClientGaveUp": return clients;
    default: return resolvePick(e.node, s.nodes.length);
  }
}

const tones = { ok: "ok", error: "fail", unknown: "info" } as const;

export function replEffect(o: ReplOutput, clients: number | null): Effect | null {
  const n = nodeName;
  switch (o.type) {
    case "TimeNow": return null;
    case "CommitIssued":
      return effect(o.node, o.row === o.id
        ? `row ${o.id} binlogged on ${n(o.node)} as ${gtidText(o.gtid)}`
        : `retry: row ${o.row} sent again as commit ${o.id}, binlogged on ${n(o.node)} as ${gtidText(o.gtid)}`);
    case "CommitReplied": return effect(clients ?? o.node, `commit ${o.id}: client told ${o.outcome.toUpperCase()} (${o.why})`, tones[o.outcome]);
    case "ReadReplied": return effect(clients ?? o.node, `read ${n(o.node)}: ${o.ids === null ? "error (down)" : `[${o.ids.join(",")}]`}`, o.ids === null ? "fail" : "ok");
    case "Received": return effect(o.node, `${n(o.node)} received ${gtidText(o.gtid)}`);
    case "Applied": return effect(o.node, `${n(o.node)} applied ${gtidText(o.gtid)}`);
    case "SemiSyncSwitched": return effect(o.node, `${n(o.node)} semi-sync switched ${o.on ? "ON" : "OFF"}`, o.on ? "neutral" : "info");
    case "ReplicationBroken": return effect(o.node, `${n(o.node)} replication error ${o.error}`, "fail");
    case "Promoted": return effect(o.node, `${n(o.node)} promoted to primary`);
    case "SemiSyncCounters": return effect(o.node, `${n(o.node)} semi-sync ${o.on ? "ON" : "OFF"} yes_tx=${o.yesTx} no_tx=${o.noTx} no_times=${o.noTimes}`);
    case "NodeFault": return effect(o.node, `${n(o.node)} ${o.fault}`, "info");
  }
}

/** Commits waiting for their client's answer, and binlog events shipped but not yet received. */
export function replActive(s: ReplState, clients: number | null, get: (after: unknown) => ReplState | null = (a) => a as ReplState): Active[] {
  const waiting = s.trx.flatMap((t): Active[] =>
    t.client === "pending" ? [{ key: `op:${t.id}`, kind: "op", lane: clients ?? t.node, label: `commit row ${t.row}` }] : []);
  const shipping = s.nodes.flatMap((r, i): Active[] => {
    if (!r.up || r.source === null || !r.ioRunning) return [];
    const src = s.nodes[r.source]!;
    if (!src.up) return [];
    const have = new Set([...r.log, ...r.relay].map((x) => gtidText(x.gtid)));
    return src.log.filter((x) => !have.has(gtidText(x.gtid)))
      .map((x) => ({
        key: `ship:${i}:${gtidText(x.gtid)}`, kind: "io", lane: r.source!, toLane: i, label: gtidText(x.gtid),
        // Received is routine chatter the cluster leaves out of its outputs: read the replica instead.
        landsIf: (after: unknown) => {
          const r = get(after)?.nodes[i];
          return r !== undefined && [...r.log, ...r.relay].some((y) => gtidText(y.gtid) === gtidText(x.gtid));
        },
      }));
  });
  return [...waiting, ...shipping];
}

export const replCell = cell;

export const replicationView: TimelineView<ReplState, ReplEvent, ReplOutput> = {
  lanes: (s) => [...s.nodes.map((_, i) => ({ label: nodeName(i), kind: "node" as const })), { label: "clients", kind: "client" }],
  cells: (s) => [...s.nodes.map(cell), clientsCell(s)],
  clocks: (s) => [...s.nodes.map(() => null), null],
  quietKey: (s) => [...s.nodes.map(cell), clientsCell(s)].join("|"),
  nowMs: (s) => s.nowMs,
  active: (s) => replActive(s, s.nodes.length),
  describeEvent: describeReplEvent,
  eventLane: (e, s) => replEventLane(e, s, s.nodes.length),
  effect: (o, s) => replEffect(o, s.nodes.length),
  legend: "lanes: PRIMARY or replica<source, DOWN/BROKEN/io-off/async, logN(+relay) = binlog entries (+ received, not applied); clients: commits waiting for an answer",
};

function clientsCell(s: ReplState): string {
  const n = s.trx.filter((t) => t.client === "pending").length;
  return n === 0 ? "idle" : `${n} commit${n > 1 ? "s" : ""} waiting`;
}
