/**
 * The trace file: JSON, versioned, decoded with Effect Schema at the edge. Every Schema call of
 * the project lives in this folder, since Schema's API moves between majors.
 */
import { Result, Schema, SchemaIssue } from "effect";
import type { FlatConfig } from "../../model/core/knobs.ts";
import { firstBadTag, oneLine } from "./tag-check.ts";

export const TRACE_FORMAT = "haspec-trace";
/** Version 2 adds `model`, the model version that wrote the trace; version 1 files still read. */
export const TRACE_VERSION = 2;
export type TraceVersion = 1 | typeof TRACE_VERSION;

/** A trace of a protocol whose events are `E` and outputs `O`; the defaults are what every protocol's trace is. */
export interface Trace<E = { readonly type: string }, O = unknown> {
  readonly format: typeof TRACE_FORMAT;
  readonly version: TraceVersion;
  /** The model version that wrote it (model/core/version.ts); absent from version-1 files. */
  readonly model?: string;
  readonly protocol: string;
  readonly preset: string | null;
  readonly config: FlatConfig;
  readonly invariants: readonly string[] | null;
  readonly seed: number | null;
  readonly events: readonly E[];
  readonly outputs: readonly (readonly O[])[];
  readonly violation: { readonly invariant: string; readonly step: number; readonly message: string } | null;
  /** Conformance traces only: the adapter, what the system did per step, and how it differed. */
  readonly adapter?: string;
  readonly observed?: readonly (readonly O[])[];
  readonly observedViolation?: { readonly invariant: string; readonly step: number; readonly message: string } | null;
  readonly divergence?: { readonly step: number; readonly message: string } | null;
}

/**
 * The last step a trace shows (and exports): a model counterexample ends at its violating step,
 * since what follows is not evidence; a conformance trace is shown whole, the real system beside
 * the model; -1 for a trace with no events.
 */
export function lastShownStep<E, O>(trace: Trace<E, O>): number {
  const last = trace.events.length - 1;
  if (trace.observed !== undefined || trace.violation === null) return last;
  return Math.min(trace.violation.step, last);
}

/**
 * A protocol's events and outputs as schemas that decode to its own types (held by its kit):
 * a trace file decoded by them is a `Trace<E, O>` by construction.
 */
export interface TraceSchemas<E, O> {
  readonly events: Schema.Codec<E, unknown>;
  readonly outputs: Schema.Codec<O, unknown>;
}

/** What a trace says of itself before its protocol's schemas can read the rest. */
export interface TraceHeader {
  readonly protocol: string;
  readonly version: TraceVersion;
}

/** The format, version and protocol of a parsed trace, the protocol one of `protocols`. */
export function decodeTraceHeader(value: unknown, protocols: readonly string[]): { ok: true; header: TraceHeader } | { ok: false; error: string } {
  const Header = Schema.Struct({
    format: Schema.Literal(TRACE_FORMAT),
    version: Schema.Literals([1, TRACE_VERSION]),
    protocol: Schema.Literals(protocols),
  });
  const header = Schema.decodeUnknownResult(Header)(value);
  if (Result.isFailure(header)) return { ok: false, error: describe(header.failure.issue) };
  return { ok: true, header: header.success };
}

export const MAX_EVENTS = 100_000;
const ViolationSchema = Schema.Struct({ invariant: Schema.String, step: Schema.Int, message: Schema.String });

function body<E, O>(version: TraceVersion, schemas: TraceSchemas<E, O>) {
  const perStep = Schema.Array(Schema.Array(schemas.outputs)).check(Schema.isBetweenLength(0, MAX_EVENTS));
  const fields = {
    format: Schema.Literal(TRACE_FORMAT),
    version: Schema.Literal(version),
    protocol: Schema.String,
    preset: Schema.NullOr(Schema.String),
    config: Schema.Record(Schema.String, Schema.Union([Schema.Number, Schema.String, Schema.Boolean])),
    invariants: Schema.NullOr(Schema.Array(Schema.String)),
    seed: Schema.NullOr(Schema.Int),
    events: Schema.Array(schemas.events).check(Schema.isBetweenLength(0, MAX_EVENTS)),
    outputs: perStep,
    violation: Schema.NullOr(ViolationSchema),
    adapter: Schema.optionalKey(Schema.String),
    observed: Schema.optionalKey(perStep),
    observedViolation: Schema.optionalKey(Schema.NullOr(ViolationSchema)),
    divergence: Schema.optionalKey(Schema.NullOr(Schema.Struct({ step: Schema.Int, message: Schema.String }))),
  };
  return version === 1 ? Schema.Struct(fields) : Schema.Struct({ ...fields, model: Schema.String.check(Schema.isBetweenLength(1, 200)) });
}

/**
 * Decodes a parsed JSON value, whose header said `version`, into a trace of the protocol whose
 * schemas are given, or one line naming the first bad field. The events, the outputs and (in a
 * conformance trace) the observed outputs are each decoded by the protocol's own schema: nothing
 * in the file is trusted.
 */
export function decodeTrace<E, O>(value: unknown, version: TraceVersion, schemas: TraceSchemas<E, O>): { ok: true; trace: Trace<E, O> } | { ok: false; error: string } {
  const badTag = firstBadTag(value, [["events", schemas.events, 1], ["outputs", schemas.outputs, 2], ["observed", schemas.outputs, 2]]);
  if (badTag !== null) return { ok: false, error: badTag };
  const decoded = Schema.decodeUnknownResult(body(version, schemas), { onExcessProperty: "error" })(value);
  if (Result.isFailure(decoded)) return { ok: false, error: describe(decoded.failure.issue) };
  const trace: Trace<E, O> = decoded.success;
  return { ok: true, trace };
}

const formatter = SchemaIssue.makeFormatterStandardSchemaV1();

export function describe(issue: SchemaIssue.Issue): string {
  const first = formatter(issue).issues[0];
  if (first === undefined) return "invalid trace";
  const path = (first.path ?? []).map((k) => (typeof k === "object" && k !== null && "key" in k ? k.key : k));
  return oneLine(`${renderPath(path as PropertyKey[])}: ${first.message}`);
}

export function renderPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(top level)";
  return path.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`)).join("");
}
