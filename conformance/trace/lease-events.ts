/** The lease protocol's events as a schema, for decoding trace files. */
import { Schema } from "effect";

const NodeIndex = Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 1_000_000 }));
const Ms = Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 86_400_000 }));
const SignedMs = Schema.Int.check(Schema.isBetween({ minimum: -86_400_000, maximum: 86_400_000 }));
const ev = <T extends string, F extends Schema.Struct.Fields>(type: T, fields: F) => Schema.Struct({ type: Schema.Literal(type), ...fields });

export const leaseEventTypes = [
  "TimeAdvanced", "LeaderWriteRequested", "IoProgressed", "NodeWoke", "NodePaused", "NodeCrashed", "NodeRestarted",
  "StoragePartitioned", "StorageHealed", "ClockRateChanged", "ClockJumped",
] as const;

export const LeaseEventSchema = Schema.Union([
  ev("TimeAdvanced", { maxMs: Ms }),
  ev("LeaderWriteRequested", { node: NodeIndex, target: Schema.Literals(["data", "registry"]) }),
  ev("IoProgressed", { pick: NodeIndex }),
  ev("NodeWoke", { node: NodeIndex }),
  ev("NodePaused", { node: NodeIndex, ms: Ms }),
  ev("NodeCrashed", { node: NodeIndex }),
  ev("NodeRestarted", { node: NodeIndex }),
  ev("StoragePartitioned", { node: NodeIndex }),
  ev("StorageHealed", { node: NodeIndex }),
  ev("ClockRateChanged", { node: NodeIndex, ppm: Schema.Int.check(Schema.isBetween({ minimum: -999_999, maximum: 999_999 })) }),
  ev("ClockJumped", { node: NodeIndex, ms: SignedMs }),
]);
