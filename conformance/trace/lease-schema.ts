/**
 * The lease protocol's events and outputs as schemas, for decoding trace files, each checked
 * against the model's union (model/lease/types.ts) by type.
 */
import { Schema } from "effect";
import { WRITE_REFUSAL_TEXTS } from "../../model/lease/reasons.ts";
import type { LeaseEvent, LeaseOutput } from "../../model/lease/types.ts";
import { Count, Ms, NodeIndex, OptionalNode, SignedMs, TimeMs } from "./leaves.ts";
import { type SchemaVersusModel, tagged } from "./tagged.ts";

const Target = Schema.Literals(["data", "registry"]);
const Purpose = Schema.Literals(["acquire", "renew"]);
const Role = Schema.Literals(["Leader", "Follower", "Observer"]);
/** The sentences of model/lease/reasons.ts `describeLeaseFault`, values and all. */
const LeaseFaultText = Schema.Union([
  Schema.Literals(["resumed", "crashed", "restarted", "storage partitioned", "storage healed"]),
  Schema.TemplateLiteral(["paused for ", Schema.Number, " ms"]),
  Schema.TemplateLiteral(["clock rate ", Schema.Literals(["+", ""]), Schema.Number, " ppm"]),
  Schema.TemplateLiteral(["clock jumped ", Schema.Literals(["+", ""]), Schema.Number, " ms"]),
]);
const BlockValue = Schema.Struct({ holder: OptionalNode, epoch: Count, renewSeq: Count });

export const leaseEventFields = {
  TimeAdvanced: { maxMs: Ms },
  LeaderWriteRequested: { node: NodeIndex, target: Target },
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

export const leaseOutputFields = {
  TimeNow: { nowMs: TimeMs },
  RoleChanged: { node: NodeIndex, role: Role, epoch: Schema.NullOr(Count), why: Schema.String },
  CasIssued: { node: NodeIndex, purpose: Purpose, expect: BlockValue, next: BlockValue },
  CasLanded: { node: NodeIndex, purpose: Purpose, ok: Schema.Boolean, block: BlockValue },
  CasReplied: { node: NodeIndex, purpose: Purpose, ok: Schema.Boolean },
  BlindWriteLanded: { node: NodeIndex, block: BlockValue },
  WriteIssued: { node: NodeIndex, target: Target, epoch: Count },
  WriteRefused: { node: NodeIndex, target: Target, why: Schema.Literals(WRITE_REFUSAL_TEXTS) },
  WriteLanded: { node: NodeIndex, target: Target, epoch: Count, blockEpoch: Count, blockHolder: OptionalNode, accepted: Schema.Boolean },
  TopologyLearned: { node: NodeIndex, leader: OptionalNode, epoch: Count },
  BlockObserved: { node: NodeIndex, value: BlockValue, afterRestart: Schema.Boolean },
  NodeFault: { node: NodeIndex, fault: LeaseFaultText },
} as const;

export const leaseEventTypes = Object.keys(leaseEventFields) as (keyof typeof leaseEventFields)[];
export const leaseOutputTypes = Object.keys(leaseOutputFields) as (keyof typeof leaseOutputFields)[];
export const LeaseEventSchema = tagged("event", leaseEventFields);
export const LeaseOutputSchema = tagged("output", leaseOutputFields);

"same" satisfies SchemaVersusModel<typeof LeaseEventSchema.Type, LeaseEvent>;
"same" satisfies SchemaVersusModel<typeof LeaseOutputSchema.Type, LeaseOutput>;
