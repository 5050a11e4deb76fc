/**
 * The cluster's events and outputs as schemas, for decoding trace files: its own, and the parts'
 * it routes or reports, nested. Each is checked against the model's union
 * (model/cluster/types.ts) by type.
 */
import { Schema } from "effect";
import { type ClusterEvent, type ClusterOutput, clientEventTypes, leaseWorldEventTypes, replWorldEventTypes } from "../../../model/cluster/types.ts";
import { leaseEventFields, LeaseOutputSchema } from "../lease/schema.ts";
import { Count, Ms, Node, OptionalNode, Session, TimeMs } from "../../trace/leaves.ts";
import { proxyEventFields, ProxyOutputSchema } from "../proxy/schema.ts";
import { replicationEventFields, ReplicationOutputSchema } from "../replication/schema.ts";
import { pickRows, type SchemaVersusModel, tagged } from "../../trace/tagged.ts";

const Kind = Schema.Literals(["failover", "switchover"]);
const Recovery = Schema.Struct({
  startupMs: TimeMs, redoMs: TimeMs, undoMs: TimeMs, binlogMs: TimeMs, bufferPoolMs: TimeMs, relayMs: TimeMs, totalMs: TimeMs,
});

export const clusterEventFields = {
  TimeAdvanced: { maxMs: Ms },
  Client: { event: tagged("event", pickRows(proxyEventFields, clientEventTypes)) },
  PrimaryCrashed: {},
  NodeCrashed: { node: Node },
  NodeRestarted: { node: Node },
  Lease: { event: tagged("event", pickRows(leaseEventFields, leaseWorldEventTypes)) },
  Replication: { event: tagged("event", pickRows(replicationEventFields, replWorldEventTypes)) },
  SwitchoverRequested: {},
  BackupLockTaken: {},
} as const;

export const clusterOutputFields = {
  TimeNow: { nowMs: TimeMs },
  Lease: { output: LeaseOutputSchema },
  Replication: { output: ReplicationOutputSchema },
  Proxy: { output: ProxyOutputSchema },
  FailoverStarted: { kind: Kind, from: OptionalNode, why: Schema.String },
  PrimaryElected: { node: Node, epoch: Count, recovery: Schema.NullOr(Recovery) },
  FailoverCompleted: {
    kind: Kind, node: Node, epoch: Count, detectionMs: TimeMs, electionMs: TimeMs, recoveryMs: TimeMs, totalMs: TimeMs, excused: Schema.Boolean,
  },
  GlobalReadLock: { on: Schema.Boolean },
  WriteBlocked: { session: Session, why: Schema.String },
  StatementStalled: { session: Session, why: Schema.String },
} as const;

export const ClusterEventSchema = tagged("event", clusterEventFields);
export const ClusterOutputSchema = tagged("output", clusterOutputFields);

"same" satisfies SchemaVersusModel<typeof ClusterEventSchema.Type, ClusterEvent>;
"same" satisfies SchemaVersusModel<typeof ClusterOutputSchema.Type, ClusterOutput>;
