/** The composed cluster (election + replication + proxy), as one protocol value for the engine and the CLI. */
import type { Protocol } from "../core/protocol.ts";
import { clusterConfigFromFlat, clusterKnobs, type ClusterConfig } from "./config.ts";
import { initCluster } from "./init.ts";
import { clusterInvariants } from "./invariants.ts";
import { clusterPresets } from "./presets.ts";
import { resolveClusterEvent, stepCluster } from "./step.ts";
import type { ClusterEvent, ClusterOutput, ClusterState } from "./types.ts";
import { clusterWitnesses } from "./witnesses.ts";

export const clusterProtocol: Protocol<ClusterConfig, ClusterState, ClusterEvent, ClusterOutput> = {
  name: "cluster",
  knobs: clusterKnobs,
  presets: clusterPresets,
  configFromFlat: clusterConfigFromFlat,
  init: initCluster,
  nowMs: (s) => s.nowMs,
  step: stepCluster,
  resolve: resolveClusterEvent,
  invariants: clusterInvariants,
  witnesses: clusterWitnesses,
};

export type { ClusterConfig } from "./config.ts";
export type * from "./types.ts";
