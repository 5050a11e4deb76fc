/** Semi-synchronous replication's kit: the model of model/replication with everything the tool runs it with. */
import { replicationProtocol, type ReplConfig, type ReplEvent, type ReplOutput, type ReplState } from "../../model/replication/index.ts";
import { replicationHistory } from "../check/history/from-replication.ts";
import { checkReplicationHistory, replicationBoundaries, replicationFinalReads, replicationOutcomes, replicationSettled } from "../conform/replication-outcomes.ts";
import { replicationSpace } from "../explore/replication-space.ts";
import { replicationHistoryArb } from "../histories/replication.ts";
import { replicationView } from "../trace/timeline/replication.ts";
import { ReplicationEventSchema, ReplicationOutputSchema } from "../trace/replication-schema.ts";
import type { ProtocolKit } from "./kit.ts";

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
