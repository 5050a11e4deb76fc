/** Semi-synchronous replication's kit: the model of model/replication with everything the tool runs it with. */
import { replicationProtocol, type ReplConfig, type ReplEvent, type ReplOutput, type ReplState } from "../../../model/replication/index.ts";
import { replicationHistory } from "./client-history.ts";
import { checkReplicationHistory, replicationBoundaries, replicationFinalReads, replicationOutcomes, replicationSettled } from "./outcomes.ts";
import { replicationSpace } from "./space.ts";
import { replicationHistoryArb } from "./histories.ts";
import { replicationView } from "./view.ts";
import { ReplicationEventSchema, ReplicationOutputSchema } from "./schema.ts";
import type { ProtocolKit } from "../kit.ts";

export const replicationKit: ProtocolKit<ReplConfig, ReplState, ReplEvent, ReplOutput> = {
  name: replicationProtocol.name,
  model: replicationProtocol,
  schemas: { events: ReplicationEventSchema, outputs: ReplicationOutputSchema },
  indexBounds: (c) => ({ nodes: c.nodes, sessions: 0 }),
  histories: replicationHistoryArb,
  space: replicationSpace,
  view: replicationView,
  // A trace does not record where the final reads begin, so none is marked final.
  clientHistory: (run, outputs) => replicationHistory(outputs, run.times),
  conform: {
    outcomes: replicationOutcomes,
    boundaries: replicationBoundaries,
    settled: replicationSettled,
    settleStep: { type: "TimeAdvanced", maxMs: 600_000 },
    finalEvents: replicationFinalReads,
    checkClientHistory: checkReplicationHistory,
  },
};
