/**
 * A trace file read for its protocol: the file names the protocol, the protocol's kit decodes the
 * events and outputs with its own schemas, and the caller gets both typed alike, so that nothing
 * downstream of a file treats a lease output as a cluster one. What a schema cannot judge alone
 * is checked here against the kit's model: the preset is one of its presets, the recorded steps
 * are steps of the trace, and every node and session named exists in the trace's configuration.
 */
import { firstBeyond } from "../trace/bounds.ts";
import { readTraceJson, TraceError } from "../trace/file.ts";
import { decodeTraceHeader, decodeTrace, type Trace } from "../trace/schema.ts";
import { quote } from "../trace/tag-check.ts";
import { buildConfig } from "./config.ts";
import { findKit, protocolNames } from "./index.ts";
import type { Ev, ProtocolKit } from "./kit.ts";

export interface LoadedTrace {
  readonly protocol: string;
  use<R>(f: <C, S, E extends Ev, O>(kit: ProtocolKit<C, S, E, O>, trace: Trace<E, O>) => R): R;
}

/** Reads and decodes a trace file through its protocol's kit; any problem is a TraceError of one line naming the file. */
export function loadTrace(path: string): LoadedTrace {
  const json = readTraceJson(path);
  const header = decodeTraceHeader(json, protocolNames);
  if (!header.ok) throw new TraceError(`${path}: ${header.error}`);
  const { protocol } = header.header;
  return findKit(protocol).use((kit): LoadedTrace => {
    const trace = decodeFor(kit, json, header.header.version, path);
    return { protocol, use: (f) => f(kit, trace) };
  });
}

/** A trace file of the protocol `kit` runs, typed as its; a trace of another protocol is refused. */
export function readTraceOf<C, S, E extends Ev, O>(kit: ProtocolKit<C, S, E, O>, path: string): Trace<E, O> {
  const json = readTraceJson(path);
  const header = decodeTraceHeader(json, [kit.name]);
  if (!header.ok) throw new TraceError(`${path}: ${header.error}`);
  return decodeFor(kit, json, header.header.version, path);
}

/** A trace file with its events and outputs typed only as far as every protocol agrees. */
export function readTrace(path: string): Trace {
  return loadTrace(path).use((_kit, trace): Trace => trace);
}

function decodeFor<C, S, E extends Ev, O>(kit: ProtocolKit<C, S, E, O>, json: unknown, version: 1 | 2, path: string): Trace<E, O> {
  const decoded = decodeTrace(json, version, kit.schemas);
  if (!decoded.ok) throw new TraceError(`${path}: ${decoded.error}`);
  const problem = problemOf(kit, decoded.trace);
  if (problem !== null) throw new TraceError(`${path}: ${problem}`);
  return decoded.trace;
}

/** The first thing in a schema-valid trace its protocol's model cannot take, as one line; else null. */
function problemOf<C, S, E extends Ev, O>(kit: ProtocolKit<C, S, E, O>, trace: Trace<E, O>): string | null {
  const model = kit.model;
  if (trace.preset !== null && !model.presets.some((p) => p.name === trace.preset)) {
    return `preset: unknown preset ${quote(trace.preset)} for ${model.name} (known: ${model.presets.map((p) => p.name).join(", ")})`;
  }
  const steps = trace.events.length;
  // The model's verdict is at one of the steps. A conformance trace's verdicts on the system may
  // also sit just after the last one: a check of the whole client history at its end (conform/run.ts).
  const checks = [["violation", trace.violation, steps - 1], ["observedViolation", trace.observedViolation, steps], ["divergence", trace.divergence, steps]] as const;
  for (const [key, at, last] of checks) {
    if (at !== null && at !== undefined && (at.step < 0 || at.step > last)) {
      return `${key}.step: ${quote(at.step)} is not a step of this trace (${last < 0 ? "it has no events" : `steps 0..${last}`})`;
    }
  }
  let config: C;
  try {
    config = model.configFromFlat(buildConfig(model, undefined, trace.config));
  } catch (e) {
    return `config: ${e instanceof Error ? e.message : String(e)}`;
  }
  return firstBeyond(trace, [["events", kit.schemas.events, 1], ["outputs", kit.schemas.outputs, 2], ["observed", kit.schemas.outputs, 2]], kit.indexBounds(config));
}
