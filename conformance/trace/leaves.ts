/**
 * The leaf schemas every protocol's events and outputs share. Bounds keep a hostile file from
 * naming a node a million configurations away or a time beyond what a run can reach.
 */
import { Schema } from "effect";

/** A node, session or pick: a natural number (events resolve it modulo the count). */
export const NodeIndex = Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 1_000_000 }));
export const OptionalNode = Schema.NullOr(NodeIndex);
/** An epoch, sequence number, id or count. */
export const Count = Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }));
/** A duration an event asks for: at least 1 ms, at most a day. */
export const Ms = Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 86_400_000 }));
export const SignedMs = Schema.Int.check(Schema.isBetween({ minimum: -86_400_000, maximum: 86_400_000 }));
/** A true time or a measured duration in an output (ms, possibly fractional). */
export const TimeMs = Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }));
