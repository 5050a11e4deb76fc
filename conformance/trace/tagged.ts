/**
 * A closed union of structs discriminated by `type`, built from a table of each type's fields,
 * and the compile-time check that such a schema decodes to exactly the model's union. The table
 * is remembered with the schema, so that a decode can first say plainly which entry is not an
 * object or names a type that does not exist, and the union's own message (every alternative)
 * never reaches a person.
 */
import { Schema } from "effect";

export type FieldTable = Readonly<Record<string, Schema.Struct.Fields>>;

/** The schema of one member: `{ type: K }` and K's fields. */
type MemberSchema<M extends FieldTable, K extends Key<M>> = Schema.Struct<{ readonly type: Schema.Literal<K> } & M[K]>;

/** A type the table names (spelled as `for (… in …)` types its keys, so that a loop builds the members). */
type Key<M extends FieldTable> = Extract<keyof M, string>;

/** The member schemas, one per row of the table, by type. */
type MemberSchemas<M extends FieldTable> = { [K in Key<M>]: MemberSchema<M, K> };

/** The schema of the whole union, one member per row of the table. */
export type TaggedSchema<M extends FieldTable> = Schema.Union<readonly MemberSchemas<M>[Key<M>][]>;

/** What the decode's first pass knows of a tagged union: its noun, and each type's fields. */
export interface TagSpec {
  readonly noun: string;
  readonly fields: ReadonlyMap<string, Schema.Struct.Fields>;
}

const specs = new WeakMap<object, TagSpec>();

/** The member of `fields` whose type is `type`: a struct of `{ type }` and that row's fields. */
function member<M extends FieldTable, K extends Key<M>>(fields: M, type: K): MemberSchemas<M>[K] {
  return Schema.Struct({ type: Schema.Literal(type), ...fields[type] });
}

/** The union of `fields`' rows as one schema, in the table's order. */
export function tagged<M extends FieldTable>(noun: string, fields: M): TaggedSchema<M> {
  const members: MemberSchemas<M>[Key<M>][] = [];
  for (const type in fields) members.push(member(fields, type));
  const schema = Schema.Union(members);
  specs.set(schema, { noun, fields: new Map(Object.entries(fields)) });
  return schema;
}

/** The tag table behind a schema made by `tagged`, or undefined for any other schema. */
export function tagSpecOf(schema: unknown): TagSpec | undefined {
  // A schema is a function in Effect 4 (and an object in other majors).
  return (typeof schema === "object" && schema !== null) || typeof schema === "function" ? specs.get(schema) : undefined;
}

/** The rows of `fields` named by `types`: the part of a protocol's events another routes. */
export function pickRows<M extends FieldTable, const K extends keyof M & string>(fields: M, types: readonly K[]): Pick<M, K> {
  return Object.fromEntries(types.map((t) => [t, fields[t]])) as Pick<M, K>;
}

/**
 * A type with every branded number or string (`number & { __brand: "NodeId" }`) taken as its
 * base type. The schemas decode plain numbers; the model may brand them. A brand is a promise
 * about where a number came from, which a file cannot keep, so the check compares shapes.
 */
export type Unbranded<T> =
  T extends number ? (T extends object ? number : T)
  : T extends string ? (T extends object ? string : T)
  : T extends boolean | null | undefined ? T
  : T extends readonly (infer E)[] ? readonly Unbranded<E>[]
  : T extends object ? { readonly [K in keyof T]: Unbranded<T[K]> }
  : T;

/**
 * `"same"` when a schema's decoded type and the model's type are mutually assignable (brands
 * aside), else a sentence saying which side has more. Used as `"same" satisfies
 * SchemaVersusModel<S, M>`, so that an event or output type, or a field, added to the model and
 * not to the schema (or the other way) fails the type check.
 */
export type SchemaVersusModel<S, M> =
  [Unbranded<M>] extends [Unbranded<S>]
    ? [Unbranded<S>] extends [Unbranded<M>] ? "same" : "a decoded value would not be of the model's type: the schema lacks a field, or has a type or a wider field the model has not"
    : "a value of the model's type would not decode: the schema lacks a type, or a field is narrower than the model's";
