/**
 * A shard's `explore --json` result, decoded at the edge for `haspec merge` (Schema calls live in
 * this folder). Bounds keep a hostile file from costing more than a real shard could.
 */
import { Result, Schema } from "effect";
import { SHARD_FORMAT, SHARD_VERSION, type ShardResult } from "../check/merge.ts";
import { describe } from "./schema.ts";

const MAX_BLOCKS = 1_000_000;
const MAX_RECORDS = 10_000_000;
const Count = Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }));
const Knob = Schema.Union([Schema.Number, Schema.String, Schema.Boolean]);

const RunViolation = Schema.Struct({ run: Count, invariant: Schema.String, step: Count, message: Schema.String });

const Block = Schema.Struct({
  block: Count, runs: Count, steps: Count, witnessRuns: Schema.Array(Count), sampledRuns: Count,
  violation: Schema.NullOr(RunViolation),
  failovers: Schema.Array(Schema.Tuple([Count, Count, Count, Count])),
  interrupted: Schema.Boolean,
});

const Payload = Schema.Struct({
  format: Schema.Literal(SHARD_FORMAT),
  version: Schema.Literal(SHARD_VERSION),
  index: Count,
  count: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 1_000_000 })),
  job: Schema.Struct({
    protocol: Schema.String, preset: Schema.NullOr(Schema.String), config: Schema.Record(Schema.String, Knob),
    invariants: Schema.NullOr(Schema.Array(Schema.String)), seed: Count, runs: Count, maxSteps: Count,
  }),
  blockSize: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
  witnesses: Schema.Array(Schema.Tuple([Schema.String, Schema.String])),
  blocks: Schema.Array(Block).check(Schema.isBetweenLength(0, MAX_BLOCKS)),
  states: Schema.Array(Schema.Tuple([Schema.String.check(Schema.isPattern(/^[0-9a-f]{16}$/)), Count])).check(Schema.isBetweenLength(0, MAX_RECORDS)),
  interrupted: Schema.Boolean,
});

/** The fields merge reads; everything else in the result (coverage, seed, …) is recomputed. */
const Shard = Schema.Struct({
  violated: Schema.NullOr(Schema.String),
  step: Schema.NullOr(Count),
  message: Schema.NullOr(Schema.String),
  violationRun: Schema.NullOr(Count),
  traceFile: Schema.NullOr(Schema.String),
  elapsedMs: Count,
  shard: Payload,
});

/** Decodes a parsed `--json` result into a shard result, or one line naming the first bad field. */
export function decodeShardResult(value: unknown): { ok: true; result: ShardResult } | { ok: false; error: string } {
  if (typeof value === "object" && value !== null && !("shard" in value)) return { ok: false, error: "not a shard's result (run explore with --shard i/n --json)" };
  const decoded = Schema.decodeUnknownResult(Shard)(value);
  if (Result.isFailure(decoded)) return { ok: false, error: describe(decoded.failure.issue) };
  const r: ShardResult = decoded.success;
  if (r.shard.index >= r.shard.count) return { ok: false, error: `shard.index: ${r.shard.index} is not below shard.count ${r.shard.count}` };
  return { ok: true, result: r };
}
