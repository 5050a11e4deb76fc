/**
 * The lease protocol's events and outputs as schemas, for decoding trace files, each checked
 * against the model's union (model/lease/types.ts) by type.
 */
import { Schema } from "effect";
import { WRITE_REFUSAL_TEXTS } from "../../../model/lease/reasons.ts";
import type { LeaseEvent, LeaseOutput } from "../../../model/lease/types.ts";
import { Count, Ms, Node, OptionalNode, Pick, SignedMs, TimeMs } from "../../trace/leaves.ts";
import { type SchemaVersusModel, tagged } from "../../trace/tagged.ts";

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
  LeaderWriteRequested: { node: Node, target: Target },
  IoProgressed: { pick: Pick },
  NodeWoke: { node: Node },
  NodePaused: { node: Node, ms: Ms },
  NodeCrashed: { node: Node },
  NodeRestarted: { node: Node },
  StoragePartitioned: { node: Node },
  StorageHealed: { node: Node },
  ClockRateChanged: { node: Node, ppm: Schema.Int.check(Schema.isBetween({ minimum: -999_999, maximum: 999_999 })) },
  ClockJumped: { node: Node, ms: SignedMs },
  LeaseReleased: { node: Node },
} as const;

export const leaseOutputFields = {
  TimeNow: { nowMs: TimeMs },
  RoleChanged: { node: Node, role: Role, epoch: Schema.NullOr(Count), why: Schema.String },
  CasIssued: { node: Node, purpose: Purpose, expect: BlockValue, next: BlockValue },
  CasLanded: { node: Node, purpose: Purpose, ok: Schema.Boolean, block: BlockValue },
  CasReplied: { node: Node, purpose: Purpose, ok: Schema.Boolean },
  BlindWriteLanded: { node: Node, block: BlockValue },
  WriteIssued: { node: Node, target: Target, epoch: Count },
  WriteRefused: { node: Node, target: Target, why: Schema.Literals(WRITE_REFUSAL_TEXTS) },
  WriteLanded: { node: Node, target: Target, epoch: Count, blockEpoch: Count, blockHolder: OptionalNode, accepted: Schema.Boolean },
  TopologyLearned: { node: Node, leader: OptionalNode, epoch: Count },
  BlockObserved: { node: Node, value: BlockValue, afterRestart: Schema.Boolean },
  NodeFault: { node: Node, fault: LeaseFaultText },
} as const;

export const LeaseEventSchema = tagged("event", leaseEventFields);
export const LeaseOutputSchema = tagged("output", leaseOutputFields);

"same" satisfies SchemaVersusModel<typeof LeaseEventSchema.Type, LeaseEvent>;
"same" satisfies SchemaVersusModel<typeof LeaseOutputSchema.Type, LeaseOutput>;
