/** Shared set-up for the replication specs: configs from presets, and folding hand-written histories. */
import { resolveConfig, type FlatConfig } from "../../model/core/knobs.ts";
import { replicationProtocol as P, type ReplConfig, type ReplEvent, type ReplOutput, type ReplState } from "../../model/replication/index.ts";
import { steps as stepsOf } from "../../model/core/run.ts";
import { runHistory } from "../../conformance/check/run.ts";

export function replConfig(preset: string, set: FlatConfig = {}): ReplConfig {
  const r = resolveConfig(P.knobs, [P.presets.find((p) => p.name === preset)!.knobs, set]);
  if (!r.ok) throw new Error(r.error);
  return P.configFromFlat(r.config);
}

export function fold(config: ReplConfig, events: readonly ReplEvent[]): { state: ReplState; outputs: ReplOutput[]; steps: ReplOutput[][] } {
  let state = P.init(config);
  const steps: ReplOutput[][] = [];
  for (const s of stepsOf(P, config, events, state)) {
    state = s.after;
    steps.push([...s.outputs]);
  }
  return { state, outputs: steps.flat(), steps };
}

export const violation = (config: ReplConfig, events: readonly ReplEvent[], invariants?: readonly string[]) =>
  runHistory(P, config, events, { invariants }).violation;

export const commit: ReplEvent = { type: "ClientCommitRequested" };
export const time = (ms: number): ReplEvent => ({ type: "TimeAdvanced", maxMs: ms });
export const receive = (node: number): ReplEvent => ({ type: "ReplicaReceived", node });
export const readOn = (node: number): ReplEvent => ({ type: "ClientReadRequested", node });
export const ioStop = (node: number): ReplEvent => ({ type: "ReplicaIoStopped", node });
export const ioStart = (node: number): ReplEvent => ({ type: "ReplicaIoStarted", node });
export const crash = (node: number): ReplEvent => ({ type: "NodeCrashed", node });
export const restart = (node: number): ReplEvent => ({ type: "NodeRestarted", node });
export const kill: ReplEvent = { type: "WaiterKilled", pick: 0 };
export const failover: ReplEvent = { type: "FailoverPromoted", pick: 0 };

export const replies = (outputs: readonly ReplOutput[]) =>
  outputs.flatMap((o) => (o.type === "CommitReplied" ? [`${o.id}:${o.outcome}`] : []));
