/** The replication protocol's events as a schema, for decoding trace files. */
import { Schema } from "effect";
import { eventUnion } from "./event-union.ts";

const Index = Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 1_000_000 }));

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
  NodeCrashed: { node: Index },
  NodeRestarted: { node: Index },
  FailoverPromoted: { pick: Index },
  CountersRead: { node: Index },
} as const;

export const replicationEventTypes = Object.keys(replicationEventFields) as (keyof typeof replicationEventFields)[];
export const ReplicationEventSchema = eventUnion(replicationEventFields, replicationEventTypes);
