/** Shared set-up for the lease specs: configs from presets, and running hand-written histories. */
import { resolveConfig, type FlatConfig } from "../../model/core/knobs.ts";
import { leaseProtocol, type LeaseConfig, type LeaseEvent, type LeaseOutput, type LeaseState } from "../../model/lease/index.ts";
import { steps } from "../../model/core/run.ts";
import { runHistory } from "../../conformance/check/run.ts";

export function leaseConfig(preset: string | null, set: FlatConfig = {}): LeaseConfig {
  const layers = [preset === null ? {} : leaseProtocol.presets.find((p) => p.name === preset)!.knobs, set];
  const r = resolveConfig(leaseProtocol.knobs, layers);
  if (!r.ok) throw new Error(r.error);
  return leaseProtocol.configFromFlat(r.config);
}

export function fold(config: LeaseConfig, events: readonly LeaseEvent[]): { state: LeaseState; outputs: LeaseOutput[] } {
  let state = leaseProtocol.init(config);
  const outputs: LeaseOutput[] = [];
  for (const s of steps(leaseProtocol, config, events, state)) {
    state = s.after;
    outputs.push(...s.outputs);
  }
  return { state, outputs };
}

export function violation(config: LeaseConfig, events: readonly LeaseEvent[]) {
  return runHistory(leaseProtocol, config, events).violation;
}

export const time = (n: number, maxMs = 2000): LeaseEvent[] => Array.from({ length: n }, () => ({ type: "TimeAdvanced", maxMs }) as const);

/** E2 by hand: n1 checks its lease and issues a data write, then freezes past a takeover. */
export const pausedWriterHistory: readonly LeaseEvent[] = [
  { type: "LeaderWriteRequested", node: 0, target: "data" },
  { type: "NodePaused", node: 0, ms: 6000 },
  ...time(40),
];
