/** The replication protocol's events as a schema, for decoding trace files. */
import { Schema } from "effect";
import { eventUnion } from "./event-union.ts";

const Index = Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 1_000_000 }));

/** How a restarted node came back, in an event as the model took it (resolveReplEvent). */
const RestartTaken = Schema.Union([
  Schema.Struct({ as: Schema.Literal("primary") }),
  Schema.Struct({ as: Schema.Literals(["replica", "rejoined"]), source: Index }),
]);

export const replicationEventFields = {
  TimeAdvanced: { maxMs: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 86_400_000 })) },
  ClientCommitRequested: {},
  ClientReadRequested: { node: Index },
  ReplicaReceived: { node: Index },
  ReplicaApplied: { node: Index },
  ReplicaIoStopped: { node: Index },
  ReplicaIoStarted: { node: Index },
  WaiterKilled: { pick: Index },
  ClientGaveUp: { pick: Index },
  NodeCrashed: { node: Index, crashed: Schema.optionalKey(Schema.Boolean) },
  NodeRestarted: { node: Index, restart: Schema.optionalKey(Schema.NullOr(RestartTaken)) },
  FailoverPromoted: { pick: Index, node: Schema.optionalKey(Schema.NullOr(Index)) },
  CountersRead: { node: Index },
} as const;

export const replicationEventTypes = Object.keys(replicationEventFields) as (keyof typeof replicationEventFields)[];
export const ReplicationEventSchema = eventUnion(replicationEventFields, replicationEventTypes);
