/** Shared set-up for the proxy specs: configs from presets, hand-written histories and their runs. */
import type { FlatConfig } from "../../model/core/knobs.ts";
import type { ProxyConfig, ProxyEvent, ProxyOutput, ProxyState, StmtKind } from "../../model/proxy/index.ts";
import { runHistory, type Violation } from "../../conformance/check/run.ts";
import { buildConfig } from "../../conformance/kits/config.ts";
import { kits } from "../../conformance/kits/index.ts";

export const P = kits.proxy.model;

export function proxyConfig(preset: string, sets: FlatConfig = {}): ProxyConfig {
  return P.configFromFlat(buildConfig(P, preset, sets));
}

export interface Run {
  readonly violation: Violation | null;
  /** Outputs of each step that ran, aligned with the events. */
  readonly steps: readonly (readonly ProxyOutput[])[];
  /** The state after the last step that ran (the violating one, if any). */
  readonly state: ProxyState;
}

/** Runs a history with every invariant checked, stopping at the first violation. */
export function run(config: ProxyConfig, events: readonly ProxyEvent[], invariants?: readonly string[]): Run {
  let state = P.init(config);
  const r = runHistory(P, config, events, { recordOutputs: true, invariants, onState: (s) => { state = s; } });
  return { violation: r.violation, steps: r.outputs, state };
}

export const outputsOf = (r: Run): ProxyOutput[] => r.steps.flat();
export const committedStmts = (s: ProxyState): number[] => s.db.committed.map((e) => e.stmt);

export const sent = (kind: StmtKind, session = 0): ProxyEvent => ({ type: "StatementSent", session, kind });
export const executed = (session = 0): ProxyEvent => ({ type: "StatementExecuted", session });
export const delivered = (session = 0): ProxyEvent => ({ type: "ReplyDelivered", session });
export const streamed = (session = 0): ProxyEvent => ({ type: "ResultStreamed", session });
/** A statement's whole round trip: sent, executed, its reply delivered. */
export const stmt = (kind: StmtKind, session = 0): ProxyEvent[] => [sent(kind, session), executed(session), delivered(session)];
export const crash: ProxyEvent = { type: "PrimaryLost", how: "crash" };
export const isolated: ProxyEvent = { type: "PrimaryLost", how: "isolated" };
export const stale: ProxyEvent = { type: "StaleTopologyNoticed" };
export const other: ProxyEvent = { type: "OtherClientWrote" };
export const time = (ms: number): ProxyEvent => ({ type: "TimeAdvanced", ms });
export const failover = (trxState: boolean, lostCommits = 0, node = 1): ProxyEvent => ({ type: "FailoverDone", node, trxState, lostCommits });
