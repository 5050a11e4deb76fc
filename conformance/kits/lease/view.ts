/**
 * How lease election reads in a timeline: a lane per node (its role, its belief in the lease, its
 * local clock), one for the CAS block on storage, one for the clients writing through the
 * leaders. Leases believed are spans on their node; every CAS and write is a message from its
 * node to storage, and a CAS's reply one back.
 */
import type { Io, LeaseEvent, LeaseNode, LeaseOutput, LeaseState } from "../../../model/lease/index.ts";
import { nodeName, resolvePick } from "../../../model/core/ids.ts";
import { believesLeader } from "../../../model/lease/state.ts";
import { NS_PER_MS } from "../../../model/lease/config.ts";
import type { Effect } from "../../trace/timeline/types.ts";
import { effect, type Active, type TimelineView } from "../../trace/timeline/view.ts";

/** Where the lease's lanes sit: alone, or inside the composed cluster. */
export interface LeaseLanes {
  readonly node: (i: number) => number;
  readonly storage: number;
  readonly clients: number | null;
  /** The lease's own output inside whatever the protocol outputs (the cluster wraps it). */
  readonly unwrap: (o: unknown) => LeaseOutput | null;
  /** Whether renewal CASes are drawn: the cluster's outputs leave them out as routine (model/cluster/parts.ts). */
  readonly renewals: boolean;
}

export const leaseAlone = (s: LeaseState): LeaseLanes => ({ node: (i) => i, storage: s.nodes.length, clients: s.nodes.length + 1, unwrap: (o) => o as LeaseOutput, renewals: true });

function laneState(n: LeaseNode): string {
  const role = believesLeader(n) ? `LEADER e${n.lease!.epoch}` : n.role === "Leader" ? "expired" : n.role.toLowerCase();
  const status = !n.up ? " DOWN" : n.pausedUntilMs !== null ? " PAUSED" : !n.storageReachable ? " CUT" : "";
  return `${role}${status}`;
}

export const localMs = (n: LeaseNode): number => Math.floor(n.localNs / NS_PER_MS);

export const blockText = (b: { holder: number | null; epoch: number; renewSeq: number }): string =>
  `{${b.holder === null ? "-" : nodeName(b.holder)} e${b.epoch} #${b.renewSeq}}`;

export function describeLeaseEvent(e: LeaseEvent, s: LeaseState): string {
  const n = (raw: number): string => nodeName(resolvePick(raw, s.nodes.length));
  switch (e.type) {
    case "TimeAdvanced": return `time ≤${e.maxMs}ms`;
    case "LeaderWriteRequested": return `client → ${n(e.node)}: write ${e.target}`;
    case "IoProgressed": return `I/O #${e.pick} progresses`;
    case "NodeWoke": return `${n(e.node)} wakes early`;
    case "NodePaused": return `${n(e.node)} paused ${e.ms}ms`;
    case "NodeCrashed": return `${n(e.node)} crashes`;
    case "NodeRestarted": return `${n(e.node)} restarts`;
    case "StoragePartitioned": return `${n(e.node)} loses storage`;
    case "StorageHealed": return `${n(e.node)} regains storage`;
    case "ClockRateChanged": return `${n(e.node)} clock ${e.ppm >= 0 ? "+" : ""}${e.ppm}ppm`;
    case "ClockJumped": return `${n(e.node)} clock jumps ${e.ms}ms`;
    case "LeaseReleased": return `${n(e.node)} releases its lease (planned switchover)`;
  }
}

export function leaseEventLane(e: LeaseEvent, s: LeaseState, at: LeaseLanes): number | null {
  switch (e.type) {
    case "TimeAdvanced": return null;
    case "IoProgressed": return at.storage;
    case "LeaderWriteRequested": return at.clients ?? at.node(resolvePick(e.node, s.nodes.length));
    default: return at.node(resolvePick(e.node, s.nodes.length));
  }
}

