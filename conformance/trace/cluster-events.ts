/** The cluster's events as a schema: its own, and the parts' events it routes, nested. */
import { Schema } from "effect";
import { eventUnion } from "./event-union.ts";
import { leaseEventFields } from "./lease-events.ts";
import { proxyEventFields } from "./proxy-events.ts";
import { replicationEventFields } from "./replication-events.ts";

const Index = Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 1_000_000 }));

const clientTypes = ["StatementSent", "StatementExecuted", "ResultStreamed", "ReplyDelivered", "OtherClientWrote"] as const;
const leaseWorldTypes = ["NodePaused", "StoragePartitioned", "StorageHealed", "ClockRateChanged", "ClockJumped", "IoProgressed", "NodeWoke", "LeaderWriteRequested"] as const;
const replWorldTypes = ["ReplicaReceived", "ReplicaApplied", "ReplicaIoStopped", "ReplicaIoStarted"] as const;

export const clusterEventFields = {
  TimeAdvanced: { maxMs: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 86_400_000 })) },
  Client: { event: eventUnion(proxyEventFields, clientTypes) },
  PrimaryCrashed: {},
  NodeCrashed: { node: Index },
  NodeRestarted: { node: Index },
  Lease: { event: eventUnion(leaseEventFields, leaseWorldTypes) },
  Replication: { event: eventUnion(replicationEventFields, replWorldTypes) },
  SwitchoverRequested: {},
  BackupLockTaken: {},
} as const;

export const clusterEventTypes = Object.keys(clusterEventFields) as (keyof typeof clusterEventFields)[];
export const ClusterEventSchema = eventUnion(clusterEventFields, clusterEventTypes);
