/**
 * Histories for the composed cluster: client statements through the proxy, time, crashes and
 * restarts (the primary's most often), a planned switchover, and the faults the `env.*` knobs
 * allow to election (pauses, storage partitions, clocks) and replication (rds-ha only).
 */
import fc from "fast-check";
import type { ClusterConfig, ClusterEvent } from "../../../model/cluster/index.ts";
import { isClientEvent, isLeaseWorldEvent, isReplWorldEvent } from "../../../model/cluster/types.ts";
import { leaseEventArb } from "../lease/histories.ts";
import { proxyEventArb } from "../proxy/histories.ts";
import { replicationEventArb } from "../replication/histories.ts";
import type { HistoryBounds } from "../../histories/bounds.ts";

export function clusterEventArb(c: ClusterConfig): fc.Arbitrary<ClusterEvent> {
  const node = fc.nat({ max: c.nodes - 1 });
  // The parts' own generators say which of their events the env knobs allow; the cluster takes
  // the ones it routes to each part and owns time, crashes and restarts itself.
  const client = proxyEventArb(c.proxy).filter(isClientEvent).map((event) => ({ type: "Client" as const, event }));
  const lease = leaseEventArb(c.lease).filter(isLeaseWorldEvent).map((event) => ({ type: "Lease" as const, event }));
  const choices: { weight: number; arbitrary: fc.Arbitrary<ClusterEvent> }[] = [
    { weight: 30, arbitrary: client },
    { weight: 10, arbitrary: fc.record({ type: fc.constant("TimeAdvanced" as const), maxMs: fc.integer({ min: 1, max: Math.max(2, 2 * c.lease.ttlMs) }) }) },
    { weight: 3, arbitrary: fc.constant({ type: "PrimaryCrashed" as const }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant("NodeCrashed" as const), node }) },
    { weight: 2, arbitrary: fc.record({ type: fc.constant("NodeRestarted" as const), node }) },
    { weight: 3, arbitrary: lease },
    { weight: 1, arbitrary: fc.constant({ type: "SwitchoverRequested" as const }) },
  ];
  if (c.architecture === "rds-ha") {
    const repl = replicationEventArb(c.repl).filter(isReplWorldEvent).map((event) => ({ type: "Replication" as const, event }));
    choices.push({ weight: 4, arbitrary: repl });
    choices.push({ weight: 1, arbitrary: fc.constant({ type: "BackupLockTaken" as const }) });
  }
  return fc.oneof(...choices);
}

export function clusterHistoryArb(c: ClusterConfig, bounds: HistoryBounds): fc.Arbitrary<ClusterEvent[]> {
  return fc.array(clusterEventArb(c), { minLength: 1, maxLength: bounds.maxSteps, size: "medium" });
}
