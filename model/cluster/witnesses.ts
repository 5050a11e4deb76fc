/** The cluster's witnesses: the parts' own, each on its part, and a failover that completes. */
import type { Witness } from "../core/protocol.ts";
import { leaseWitnesses } from "../lease/witnesses.ts";
import { proxyWitnesses } from "../proxy/witnesses.ts";
import { replicationWitnesses } from "../replication/witnesses.ts";
import type { ClusterConfig } from "./config.ts";
import { boundedFailoverTime, leasePart, NOT_IN_CLUSTER, proxyPart, replPart } from "./invariants.ts";
import { liftWitnesses } from "./lift.ts";
import type { ClusterEvent, ClusterOutput, ClusterState } from "./types.ts";

const failoverCompletes: Witness<ClusterConfig, ClusterState, ClusterEvent, ClusterOutput> = {
  name: "FailoverCompletesWithHealthyStandby", invariant: boundedFailoverTime,
  statement: "A failover completes and its standby stayed healthy throughout, so the RTO applies to it.",
  reached: ({ outputs }) => outputs.some((o) => o.type === "FailoverCompleted" && !o.excused),
};

export const clusterWitnesses = [
  ...liftWitnesses(leasePart, leaseWitnesses),
  ...liftWitnesses(replPart, replicationWitnesses.filter((w) => !NOT_IN_CLUSTER.has(w.invariant.name))),
  ...liftWitnesses(proxyPart, proxyWitnesses),
  failoverCompletes,
];
