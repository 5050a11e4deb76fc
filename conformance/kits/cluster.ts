/** The cluster's kit: the composition of model/cluster with everything the tool runs it with. */
import { clusterProtocol, type ClusterConfig, type ClusterEvent, type ClusterOutput, type ClusterState } from "../../model/cluster/index.ts";
import { clusterFailoverTimes } from "../check/failover-times.ts";
import { clusterHistory, clusterStatementSent } from "../check/history/from-cluster.ts";
import { withSends } from "../check/history/sends.ts";
import { clusterSpace } from "../explore/cluster-space.ts";
import { clusterHistoryArb } from "../histories/cluster.ts";
import { clusterView } from "../trace/timeline/cluster.ts";
import { ClusterEventSchema, ClusterOutputSchema } from "../trace/cluster-schema.ts";
import type { ProtocolKit } from "./kit.ts";

export const clusterKit: ProtocolKit<ClusterConfig, ClusterState, ClusterEvent, ClusterOutput> = {
  name: clusterProtocol.name,
  model: clusterProtocol,
  schemas: { events: ClusterEventSchema, outputs: ClusterOutputSchema },
  indexBounds: (c) => ({ nodes: c.nodes, sessions: c.proxy.sessions }),
  histories: clusterHistoryArb,
  space: clusterSpace,
  view: clusterView,
  clientHistory: (run, outputs) => clusterHistory(withSends(run, outputs, clusterStatementSent), run.times, run.states[0]!.proxy.sessions.length),
  // No adapter drives a real cluster yet: `conform` refuses the protocol rather than compare nothing.
  conform: null,
  failoverTimes: clusterFailoverTimes,
};
