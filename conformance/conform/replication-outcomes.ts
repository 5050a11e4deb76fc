/**
 * What a replication history decided for its clients, comparable between the model and a real
 * server: each commit's reply (ok, error, unknown). The instants at which a reply may
 * legitimately differ are the semi-sync timeouts and the client's own timeout.
 */
import type { ReplConfig, ReplEvent, ReplOutput, ReplState } from "../../model/replication/index.ts";
import type { Boundary, Outcome } from "./outcome.ts";

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
