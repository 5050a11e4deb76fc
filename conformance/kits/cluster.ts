/** The cluster's kit: the composition of model/cluster with everything the tool runs it with. */
import { clusterProtocol, type ClusterConfig, type ClusterEvent, type ClusterOutput, type ClusterState } from "../../model/cluster/index.ts";
import { clusterFailoverTimes } from "../check/failover-times.ts";
import { clusterHistory, clusterStatementSent } from "../check/history/from-cluster.ts";
import { withSends } from "../check/history/sends.ts";
import { clusterBoundaries, clusterFinalEvents, clusterOutcomes, clusterSettled } from "../conform/cluster-outcomes.ts";
import { checkProxyClientHistory } from "../conform/proxy-outcomes.ts";
import { clusterSpace } from "../explore/cluster-space.ts";
import { clusterHistoryArb } from "../histories/cluster.ts";
import { clusterView } from "../trace/timeline/cluster.ts";
import type { ProtocolKit } from "./kit.ts";

const clientHistory: ProtocolKit<ClusterConfig, ClusterState, ClusterEvent, ClusterOutput>["clientHistory"] = (run, outputs) =>
  clusterHistory(withSends(run, outputs, clusterStatementSent), run.times, run.states[0]!.proxy.sessions.length);

export const clusterKit: ProtocolKit<ClusterConfig, ClusterState, ClusterEvent, ClusterOutput> = {
  name: clusterProtocol.name,
  model: clusterProtocol,
  histories: clusterHistoryArb,
  space: clusterSpace,
  view: clusterView,
  clientHistory,
  conform: {
    outcomes: clusterOutcomes,
    boundaries: clusterBoundaries,
    settled: clusterSettled,
    // Time stops early at whatever matters, so the settling loop advances in steps of up to a minute.
    settleStep: { type: "TimeAdvanced", maxMs: 60_000 },
    finalEvents: clusterFinalEvents,
    checkClientHistory: (outputs, _times, _finalFrom, run) => checkProxyClientHistory(clientHistory(run, outputs), outputs.map((os) => os.flatMap((o) => (o.type === "Proxy" ? [o.output] : [])))),
  },
  failoverTimes: clusterFailoverTimes,
};
