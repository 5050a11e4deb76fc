/** The cluster's kit: the composition of model/cluster with everything the tool runs it with. */
import { clusterProtocol, type ClusterConfig, type ClusterEvent, type ClusterOutput, type ClusterState } from "../../../model/cluster/index.ts";
import { clusterFailoverTimes } from "../../check/failover-times.ts";
import { clusterHistory, clusterStatementSent } from "./client-history.ts";
import { withSends } from "../../check/history/sends.ts";
import { clusterBoundaries, clusterFinalEvents, clusterOutcomes, clusterSettled } from "./outcomes.ts";
import { checkProxyClientHistory } from "../proxy/outcomes.ts";
import { checkReplicationHistory } from "../replication/outcomes.ts";
import { clusterSpace } from "./space.ts";
import { clusterHistoryArb } from "./histories.ts";
import { clusterView } from "./view.ts";
import { ClusterEventSchema, ClusterOutputSchema } from "./schema.ts";
import type { ProtocolKit } from "../kit.ts";

const clientHistory: ProtocolKit<ClusterConfig, ClusterState, ClusterEvent, ClusterOutput>["clientHistory"] = (run, outputs) =>
  clusterHistory(withSends(run, outputs, clusterStatementSent), run.times, run.states[0]!.proxy.sessions.length);

export const clusterKit: ProtocolKit<ClusterConfig, ClusterState, ClusterEvent, ClusterOutput> = {
  name: clusterProtocol.name,
  model: clusterProtocol,
  schemas: { events: ClusterEventSchema, outputs: ClusterOutputSchema },
  indexBounds: (c) => ({ nodes: c.nodes, sessions: c.proxy.sessions }),
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
    // The proxy's clients first; then, with replication under it (rds-ha), what replication's own
    // client (the proxy's backend connection) was told and read: a commit acknowledged there and
    // missing from the final reads is lost even when the application heard only an error.
    checkClientHistory: (outputs, times, finalFrom, run) =>
      checkProxyClientHistory(clientHistory(run, outputs), outputs.map((os) => os.flatMap((o) => (o.type === "Proxy" ? [o.output] : []))))
      ?? (run.states[0]!.repl === null ? null : checkReplicationHistory(outputs.map((os) => os.flatMap((o) => (o.type === "Replication" ? [o.output] : []))), times, finalFrom)),
  },
  failoverTimes: clusterFailoverTimes,
};
