/** A closed union of event structs, discriminated by `type`, from a table of each type's fields. */
import { Schema } from "effect";

export function eventUnion<M extends Record<string, Schema.Struct.Fields>>(fields: M, types: readonly (keyof M & string)[]) {
  return Schema.Union(types.map((t) => Schema.Struct({ type: Schema.Literal(t), ...fields[t]! })));
}
