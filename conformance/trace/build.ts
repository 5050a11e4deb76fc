/** Builds a trace from a history: replays it through the model to record the outputs. */
import type { FlatConfig } from "../../model/core/knobs.ts";
import { MODEL_VERSION } from "../../model/core/version.ts";
import { runHistory } from "../check/run.ts";
import type { Entry } from "../protocols.ts";
import { TRACE_FORMAT, TRACE_VERSION, type Trace } from "./schema.ts";

export interface TraceInput {
  readonly entry: Entry;
  readonly preset: string | null;
  readonly flatConfig: FlatConfig;
  readonly invariants: readonly string[] | undefined;
  readonly seed: number | null;
  readonly events: readonly { readonly type: string }[];
}

export function buildTrace(i: TraceInput): Trace {
  const config = i.entry.protocol.configFromFlat(i.flatConfig);
  const run = runHistory(i.entry.protocol, config, i.events, { invariants: i.invariants, recordOutputs: true });
  return {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    model: MODEL_VERSION,
    protocol: i.entry.protocol.name,
    preset: i.preset,
    config: i.flatConfig,
    invariants: i.invariants === undefined ? null : [...i.invariants],
    seed: i.seed,
    events: i.events,
    outputs: run.outputs,
    violation: run.violation,
  };
}
