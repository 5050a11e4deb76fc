/**
 * The replication protocol's events and outputs as schemas, for decoding trace files, each
 * checked against the model's union (model/replication/types.ts) by type.
 */
import { Schema } from "effect";
import { FIXED_NODE_FAULT_TEXTS, isCommitReplyWhy } from "../../../model/replication/reasons.ts";
import { NO_PRIMARY, type ReplEvent, type ReplOutput } from "../../../model/replication/types.ts";
import { Count, Ms, Node, Pick, TimeMs } from "../../trace/leaves.ts";
import { type SchemaVersusModel, tagged } from "../../trace/tagged.ts";

/** The sentences of model/replication/reasons.ts `describeNodeFault`, values and all. */
const NodeFaultText = Schema.Union([
  Schema.Literals(FIXED_NODE_FAULT_TEXTS),
  Schema.TemplateLiteral(["rejoined as a replica of n", Schema.Number, Schema.Literals([" after rewinding", " as it was"])]),
  Schema.TemplateLiteral(["promotion failed: ", Schema.String]),
]);

const Gtid = Schema.Struct({ server: Count, seq: Count });

/** How a restarted node came back, in an event as the model took it (resolveReplEvent). */
const RestartTaken = Schema.Union([
  Schema.Struct({ as: Schema.Literal("primary") }),
  Schema.Struct({ as: Schema.Literals(["replica", "rejoined"]), source: Node }),
]);

export const replicationEventFields = {
  TimeAdvanced: { maxMs: Ms },
  ClientCommitRequested: {},
  ClientReadRequested: { node: Node },
  ReplicaReceived: { node: Node },
  ReplicaApplied: { node: Node },
  ReplicaIoStopped: { node: Node },
  ReplicaIoStarted: { node: Node },
  WaiterKilled: { pick: Pick },
  ClientGaveUp: { pick: Pick },
  // The optional fields are the model's decisions, present in events as taken (resolveReplEvent).
  NodeCrashed: { node: Node, crashed: Schema.optionalKey(Schema.Boolean) },
  NodeRestarted: { node: Node, restart: Schema.optionalKey(Schema.NullOr(RestartTaken)) },
  FailoverPromoted: { pick: Pick, node: Schema.optionalKey(Schema.NullOr(Node)) },
  CountersRead: { node: Node },
} as const;

export const replicationOutputFields = {
  TimeNow: { nowMs: TimeMs },
  CommitIssued: { id: Count, row: Count, node: Node, gtid: Gtid },
  // `why` is any text: an observed reply is what the server's client library said (ServerReply).
  CommitReplied: { id: Count, node: Schema.Union([Node, Schema.Literal(NO_PRIMARY)]), outcome: Schema.Literals(["ok", "error", "unknown"]), why: Schema.String.pipe(Schema.refine(isCommitReplyWhy)) },
  ReadReplied: { node: Node, ids: Schema.NullOr(Schema.Array(Count)) },
  Received: { node: Node, gtid: Gtid },
  Applied: { node: Node, gtid: Gtid },
  SemiSyncSwitched: { node: Node, on: Schema.Boolean },
  ReplicationBroken: { node: Node, error: Schema.String },
  Promoted: { node: Node },
  SemiSyncCounters: { node: Node, on: Schema.Boolean, yesTx: Count, noTx: Count, noTimes: Count },
  NodeFault: { node: Node, fault: NodeFaultText },
} as const;

export const ReplicationEventSchema = tagged("event", replicationEventFields);
export const ReplicationOutputSchema = tagged("output", replicationOutputFields);

"same" satisfies SchemaVersusModel<typeof ReplicationEventSchema.Type, ReplEvent>;
"same" satisfies SchemaVersusModel<typeof ReplicationOutputSchema.Type, ReplOutput>;
