/**
 * What a replication history decided for its clients, comparable between the model and a real
 * server: each commit's reply (ok, error, unknown). The instants at which a reply may
 * legitimately differ are the semi-sync timeouts and the client's own timeout.
 */
import type { ReplConfig, ReplEvent, ReplOutput, ReplState } from "../../model/replication/index.ts";
import type { Boundary, Outcome } from "./outcome.ts";
import { primaryOf } from "../../model/replication/state.ts";
import { checkHistory, validateHistory } from "../check/history/index.ts";
import { replicationHistory } from "../check/history/from-replication.ts";
import type { Violation } from "../check/run.ts";

export function replicationOutcomes(_events: readonly ReplEvent[], outputs: readonly (readonly ReplOutput[])[], times: readonly number[]): Outcome[] {
  const out: Outcome[] = [];
  outputs.forEach((step, i) => {
    for (const o of step) {
      if (o.type === "CommitReplied") out.push({ id: `commit#${o.id}`, step: i, verdict: o.outcome, decided: [{ t: times[i]!, by: "node" }] });
    }
  });
  return out;
}

export function replicationBoundaries(run: { states: readonly ReplState[] }, config: ReplConfig): Boundary[] {
  const out: Boundary[] = [];
  for (const s of run.states) {
    for (const w of s.waiters) {
      if (config.timeoutMs !== null) out.push({ t: w.sinceMs + config.timeoutMs, kind: "node" });
      out.push({ t: w.sinceMs + config.commitBoundMs, kind: "node" });
    }
  }
  return out;
}

export function replicationSettled(s: ReplState): boolean {
  return s.waiters.every((w) => w.abandoned);
}

/** Once the faults are over, read the primary: what it shows is what survived. */
export function replicationFinalReads(s: ReplState): ReplEvent[] {
  const p = primaryOf(s);
  return p === null ? [] : [{ type: "ClientReadRequested", node: p }];
}

/** The client-history checkers, on what clients saw (the model's or a real server's). */
export function checkReplicationHistory(outputs: readonly (readonly ReplOutput[])[], times: readonly number[], finalFrom: number): Violation | null {
  const h = replicationHistory(outputs, times, finalFrom);
  const malformed = validateHistory(h)[0];
  if (malformed !== undefined) return { invariant: "wellFormedHistory", step: finalFrom, message: malformed };
  const a = checkHistory(h)[0];
  return a === undefined ? null : { invariant: a.checker, step: Math.max(0, outputs.length - 1), message: a.message };
}
