/**
 * The composed cluster as a Jepsen-style client history: the proxy sessions' statements, mapped as
 * `kits/proxy/client-history.ts` maps them, and the lease holders' writes to storage, as `kits/lease/client-history.ts` maps them,
 * interleaved in the order they happened. Replication's commits are left out: in the cluster they
 * carry the proxy's commits, and the client hears of those through the proxy's reply.
 */
import type { ClusterEvent, ClusterOutput, ClusterState } from "../../../model/cluster/index.ts";
import { leaseRecorder } from "../lease/client-history.ts";
import { closedIn, proxyRecorder, statementSent, type Sent, type StatementStep } from "../proxy/client-history.ts";
import type { History } from "../../check/history/types.ts";

/** Lease writers' processes start here, clear of every session's (a session's grows by the session count per `info`). */
export const LEASE_FIRST_PROCESS = 1_000_000;

export function clusterStatementSent(before: ClusterState, after: ClusterState, event: ClusterEvent): Sent | null {
  return event.type === "Client" ? statementSent(before.proxy, after.proxy, event.event) : null;
}

export function clusterHistory(steps: readonly StatementStep<ClusterOutput>[], times: readonly number[], sessions: number): History {
  const proxy = proxyRecorder(sessions);
  const lease = leaseRecorder(LEASE_FIRST_PROCESS);
  return steps.flatMap((step, i) => {
    const time = times[i] ?? i;
    const closing = closedIn(step.outputs.flatMap((o) => (o.type === "Proxy" ? [o.output] : [])));
    const sent = step.sent === null ? [] : [proxy.sent(step.sent, time)];
    return [
      ...sent,
      ...step.outputs.flatMap((o) => (o.type === "Proxy" ? proxy.output(o.output, time, closing) : o.type === "Lease" ? lease(o.output, time) : [])),
    ];
  });
}
