/**
 * The grammar of the Informal Trace Format (ITF, Apalache ADR-015), the JSON trace format of Quint
 * and Apalache, as an Effect Schema: `validateItf` checks a document before anything reads it.
 * Schema calls live in this folder (see schema.ts).
 */
import { Result, Schema } from "effect";
import { describe } from "./schema.ts";

export const ITF_FORMAT_DESCRIPTION = "https://apalache-mc.org/docs/adr/015adr-trace.html";

/** A value: a record is any object whose keys are not one of the `#` forms. */
export type ItfValue =
  | boolean
  | string
  | number
  | readonly ItfValue[]
  | { readonly "#bigint": string }
  | { readonly "#tup": readonly ItfValue[] }
  | { readonly "#set": readonly ItfValue[] }
  | { readonly "#map": readonly (readonly [ItfValue, ItfValue])[] }
  | { readonly "#unserializable": string }
  | ItfRecord;

export interface ItfRecord {
  readonly [field: string]: ItfValue;
}

/** A state maps each variable to a value; its `#meta` (Quint writes the index) is not a value. */
export type ItfState = { readonly "#meta": Readonly<Record<string, unknown>> } & Readonly<Record<string, unknown>>;

export interface ItfDocument {
  readonly "#meta"?: Readonly<Record<string, unknown>>;
  readonly params?: readonly string[];
  readonly vars: readonly string[];
  readonly states: readonly ItfState[];
  readonly loop?: number;
}

const FORMS = ["#bigint", "#tup", "#set", "#map", "#unserializable"];
// A trace file holds at most 100 000 events (schema.ts), so an export has one state more.
const MAX_STATES = 100_001;
// Model states nest a few levels; the bound keeps a hostile file from exhausting the stack.
const MAX_DEPTH = 64;

const Value: Schema.Codec<ItfValue> = Schema.suspend((): Schema.Codec<ItfValue> => ValueUnion);

/**
 * An object is one of the `#` forms or a record. A record's fields are decoded by the rest
 * schema, which leaves the known forms to their own fields, so nothing is decoded twice (that
 * would double the work at every nesting level); the check then rejects mixtures and unknown forms.
 */
const ObjectValue = Schema.StructWithRest(
  Schema.Struct({
    "#bigint": Schema.optionalKey(Schema.String.check(Schema.isPattern(/^-?[0-9]+$/))),
    "#tup": Schema.optionalKey(Schema.Array(Value)),
    "#set": Schema.optionalKey(Schema.Array(Value)),
    "#map": Schema.optionalKey(Schema.Array(Schema.Tuple([Value, Value]))),
    "#unserializable": Schema.optionalKey(Schema.String),
  }),
  [Schema.Record(Schema.String.check(Schema.isPattern(/^(?!#(?:bigint|tup|set|map|unserializable)$)/)), Value)],
).check(Schema.makeFilter((o: object) => formIssue(Object.keys(o))));

function formIssue(keys: readonly string[]): Schema.FilterIssue | undefined {
  const hashed = keys.filter((k) => k.startsWith("#"));
  const unknown = hashed.find((k) => !FORMS.includes(k));
  if (unknown !== undefined) return { path: [unknown], issue: `unknown form (a record field must not start with "#"; forms: ${FORMS.join(", ")})` };
  if (hashed.length > 0 && keys.length > 1) return `a ${hashed[0]} value has no other key (found ${keys.join(", ")})`;
  return undefined;
}

// JSON integers are allowed in the safe range (ADR-015); Quint writes every integer as #bigint.
const ValueUnion = Schema.Union([Schema.Boolean, Schema.String, Schema.Int, Schema.Array(Value), ObjectValue]);

const State = Schema.StructWithRest(Schema.Struct({ "#meta": Schema.Record(Schema.String, Schema.Unknown) }), [
  Schema.Record(Schema.String.check(Schema.isPattern(/^(?!#meta$)/)), Value),
]);

const Document = Schema.Struct({
  "#meta": Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown)),
  params: Schema.optionalKey(Schema.Array(Schema.String)),
  vars: Schema.Array(Schema.String),
  states: Schema.Array(State).check(Schema.isBetweenLength(0, MAX_STATES)),
  loop: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))),
}).check(Schema.makeFilter((d) => missingVariable(d.vars, d.states)));

/** ADR-015: "each state must define a value for every specified variable". */
function missingVariable(vars: readonly string[], states: readonly Readonly<Record<string, unknown>>[]): Schema.FilterIssue | undefined {
  for (let i = 0; i < states.length; i++) {
    const missing = vars.find((v) => !Object.hasOwn(states[i]!, v));
    if (missing !== undefined) return { path: ["states", i], issue: `no value for the variable ${JSON.stringify(missing)}` };
  }
  return undefined;
}

/** Checks a parsed JSON value against the ITF grammar, or says in one line where it breaks it. */
export function validateItf(json: unknown): { ok: true } | { ok: false; error: string } {
  const tooDeep = deeperThan(json, MAX_DEPTH, "");
  if (tooDeep !== null) return { ok: false, error: `${tooDeep}: nested deeper than ${MAX_DEPTH} levels` };
  const decoded = Schema.decodeUnknownResult(Document)(json);
  if (Result.isFailure(decoded)) return { ok: false, error: describe(decoded.failure.issue) };
  return { ok: true };
}

/** The path of the first value nested deeper than `depth`, or null. */
function deeperThan(v: unknown, depth: number, path: string): string | null {
  if (typeof v !== "object" || v === null) return null;
  if (depth === 0) return path === "" ? "(top level)" : path;
  for (const [k, x] of Object.entries(v)) {
    const found = deeperThan(x, depth - 1, Array.isArray(v) ? `${path}[${k}]` : path === "" ? k : `${path}.${k}`);
    if (found !== null) return found;
  }
  return null;
}
