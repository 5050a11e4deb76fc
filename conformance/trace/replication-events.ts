/** The replication protocol's events as a schema, for decoding trace files. */
import { Schema } from "effect";

const Index = Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 1_000_000 }));
const ev = <T extends string, F extends Schema.Struct.Fields>(type: T, fields: F) => Schema.Struct({ type: Schema.Literal(type), ...fields });

export const replicationEventTypes = [
  "TimeAdvanced", "ClientCommitRequested", "ClientReadRequested", "ReplicaReceived", "ReplicaApplied", "ReplicaIoStopped",
  "ReplicaIoStarted", "WaiterKilled", "ClientGaveUp", "NodeCrashed", "NodeRestarted", "FailoverPromoted", "CountersRead",
] as const;

export const ReplicationEventSchema = Schema.Union([
  ev("TimeAdvanced", { maxMs: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 86_400_000 })) }),
  ev("ClientCommitRequested", {}),
  ev("ClientReadRequested", { node: Index }),
  ev("ReplicaReceived", { node: Index }),
  ev("ReplicaApplied", { node: Index }),
  ev("ReplicaIoStopped", { node: Index }),
  ev("ReplicaIoStarted", { node: Index }),
  ev("WaiterKilled", { pick: Index }),
  ev("ClientGaveUp", { pick: Index }),
  ev("NodeCrashed", { node: Index }),
  ev("NodeRestarted", { node: Index }),
  ev("FailoverPromoted", { pick: Index }),
  ev("CountersRead", { node: Index }),
]);
