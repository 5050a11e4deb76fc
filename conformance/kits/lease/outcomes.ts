/**
 * What a lease history decided, in terms both the model and a real system can report: for every
 * client write request, whether it was refused, and if not whether storage accepted it, accepted
 * it from a stale epoch, or fenced it off; and for every epoch a node took the lease at, which
 * node took it. Plus the instants near which such a decision may
 * legitimately go either way on a real system (a lease ending, a takeover).
 */
import type { LeaseEvent, LeaseOutput, LeaseState } from "../../../model/lease/index.ts";
import type { Boundary, Outcome, Verdict } from "../../conform/outcome.ts";

export function leaseOutcomes(events: readonly LeaseEvent[], outputs: readonly (readonly LeaseOutput[])[], times: readonly number[]): Outcome[] {
  return leaseWriteOutcomes(events.map((e) => (e.type === "LeaderWriteRequested" ? e.node : null)), outputs, times);
}

/**
 * The same, for any protocol whose steps may carry lease outputs (the cluster): `requestedBy[k]`
 * is the node whose client asked for a write at step k, or null.
 */
export function leaseWriteOutcomes(requestedBy: readonly (number | null)[], outputs: readonly (readonly LeaseOutput[])[], times: readonly number[]): Outcome[] {
  const outcomes = new Map<string, Outcome>();
  const queues = new Map<string, (string | null)[]>();
  requestedBy.forEach((by, step) => {
    const t = times[step]!;
    for (const o of outputs[step] ?? []) {
      const requested = by !== null && "node" in o && o.node === by;
      if (o.type === "RoleChanged" && o.role === "Leader" && o.epoch !== null && !outcomes.has(takeoverId(o.epoch))) {
        outcomes.set(takeoverId(o.epoch), { id: takeoverId(o.epoch), step, verdict: { kind: "leader", node: o.node }, decided: [{ t, by: "storage" }] });
      }
      if (o.type === "WriteRefused" && requested) outcomes.set(`write@${step}`, { id: `write@${step}`, step, verdict: { kind: "refused" }, decided: [{ t, by: "node" }] });
      if (o.type === "WriteIssued") {
        const id = requested ? `write@${step}` : null;
        if (id !== null) outcomes.set(id, { id, step, verdict: { kind: "unlanded" }, decided: [{ t, by: "node" }] });
        const key = `${o.node}/${o.target}`;
        queues.set(key, [...(queues.get(key) ?? []), id]);
      }
      if (o.type === "WriteLanded") {
        const id = queues.get(`${o.node}/${o.target}`)?.shift() ?? null;
        const issued = id === null ? undefined : outcomes.get(id);
        if (issued !== undefined) outcomes.set(id!, { ...issued, verdict: landedVerdict(o), decided: [...issued.decided, { t, by: "storage" }] });
      }
    }
  });
  return [...outcomes.values()].sort((a, b) => a.step - b.step);
}

/** A takeover is known by its epoch: both sides number epochs from the initial holder's 1. */
const takeoverId = (epoch: number): string => `leader e${epoch}`;

function landedVerdict(o: LeaseOutput & { type: "WriteLanded" }): Verdict {
  if (!o.accepted) return { kind: "fenced" };
  return o.epoch < o.blockEpoch ? { kind: "accepted-stale", epoch: o.epoch, blockEpoch: o.blockEpoch } : { kind: "accepted" };
}

/**
 * Instants at which the model's lease picture changed: for storage, takeovers and the block's
 * lease running out (also the one still running when the history ends); for nodes, also any
 * node gaining or giving up the leader role.
 */
export function leaseBoundaries(run: { states: readonly LeaseState[]; outputs: readonly (readonly LeaseOutput[])[]; times: readonly number[] }, config: { ttlMs: number }): Boundary[] {
  const out: Boundary[] = [];
  const { states, outputs, times } = run;
  for (let i = 1; i < states.length; i++) {
    const [a, b] = [states[i - 1]!, states[i]!];
    // The takeover that moves the block is decided by this instant, which cannot make it uncertain.
    if (a.block.epoch !== b.block.epoch) out.push({ t: b.nowMs, kind: "storage", owner: takeoverId(b.block.epoch) });
    if (outputs[i - 1]?.some((o) => o.type === "RoleChanged")) out.push({ t: times[i - 1]!, kind: "node" });
    const blockEnd = b.ghost.blockIssuedAtMs + config.ttlMs;
    if (a.nowMs < blockEnd && (blockEnd <= b.nowMs || i === states.length - 1)) out.push({ t: blockEnd, kind: "storage" });
  }
  return out;
}
