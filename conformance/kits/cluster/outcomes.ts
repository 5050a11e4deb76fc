/**
 * What a cluster history decided, as its clients and storage can see it: the proxy's replies,
 * closes and reconnects (the clients' side, as for the proxy alone), the lease-guarded writes
 * storage accepted or fenced off (as for lease election alone), and each takeover. The boundaries
 * are the parts' own; so are the final phase and the client-history checkers.
 */
import type { ClusterConfig, ClusterEvent, ClusterOutput, ClusterState } from "../../../model/cluster/index.ts";
import { isClientEvent } from "../../../model/cluster/types.ts";
import type { LeaseOutput } from "../../../model/lease/index.ts";
import type { ProxyOutput } from "../../../model/proxy/index.ts";
import type { ReplState } from "../../../model/replication/index.ts";
import { leaseBoundaries, leaseWriteOutcomes } from "../lease/outcomes.ts";
import type { Boundary, Outcome } from "../../conform/outcome.ts";
import { proxyBoundaries, proxyFinalEvents, proxyOutcomes, proxySettled } from "../proxy/outcomes.ts";
import { replicationBoundaries, replicationSettled } from "../replication/outcomes.ts";

const proxyOutputs = (step: readonly ClusterOutput[]): ProxyOutput[] => step.flatMap((o) => (o.type === "Proxy" ? [o.output] : []));
const leaseOutputs = (step: readonly ClusterOutput[]): LeaseOutput[] => step.flatMap((o) => (o.type === "Lease" ? [o.output] : []));

export function clusterOutcomes(events: readonly ClusterEvent[], outputs: readonly (readonly ClusterOutput[])[], times: readonly number[]): Outcome[] {
  const requestedBy = events.map((e) => (e.type === "Lease" && e.event.type === "LeaderWriteRequested" ? e.event.node : null));
  const takeovers: Outcome[] = [];
  outputs.forEach((step, i) => {
    for (const o of step) {
      if (o.type !== "PrimaryElected") continue;
      const id = `takeover#${takeovers.length + 1}`;
      // Which node takes over is decided by the history's events (what crashed, what was paused),
      // not by timing; when it does is not compared. A takeover is itself a boundary, so it is
      // left out of the boundaries' reach.
      takeovers.push({ id, step: i, verdict: { kind: "takeover", node: o.node }, decided: [] });
    }
  });
  return [
    ...proxyOutcomes(outputs.map(proxyOutputs), times),
    ...leaseWriteOutcomes(requestedBy, outputs.map(leaseOutputs), times),
    ...takeovers,
  ].sort((a, b) => a.step - b.step);
}

export function clusterBoundaries(run: { states: readonly ClusterState[]; outputs: readonly (readonly ClusterOutput[])[]; times: readonly number[] }, config: ClusterConfig): Boundary[] {
  const repl = run.states.flatMap((s): ReplState[] => (s.repl === null ? [] : [s.repl]));
  return [
    ...leaseBoundaries({ states: run.states.map((s) => s.lease), outputs: run.outputs.map(leaseOutputs), times: run.times }, config.lease),
    ...proxyBoundaries(run.states.map((s) => s.proxy), config.proxy),
    ...replicationBoundaries({ states: repl }, config.repl),
  ];
}

/**
 * No failover under way (time completes it, and the final reads need a primary), no client
 * statement held, no lease-guarded write in flight, no commit waiting on a replica.
 */
export function clusterSettled(s: ClusterState): boolean {
  return s.failover === null && proxySettled(s.proxy) && s.lease.inflight.every((io) => io.kind !== "write") && (s.repl === null || replicationSettled(s.repl));
}

/** The proxy's final phase, through the cluster: finish what is in flight, then read through every open session. */
export function clusterFinalEvents(s: ClusterState): ClusterEvent[] {
  return proxyFinalEvents(s.proxy).flatMap((e): ClusterEvent[] => (isClientEvent(e) ? [{ type: "Client", event: e }] : []));
}
