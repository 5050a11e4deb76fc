/**
 * The leaf schemas every protocol's events and outputs share. Bounds keep a hostile file from
 * naming a node a million configurations away or a time beyond what a run can reach; whether a
 * node or a session exists in the trace's own configuration is checked once the configuration is
 * known (bounds.ts), since a leaf does not know it.
 */
import { Schema } from "effect";
import type { NodeId } from "../../model/core/ids.ts";

/** A fresh schema per use: bounds.ts tells nodes, sessions and picks apart by which schema a field has. */
const index = () => Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 1_000_000 }));

/** Every natural number within the leaf's range is some configuration's node; the configuration's own count is checked later. */
const isNodeId = (n: number): n is NodeId => Number.isInteger(n) && n >= 0;

/** A node named by its index in the configuration, decoded into the model's brand. */
export const Node = index().pipe(Schema.refine(isNodeId));
export const OptionalNode = Schema.NullOr(Node);
/** A client session named by its index among the configured sessions. */
export const Session = index();
/**
 * A position among whatever is there when the event is taken (in-flight I/O, waiting sessions,
 * promotable replicas): histories draw it before they know how many there will be and the model
 * resolves it modulo the live candidates (resolvePick), so any value names one of them.
 */
export const Pick = index();
/** An epoch, sequence number, id or count. */
export const Count = Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }));
/** A duration an event asks for: at least 1 ms, at most a day. */
export const Ms = Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 86_400_000 }));
export const SignedMs = Schema.Int.check(Schema.isBetween({ minimum: -86_400_000, maximum: 86_400_000 }));
/** A true time or a measured duration in an output (ms, possibly fractional). */
export const TimeMs = Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }));
