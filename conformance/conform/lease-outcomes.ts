/**
 * What a lease history decided, in terms both the model and a real system can report: for every
 * client write request, whether it was refused, and if not whether storage accepted it, accepted
 * it from a stale epoch, or fenced it off. Plus the instants near which such a decision may
 * legitimately go either way on a real system (a lease ending, a takeover).
 */
import type { LeaseEvent, LeaseOutput, LeaseState } from "../../model/lease/index.ts";
import type { Outcome } from "./outcome.ts";

export function leaseOutcomes(events: readonly LeaseEvent[], outputs: readonly (readonly LeaseOutput[])[], times: readonly number[]): Outcome[] {
  const outcomes = new Map<string, Outcome>();
  const queues = new Map<string, (string | null)[]>();
  events.forEach((event, step) => {
    const t = times[step]!;
    for (const o of outputs[step] ?? []) {
      const requested = event.type === "LeaderWriteRequested" && "node" in o && o.node === event.node;
      if (o.type === "WriteRefused" && requested) outcomes.set(`write@${step}`, { id: `write@${step}`, step, verdict: "refused", times: [t] });
      if (o.type === "WriteIssued") {
        const id = requested ? `write@${step}` : null;
        if (id !== null) outcomes.set(id, { id, step, verdict: "issued, never landed", times: [t] });
        const key = `${o.node}/${o.target}`;
        queues.set(key, [...(queues.get(key) ?? []), id]);
      }
      if (o.type === "WriteLanded") {
        const id = queues.get(`${o.node}/${o.target}`)?.shift() ?? null;
        const issued = id === null ? undefined : outcomes.get(id);
        if (issued !== undefined) outcomes.set(id!, { ...issued, verdict: landedVerdict(o), times: [...issued.times, t] });
      }
    }
  });
  return [...outcomes.values()].sort((a, b) => a.step - b.step);
}

function landedVerdict(o: LeaseOutput & { type: "WriteLanded" }): string {
  if (!o.accepted) return "fenced off";
  return o.epoch < o.blockEpoch ? `accepted from stale epoch ${o.epoch} at epoch ${o.blockEpoch}` : "accepted";
}

/** Instants at which the model's lease picture changed: takeovers, and leases running out. */
export function leaseBoundaries(states: readonly LeaseState[], config: { ttlMs: number }): number[] {
  const out = new Set<number>();
  const passed = (a: LeaseState, b: LeaseState, t: number): boolean => a.nowMs < t && t <= b.nowMs;
  for (let i = 1; i < states.length; i++) {
    const [a, b] = [states[i - 1]!, states[i]!];
    if (a.block.epoch !== b.block.epoch) out.add(b.nowMs);
    const blockEnd = b.ghost.blockIssuedAtMs + config.ttlMs;
    if (passed(a, b, blockEnd)) out.add(blockEnd);
    for (const n of b.nodes) if (passed(a, b, n.ghost.trueLeaseEndMs)) out.add(n.ghost.trueLeaseEndMs);
  }
  return [...out].sort((x, y) => x - y);
}
