/**
 * How lease election reads in a timeline: one lane per node showing its role, its belief in the
 * lease (epoch) and its local clock; the event and what storage and the nodes did, in words.
 */
import type { LeaseEvent, LeaseNode, LeaseOutput, LeaseState } from "../../model/lease/index.ts";
import { believesLeader, nodeName } from "../../model/lease/state.ts";
import { NS_PER_MS } from "../../model/lease/config.ts";
import { perNodeView } from "./view.ts";

function laneState(n: LeaseNode): string {
  const role = believesLeader(n) ? `LEADER e${n.lease!.epoch}` : n.role === "Leader" ? "expired" : n.role.toLowerCase();
  const status = !n.up ? " DOWN" : n.pausedUntilMs !== null ? " PAUSED" : !n.storageReachable ? " CUT" : "";
  return `${role}${status}`;
}

function lane(n: LeaseNode): string {
  return `${laneState(n)} @${Math.floor(n.localNs / NS_PER_MS)}`;
}

export function describeLeaseEvent(e: LeaseEvent, s: LeaseState): string {
  const n = (raw: number): string => nodeName(raw % s.nodes.length);
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

const block = (b: { holder: number | null; epoch: number; renewSeq: number }): string =>
  `{${b.holder === null ? "-" : nodeName(b.holder)} e${b.epoch} #${b.renewSeq}}`;

export function describeLeaseOutput(o: LeaseOutput): string | null {
  switch (o.type) {
    case "TimeNow": return null;
    case "RoleChanged": return `${nodeName(o.node)} → ${o.role}${o.epoch === null ? "" : ` e${o.epoch}`} (${o.why})`;
    case "CasIssued": return `${nodeName(o.node)} sends ${o.purpose} CAS ${block(o.expect)}→${block(o.next)}`;
    case "CasLanded": return `${nodeName(o.node)}'s ${o.purpose} CAS ${o.ok ? "applied" : "fails"}: block ${block(o.block)}`;
    case "CasReplied": return `${nodeName(o.node)} hears ${o.purpose} ${o.ok ? "ok" : "failed"}`;
    case "BlindWriteLanded": return `${nodeName(o.node)} overwrites block ${block(o.block)}`;
    case "WriteIssued": return `${nodeName(o.node)} issues ${o.target} write e${o.epoch}`;
    case "WriteRefused": return `${nodeName(o.node)} refuses ${o.target} write: ${o.why}`;
    case "WriteLanded":
      return `${nodeName(o.node)}'s ${o.target} write e${o.epoch} lands at e${o.blockEpoch}: ${o.accepted ? "ACCEPTED" : "rejected"}`;
    case "TopologyLearned": return `${nodeName(o.node)} learns leader ${o.leader === null ? "-" : nodeName(o.leader)} e${o.epoch}`;
    case "BlockObserved": return `${nodeName(o.node)} reads block ${block(o.value)}`;
    case "NodeFault": return `${nodeName(o.node)} ${o.fault}`;
  }
}

export const leaseView = perNodeView({
  name: nodeName,
  lane,
  laneState,
  describeEvent: describeLeaseEvent,
  describeOutput: describeLeaseOutput,
  legend: "lanes: role (LEADER eN = believes it holds epoch N by its own clock; expired = leader role, lease run out), DOWN/PAUSED/CUT, @local clock ms; block {holder epoch #renewals}",
});
