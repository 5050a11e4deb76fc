/**
 * The cluster's invariants: every invariant of the three parts, each on its own part, plus the
 * one that only the composition can state: a failover completes within the promised RTO.
 */
import { nodeName } from "../core/ids.ts";
import type { Invariant } from "../core/protocol.ts";
import { leaseInvariants } from "../lease/invariants.ts";
import type { LeaseConfig, LeaseOutput, LeaseState } from "../lease/index.ts";
import { proxyInvariants } from "../proxy/invariants.ts";
import type { ProxyConfig, ProxyOutput, ProxyState } from "../proxy/index.ts";
import { replicationInvariants } from "../replication/invariants.ts";
import type { ReplConfig, ReplOutput, ReplState } from "../replication/index.ts";
import type { ClusterConfig } from "./config.ts";
import { liftInvariants, type Part } from "./lift.ts";
import type { ClusterEvent, ClusterOutput, ClusterState } from "./types.ts";

export const leasePart: Part<LeaseConfig, LeaseState, LeaseOutput> = { tag: "Lease", config: (c) => c.lease, state: (s) => s.lease };
export const replPart: Part<ReplConfig, ReplState, ReplOutput> = { tag: "Replication", config: (c) => c.repl, state: (s) => s.repl };
export const proxyPart: Part<ProxyConfig, ProxyState, ProxyOutput> = { tag: "Proxy", config: (c) => c.proxy, state: (s) => s.proxy };

export const boundedFailoverTime: Invariant<ClusterConfig, ClusterState, ClusterEvent, ClusterOutput> = {
  name: "BoundedFailoverTime", kind: "liveness",
  statement: "A failover in which the standby itself stays healthy completes (detection + election + recovery) within the RTO the configuration promises.",
  citation: "PolarDB 'failover with hot standby' (VDS detection, global prefetching); product documents: 3–10 s with a hot standby, 20–30 s without",
  check: ({ config, outputs }) => failoverWithinRto(config, outputs),
  observe: (config, outputs) => failoverWithinRto(config, outputs),
};

/**
 * Replication's NoDuplicateRows is about its own client re-sending an insert after giving up; in
 * the cluster the proxy is the only client and never does, and duplicates are AtMostOnceEffects'.
 */
export const NOT_IN_CLUSTER = new Set(["NoDuplicateRows"]);

export const clusterInvariants = [
  ...liftInvariants(leasePart, leaseInvariants),
  ...liftInvariants(replPart, replicationInvariants.filter((i) => !NOT_IN_CLUSTER.has(i.name))),
  ...liftInvariants(proxyPart, proxyInvariants),
  boundedFailoverTime,
];

/** Each completed failover reports its own breakdown: all BoundedFailoverTime needs. */
function failoverWithinRto(config: ClusterConfig, outputs: readonly ClusterOutput[]): string | null {
  for (const o of outputs) {
    if (o.type !== "FailoverCompleted" || o.excused || o.totalMs <= config.rtoMs) continue;
    return `the ${o.kind} to ${nodeName(o.node)} took ${o.totalMs} ms (detection ${o.detectionMs}, election ${o.electionMs}, recovery ${o.recoveryMs}), over the ${config.rtoMs} ms RTO`;
  }
  return null;
}
