/** The lease protocol's events as a schema, for decoding trace files. */
import { Schema } from "effect";
import { eventUnion } from "./event-union.ts";

const NodeIndex = Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 1_000_000 }));
const Ms = Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 86_400_000 }));
const SignedMs = Schema.Int.check(Schema.isBetween({ minimum: -86_400_000, maximum: 86_400_000 }));

export const leaseEventFields = {
  TimeAdvanced: { maxMs: Ms },
  LeaderWriteRequested: { node: NodeIndex, target: Schema.Literals(["data", "registry"]) },
  IoProgressed: { pick: NodeIndex },
  NodeWoke: { node: NodeIndex },
  NodePaused: { node: NodeIndex, ms: Ms },
  NodeCrashed: { node: NodeIndex },
  NodeRestarted: { node: NodeIndex },
  StoragePartitioned: { node: NodeIndex },
  StorageHealed: { node: NodeIndex },
  ClockRateChanged: { node: NodeIndex, ppm: Schema.Int.check(Schema.isBetween({ minimum: -999_999, maximum: 999_999 })) },
  ClockJumped: { node: NodeIndex, ms: SignedMs },
  LeaseReleased: { node: NodeIndex },
} as const;

export const leaseEventTypes = Object.keys(leaseEventFields) as (keyof typeof leaseEventFields)[];
export const LeaseEventSchema = eventUnion(leaseEventFields, leaseEventTypes);