export function leaseEffect(o: LeaseOutput, at: LeaseLanes): Effect | null {
  const n = nodeName;
  switch (o.type) {
    case "TimeNow": return null;
    case "RoleChanged": return effect(at.node(o.node), `${n(o.node)} → ${o.role}${o.epoch === null ? "" : ` e${o.epoch}`} (${o.why})`);
    case "CasIssued": return effect(at.node(o.node), `${n(o.node)} sends ${o.purpose} CAS ${blockText(o.expect)}→${blockText(o.next)}`);
    case "CasLanded": return effect(at.storage, `${n(o.node)}'s ${o.purpose} CAS ${o.ok ? "applied" : "fails"}: block ${blockText(o.block)}`, o.ok ? "ok" : "fail");
    case "CasReplied": return effect(at.node(o.node), `${n(o.node)} hears ${o.purpose} ${o.ok ? "ok" : "failed"}`, o.ok ? "ok" : "fail");
    case "BlindWriteLanded": return effect(at.storage, `${n(o.node)} overwrites block ${blockText(o.block)}`, "fail");
    case "WriteIssued": return effect(at.node(o.node), `${n(o.node)} issues ${o.target} write e${o.epoch}`);
    case "WriteRefused": return effect(at.clients ?? at.node(o.node), `${n(o.node)} refuses ${o.target} write: ${o.why}`, "fail");
    case "WriteLanded":
      return effect(at.storage, `${n(o.node)}'s ${o.target} write e${o.epoch} lands at e${o.blockEpoch}: ${o.accepted ? "ACCEPTED" : "rejected"}`, o.accepted ? "ok" : "fail");
    case "TopologyLearned": return effect(at.node(o.node), `${n(o.node)} learns leader ${o.leader === null ? "-" : n(o.leader)} e${o.epoch}`);
    case "BlockObserved": return effect(at.node(o.node), `${n(o.node)} reads block ${blockText(o.value)}`);
    case "NodeFault": return effect(at.node(o.node), `${n(o.node)} ${o.fault}`, "info");
  }
}

/** Leases believed, and each I/O: issue → landing, and a CAS's reply landing → heard. */
export function leaseActive(s: LeaseState, at: LeaseLanes): Active[] {
  const beliefs = s.nodes.flatMap((node, i): Active[] =>
    believesLeader(node) ? [{ key: `lease:${i}:${node.lease!.epoch}`, kind: "lease", lane: at.node(i), label: `leader e${node.lease!.epoch}` }] : []);
  return [...beliefs, ...s.inflight.flatMap((x) => ioActive(x, at))];
}

/** An I/O as messages; each says which output shows it arrived (a crash or a restart can lose it instead). */
function ioActive(x: Io, at: LeaseLanes): Active[] {
  const from = at.node(x.node);
  const arrives = (p: (o: LeaseOutput) => boolean) => (_after: unknown, outputs: readonly unknown[]): boolean =>
    outputs.some((o) => {
      const l = at.unwrap(o);
      return l !== null && l.type !== "TimeNow" && l.node === x.node && p(l);
    });
  switch (x.kind) {
    case "cas":
      if (x.purpose === "renew" && !at.renewals) return [];
      return x.landed
      ? [{ key: `reply:${x.id}`, kind: "io", lane: at.storage, toLane: from, label: `${x.purpose} CAS ${x.ok ? "ok" : "failed"}`, landsIf: arrives((o) => o.type === "CasReplied" && o.purpose === x.purpose) }]
      : [{ key: `io:${x.id}`, kind: "io", lane: from, toLane: at.storage, label: `${x.purpose} CAS →${blockText(x.next)}`, landsIf: arrives((o) => o.type === "CasLanded" && o.purpose === x.purpose) }];
    case "write": return [
      { key: `io:${x.id}`, kind: "io", lane: from, toLane: at.storage, label: `${x.target} write e${x.epoch}`, landsIf: arrives((o) => o.type === "WriteLanded" && o.target === x.target && o.epoch === x.epoch) },
      ...(at.clients === null ? [] : [{ key: `op:${x.id}`, kind: "op" as const, lane: at.clients, label: `write ${x.target} via ${nodeName(x.node)}` }]),
    ];
    case "blind": return [{ key: `io:${x.id}`, kind: "io", lane: from, toLane: at.storage, label: `blind write ${blockText(x.value)}`, landsIf: arrives((o) => o.type === "BlindWriteLanded") }];
  }
}

export const leaseCell = (n: LeaseNode): string => laneState(n);

export const leaseView: TimelineView<LeaseState, LeaseEvent, LeaseOutput> = {
  lanes: (s) => [...s.nodes.map((_, i) => ({ label: nodeName(i), kind: "node" as const })), { label: "storage", kind: "storage" }, { label: "clients", kind: "client" }],
  cells: (s) => [...s.nodes.map(laneState), blockText(s.block), writesWaiting(s)],
  clocks: (s) => [...s.nodes.map(localMs), null, null],
  quietKey: (s) => [...s.nodes.map(laneState), blockText(s.block), writesWaiting(s)].join("|"),
  nowMs: (s) => s.nowMs,
  active: (s) => leaseActive(s, leaseAlone(s)),
  describeEvent: describeLeaseEvent,
  eventLane: (e, s) => leaseEventLane(e, s, leaseAlone(s)),
  effect: (o, s) => leaseEffect(o, leaseAlone(s)),
  legend: "lanes: each node's role (LEADER eN = believes it holds epoch N by its own clock; expired = leader role, lease run out), DOWN/PAUSED/CUT, @its local clock ms; storage: the CAS block {holder epoch #renewals}; clients: writes in flight",
};

function writesWaiting(s: LeaseState): string {
  const n = s.inflight.filter((x) => x.kind === "write").length;
  return n === 0 ? "idle" : `${n} write${n > 1 ? "s" : ""} in flight`;
}
