/**
 * The trace file: JSON, versioned, decoded with Effect Schema at the edge. Every Schema call of
 * the project lives in this folder, since Schema's API moves between majors.
 */
import { Result, Schema, SchemaIssue } from "effect";
import type { FlatConfig } from "../../model/core/knobs.ts";
import { ClusterEventSchema, ClusterOutputSchema } from "./cluster-schema.ts";
import { LeaseEventSchema, LeaseOutputSchema } from "./lease-schema.ts";
import { ProxyEventSchema, ProxyOutputSchema } from "./proxy-schema.ts";
import { ReplicationEventSchema, ReplicationOutputSchema } from "./replication-schema.ts";
import { firstBadTag, oneLine } from "./tag-check.ts";

export const TRACE_FORMAT = "haspec-trace";
/** Version 2 adds `model`, the model version that wrote the trace; version 1 files still read. */
export const TRACE_VERSION = 2;
export type TraceVersion = 1 | typeof TRACE_VERSION;

/** A trace of a protocol whose events are `E` and outputs `O`; as read from a file before its kit decoded it, the defaults. */
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

type AnySchema = Schema.Codec<unknown, unknown, never, never>;

/** Each protocol's events and outputs. A Map, so that a name like `__proto__` is simply unknown. */
const protocolSchemas: ReadonlyMap<string, { readonly events: AnySchema; readonly outputs: AnySchema }> = new Map([
  ["lease", { events: LeaseEventSchema, outputs: LeaseOutputSchema }],
  ["replication", { events: ReplicationEventSchema, outputs: ReplicationOutputSchema }],
  ["proxy", { events: ProxyEventSchema, outputs: ProxyOutputSchema }],
  ["cluster", { events: ClusterEventSchema, outputs: ClusterOutputSchema }],
]);

const Header = Schema.Struct({
  format: Schema.Literal(TRACE_FORMAT),
  version: Schema.Literals([1, TRACE_VERSION]),
  protocol: Schema.Literals([...protocolSchemas.keys()]),
});

export const MAX_EVENTS = 100_000;
const ViolationSchema = Schema.Struct({ invariant: Schema.String, step: Schema.Int, message: Schema.String });

function body(version: TraceVersion, events: AnySchema, outputs: AnySchema): AnySchema {
  const perStep = Schema.Array(Schema.Array(outputs)).check(Schema.isBetweenLength(0, MAX_EVENTS));
  const fields = {
    format: Schema.Literal(TRACE_FORMAT),
    version: Schema.Literal(version),
    protocol: Schema.String,
    preset: Schema.NullOr(Schema.String),
    config: Schema.Record(Schema.String, Schema.Union([Schema.Number, Schema.String, Schema.Boolean])),
    invariants: Schema.NullOr(Schema.Array(Schema.String)),
    seed: Schema.NullOr(Schema.Int),
    events: Schema.Array(events).check(Schema.isBetweenLength(0, MAX_EVENTS)),
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
 * Decodes a parsed JSON value into a trace, or one line naming the first bad field. The events,
 * the outputs and (in a conformance trace) the observed outputs are each decoded by the
 * protocol's own schema: nothing in the file is trusted.
 */
export function decodeTrace(value: unknown): { ok: true; trace: Trace } | { ok: false; error: string } {
  const header = Schema.decodeUnknownResult(Header)(value);
  if (Result.isFailure(header)) return { ok: false, error: describe(header.failure.issue) };
  const schemas = protocolSchemas.get(header.success.protocol)!;
  const badTag = firstBadTag(value, [["events", schemas.events, 1], ["outputs", schemas.outputs, 2], ["observed", schemas.outputs, 2]]);
  if (badTag !== null) return { ok: false, error: badTag };
  const decoded = Schema.decodeUnknownResult(body(header.success.version, schemas.events, schemas.outputs), { onExcessProperty: "error" })(value);
  if (Result.isFailure(decoded)) return { ok: false, error: describe(decoded.failure.issue) };
  return { ok: true, trace: decoded.success as unknown as Trace };
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
