/**
 * Histories for replication: client commits and reads, replication progress, time, and only the
 * faults the `env.*` knobs allow. Nodes and waiting sessions are chosen by position, resolved
 * modulo their number in the reducer, so every shrunk history stays valid.
 */
import fc from "fast-check";
import type { ReplConfig, ReplEvent } from "../../../model/replication/index.ts";
import type { HistoryBounds } from "../../histories/bounds.ts";

export function replicationEventArb(c: ReplConfig): fc.Arbitrary<ReplEvent> {
  const node = fc.nat({ max: c.nodes - 1 });
  const replica = fc.integer({ min: 1, max: c.nodes - 1 });
  const pick = fc.nat({ max: 3 });
  const longest = c.timeoutMs === null ? c.commitBoundMs : Math.max(c.timeoutMs, 1000);
  const choices: { weight: number; arbitrary: fc.Arbitrary<ReplEvent> }[] = [
    { weight: 6, arbitrary: fc.record({ type: fc.constant("TimeAdvanced" as const), maxMs: fc.integer({ min: 1, max: longest }) }) },
    { weight: 6, arbitrary: fc.constant({ type: "ClientCommitRequested" as const }) },
    { weight: 3, arbitrary: fc.record({ type: fc.constant("ClientReadRequested" as const), node }) },
    { weight: 3, arbitrary: fc.record({ type: fc.constant("ReplicaReceived" as const), node: replica }) },
    { weight: 2, arbitrary: fc.record({ type: fc.constant("ReplicaApplied" as const), node: replica }) },
    { weight: 2, arbitrary: fc.record({ type: fc.constant("FailoverPromoted" as const), pick }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant("ClientGaveUp" as const), pick }) },
  ];
  if (c.env.killWaiters) choices.push({ weight: 2, arbitrary: fc.record({ type: fc.constant("WaiterKilled" as const), pick }) });
  if (c.env.partitions) {
    choices.push({ weight: 2, arbitrary: fc.record({ type: fc.constant("ReplicaIoStopped" as const), node: replica }) });
    choices.push({ weight: 2, arbitrary: fc.record({ type: fc.constant("ReplicaIoStarted" as const), node: replica }) });
  }
  {
    // A primary can always crash; the env knobs decide who may restart, and when.
    choices.push({ weight: 3, arbitrary: fc.record({ type: fc.constant("NodeCrashed" as const), node }) });
    choices.push({ weight: 2, arbitrary: fc.record({ type: fc.constant("NodeRestarted" as const), node }) });
  }
  return fc.oneof(...choices);
}

export function replicationHistoryArb(c: ReplConfig, bounds: HistoryBounds): fc.Arbitrary<ReplEvent[]> {
  return fc.array(replicationEventArb(c), { minLength: 1, maxLength: bounds.maxSteps, size: "medium" });
}
