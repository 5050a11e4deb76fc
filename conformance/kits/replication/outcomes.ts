/**
 * What a replication history decided for its clients, comparable between the model and a real
 * server: each commit's reply (ok, error, unknown), the primary's semi-sync counters, and what
 * each final read showed (which rows survived). The instants at which a reply may
 * legitimately differ are the semi-sync timeouts and the client's own timeout.
 */
import { nodeName } from "../../../model/core/ids.ts";
import type { ReplConfig, ReplEvent, ReplOutput, ReplState } from "../../../model/replication/index.ts";
import type { Boundary, Outcome } from "../../conform/outcome.ts";
import { primaryOf } from "../../../model/replication/state.ts";
import { checkHistory, validateHistory } from "../../check/history/index.ts";
import { replicationHistory } from "./client-history.ts";
import type { Violation } from "../../check/run.ts";

/** Events whose timing can race a semi-sync timeout, and so decide whether a commit counts yes or no. */
const RACES = new Set<ReplEvent["type"]>(["ClientCommitRequested", "ReplicaIoStarted", "WaiterKilled", "NodeCrashed", "FailoverPromoted", "NodeRestarted"]);

export function replicationOutcomes(events: readonly ReplEvent[], outputs: readonly (readonly ReplOutput[])[], times: readonly number[], finalFrom = Number.POSITIVE_INFINITY): Outcome[] {
  const out: Outcome[] = [];
  const races = events.flatMap((e, i) => (RACES.has(e.type) ? [{ t: times[i]!, by: "node" as const }] : []));
  outputs.forEach((step, i) => {
    for (const o of step) {
      if (o.type === "CommitReplied") out.push({ id: `commit#${o.id}`, step: i, verdict: { kind: "commit", outcome: o.outcome }, decided: [{ t: times[i]!, by: "node" }] });
      // The counters sum every commit's fate: any race with a timeout may tip one of them.
      if (o.type === "SemiSyncCounters") {
        out.push({ id: `counters@${nodeName(o.node)}`, step: i, verdict: { kind: "counters", on: o.on, yesTx: o.yesTx, noTx: o.noTx, noTimes: o.noTimes }, decided: races });
      }
      // What survived is decided by every commit's fate and every failover: the same races tip it.
      if (o.type === "ReadReplied" && i >= finalFrom) {
        out.push({ id: `final read@${nodeName(o.node)}`, step: i, verdict: { kind: "read", ids: o.ids === null ? null : [...o.ids].sort((a, b) => a - b) }, decided: [...races, { t: times[i]!, by: "node" }] });
      }
    }
  });
  return out;
}

export function replicationBoundaries(run: { states: readonly ReplState[] }, config: ReplConfig): Boundary[] {
  const out: Boundary[] = [];
  for (const s of run.states) {
    for (const w of s.waiters) {
      const owner = `commit#${w.id}`;
      if (config.timeoutMs !== null) out.push({ t: w.sinceMs + config.timeoutMs, kind: "node", owner });
      out.push({ t: w.sinceMs + config.commitBoundMs, kind: "node", owner });
    }
  }
  return out;
}

export function replicationSettled(s: ReplState): boolean {
  return s.waiters.every((w) => w.abandoned);
}

/**
 * Jepsen's final phase: once the faults are over, restart what is down, reconnect every replica,
 * let time pass, and read every node: what the reads show is what survived, and nodes whose data
 * differ have diverged.
 */
export function replicationFinalReads(s: ReplState): ReplEvent[] {
  const down = s.nodes.flatMap((n, i): ReplEvent[] => (n.up ? [] : [{ type: "NodeRestarted", node: i }]));
  const reconnect = s.nodes.flatMap((n, i): ReplEvent[] => (n.writable ? [] : [{ type: "ReplicaIoStarted", node: i }]));
  const reads = s.nodes.map((_, i): ReplEvent => ({ type: "ClientReadRequested", node: i }));
  // The primary's semi-sync counters, first, before the healing steps add anything to them.
  const p = primaryOf(s);
  const counters: ReplEvent[] = p === null ? [] : [{ type: "CountersRead", node: p }];
  return [...counters, ...down, ...reconnect, { type: "TimeAdvanced", maxMs: 1000 }, ...reads];
}

/** The client-history checkers, on what clients saw (the model's or a real server's). */
export function checkReplicationHistory(outputs: readonly (readonly ReplOutput[])[], times: readonly number[], finalFrom: number): Violation | null {
  // Only the reads after the healing steps are final.
  const firstRead = outputs.findIndex((step, i) => i >= finalFrom && step.some((o) => o.type === "ReadReplied"));
  const h = replicationHistory(outputs, times, firstRead < 0 ? outputs.length : firstRead);
  const malformed = validateHistory(h)[0];
  if (malformed !== undefined) return { invariant: "wellFormedHistory", step: finalFrom, message: malformed };
  const a = checkHistory(h)[0];
  // Clients cannot tell an outage the configuration promised from one it did not (a lossless
  // primary with no replica blocks by design), so liveness stays with the model's CommitTerminates.
  return a === undefined ? null : { invariant: a.checker, step: Math.max(0, outputs.length - 1), message: a.message };
}
