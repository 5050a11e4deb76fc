/** The cluster's events as a schema: its own, and the parts' events it routes, nested. */
import { Schema } from "effect";
import { clientEventTypes, leaseWorldEventTypes, replWorldEventTypes } from "../../model/cluster/types.ts";
import { eventUnion } from "./event-union.ts";
import { leaseEventFields } from "./lease-events.ts";
import { proxyEventFields } from "./proxy-events.ts";
import { replicationEventFields } from "./replication-events.ts";

const Index = Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 1_000_000 }));


export const clusterEventFields = {
  TimeAdvanced: { maxMs: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 86_400_000 })) },
  Client: { event: eventUnion(proxyEventFields, clientEventTypes) },
  PrimaryCrashed: {},
  NodeCrashed: { node: Index },
  NodeRestarted: { node: Index },
  Lease: { event: eventUnion(leaseEventFields, leaseWorldEventTypes) },
  Replication: { event: eventUnion(replicationEventFields, replWorldEventTypes) },
  SwitchoverRequested: {},
  BackupLockTaken: {},
} as const;

export const clusterEventTypes = Object.keys(clusterEventFields) as (keyof typeof clusterEventFields)[];
export const ClusterEventSchema = eventUnion(clusterEventFields, clusterEventTypes);
