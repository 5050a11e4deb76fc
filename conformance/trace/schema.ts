/**
 * The trace file: JSON, versioned, decoded with Effect Schema at the edge. Every Schema call of
 * the project lives in this folder, since Schema's API moves between majors.
 */
import { Result, Schema, SchemaIssue } from "effect";
import type { FlatConfig } from "../../model/core/knobs.ts";
import { ClusterEventSchema, clusterEventTypes } from "./cluster-events.ts";
import { LeaseEventSchema, leaseEventTypes } from "./lease-events.ts";
import { ProxyEventSchema, proxyEventTypes } from "./proxy-events.ts";
import { ReplicationEventSchema, replicationEventTypes } from "./replication-events.ts";

export const TRACE_FORMAT = "haspec-trace";
export const TRACE_VERSION = 1;

/** A trace of a protocol whose events are `E` and outputs `O`; as read from a file before its kit decoded it, the defaults. */
export interface Trace<E = { readonly type: string }, O = unknown> {
  readonly format: typeof TRACE_FORMAT;
  readonly version: typeof TRACE_VERSION;
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

type EventSchema = Schema.Codec<unknown, unknown, never, never>;
const eventSchemas: Readonly<Record<string, EventSchema>> = { lease: LeaseEventSchema, replication: ReplicationEventSchema, proxy: ProxyEventSchema, cluster: ClusterEventSchema };
const eventTypes: Readonly<Record<string, readonly string[]>> = { lease: leaseEventTypes, replication: replicationEventTypes, proxy: proxyEventTypes, cluster: clusterEventTypes };

const Header = Schema.Struct({
  format: Schema.Literal(TRACE_FORMAT),
  version: Schema.Literal(TRACE_VERSION),
  protocol: Schema.Literals(Object.keys(eventSchemas) as [string, ...string[]]),
});

const MAX_EVENTS = 100_000;
const ViolationSchema = Schema.Struct({ invariant: Schema.String, step: Schema.Int, message: Schema.String });

function body(events: EventSchema) {
  return Schema.Struct({
    format: Schema.Literal(TRACE_FORMAT),
    version: Schema.Literal(TRACE_VERSION),
    protocol: Schema.String,
    preset: Schema.NullOr(Schema.String),
    config: Schema.Record(Schema.String, Schema.Union([Schema.Number, Schema.String, Schema.Boolean])),
    invariants: Schema.NullOr(Schema.Array(Schema.String)),
    seed: Schema.NullOr(Schema.Int),
    events: Schema.Array(events).check(Schema.isBetweenLength(0, MAX_EVENTS)),
    outputs: Schema.Array(Schema.Array(Schema.Unknown)),
    violation: Schema.NullOr(ViolationSchema),
    adapter: Schema.optionalKey(Schema.String),
    observed: Schema.optionalKey(Schema.Array(Schema.Array(Schema.Unknown))),
    observedViolation: Schema.optionalKey(Schema.NullOr(ViolationSchema)),
    divergence: Schema.optionalKey(Schema.NullOr(Schema.Struct({ step: Schema.Int, message: Schema.String }))),
  });
}

/** Decodes a parsed JSON value into a trace, or one line naming the first bad field. */
export function decodeTrace(value: unknown): { ok: true; trace: Trace } | { ok: false; error: string } {
  const header = Schema.decodeUnknownResult(Header)(value);
  if (Result.isFailure(header)) return { ok: false, error: describe(header.failure.issue) };
  const protocol = header.success.protocol;
  const unknownType = firstUnknownEventType(value, eventTypes[protocol]!);
  if (unknownType !== null) return { ok: false, error: unknownType };
  const events = eventSchemas[protocol]!;
  const decoded = Schema.decodeUnknownResult(body(events), { onExcessProperty: "error" })(value);
  if (Result.isFailure(decoded)) return { ok: false, error: describe(decoded.failure.issue) };
  return { ok: true, trace: decoded.success as unknown as Trace };
}

/** A clearer message than the union's for the commonest mistake: an event type that does not exist. */
function firstUnknownEventType(value: unknown, known: readonly string[]): string | null {
  const events = (value as { events?: unknown }).events;
  if (!Array.isArray(events)) return null;
  for (let i = 0; i < events.length; i++) {
    const type = (events[i] as { type?: unknown } | null)?.type;
    if (typeof type === "string" && !known.includes(type)) return `events[${i}].type: unknown event type ${JSON.stringify(type)} (known: ${known.join(", ")})`;
  }
  return null;
}

const formatter = SchemaIssue.makeFormatterStandardSchemaV1();

export function describe(issue: SchemaIssue.Issue): string {
  const first = formatter(issue).issues[0];
  if (first === undefined) return "invalid trace";
  const path = (first.path ?? []).map((k) => (typeof k === "object" && k !== null && "key" in k ? k.key : k));
  return `${renderPath(path as PropertyKey[])}: ${first.message}`;
}

function renderPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(top level)";
  return path.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`)).join("");
}
