/** Builds a trace from a history: replays it through the model to record the outputs. */
import type { FlatConfig } from "../../model/core/knobs.ts";
import { MODEL_VERSION } from "../../model/core/version.ts";
import { runHistory } from "../check/run.ts";
import type { Ev, ProtocolKit } from "../kits/kit.ts";
import { TRACE_FORMAT, TRACE_VERSION, type Trace } from "./schema.ts";

export interface TraceInput<C, S, E extends Ev, O> {
  readonly kit: ProtocolKit<C, S, E, O>;
  readonly preset: string | null;
  readonly flatConfig: FlatConfig;
  readonly invariants: readonly string[] | undefined;
  readonly seed: number | null;
  readonly events: readonly E[];
}

export function buildTrace<C, S, E extends Ev, O>(i: TraceInput<C, S, E, O>): Trace<E, O> {
  const config = i.kit.model.configFromFlat(i.flatConfig);
  const run = runHistory(i.kit.model, config, i.events, { invariants: i.invariants, recordOutputs: true });
  return {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    model: MODEL_VERSION,
    protocol: i.kit.name,
    preset: i.preset,
    config: i.flatConfig,
    invariants: i.invariants === undefined ? null : [...i.invariants],
    seed: i.seed,
    events: i.events,
    outputs: run.outputs,
    violation: run.violation,
  };
}
