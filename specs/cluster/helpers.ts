/** Shared set-up for the cluster specs: configs from presets, hand-written histories and their runs. */
import type { FlatConfig } from "../../model/core/knobs.ts";
import type {
  ClientEvent, ClusterConfig, ClusterEvent, ClusterOutput, ClusterState, LeaseWorldEvent, ReplWorldEvent,
} from "../../model/cluster/index.ts";
import type { ProxyOutput, StmtKind } from "../../model/proxy/index.ts";
import { runHistory, type Violation } from "../../conformance/check/run.ts";
import { buildConfig } from "../../conformance/kits/config.ts";
import { kits } from "../../conformance/kits/index.ts";

export const C = kits.cluster.model;

export function clusterConfig(preset: string, sets: FlatConfig = {}): ClusterConfig {
  return C.configFromFlat(buildConfig(C, preset, sets));
}

export interface Run {
  readonly violation: Violation | null;
  /** Outputs of each step that ran, aligned with the events. */
  readonly steps: readonly (readonly ClusterOutput[])[];
  /** The state after each step that ran (`states[k]` follows event k). */
  readonly states: readonly ClusterState[];
  /** The state after the last step that ran (the violating one, if any). */
  readonly state: ClusterState;
}

/** Runs a history with every invariant (or the named ones) checked, stopping at the first violation. */
export function run(config: ClusterConfig, events: readonly ClusterEvent[], invariants?: readonly string[]): Run {
  const states: ClusterState[] = [];
  const r = runHistory(C, config, events, { recordOutputs: true, invariants, onState: (s) => states.push(s) });
  return { violation: r.violation, steps: r.outputs, states, state: states.at(-1) ?? C.init(config) };
}

export const outputsOf = (r: Run): ClusterOutput[] => r.steps.flat();
/** What the clients saw through the proxy. */
export const proxyOutputs = (outputs: readonly ClusterOutput[]): ProxyOutput[] => outputs.flatMap((o) => (o.type === "Proxy" ? [o.output] : []));
/** Every error a client was told: an error reply, or its session closed. */
export const clientErrors = (r: Run): ProxyOutput[] =>
  proxyOutputs(outputsOf(r)).filter((o) => (o.type === "Replied" && o.outcome === "error") || o.type === "SessionClosed");
export const completions = (r: Run) => outputsOf(r).flatMap((o) => (o.type === "FailoverCompleted" ? [o] : []));
/** The index of the step whose outputs include one of this type (the first such step), or -1. */
export const stepOf = (r: Run, type: ClusterOutput["type"]): number => r.steps.findIndex((s) => s.some((o) => o.type === type));
export const committedStmts = (s: ClusterState): number[] => s.proxy.db.committed.map((e) => e.stmt);

const client = (event: ClientEvent): ClusterEvent => ({ type: "Client", event });
export const sent = (kind: StmtKind, session = 0): ClusterEvent => client({ type: "StatementSent", session, kind });
export const executed = (session = 0): ClusterEvent => client({ type: "StatementExecuted", session });
export const delivered = (session = 0): ClusterEvent => client({ type: "ReplyDelivered", session });
/** A statement's whole round trip: sent, executed, its reply delivered. */
export const stmt = (kind: StmtKind, session = 0): ClusterEvent[] => [sent(kind, session), executed(session), delivered(session)];
export const time = (maxMs: number): ClusterEvent => ({ type: "TimeAdvanced", maxMs });
/** `n` advances of up to `maxMs` each: the cluster's time stops early at every instant that matters. */
export const times = (n: number, maxMs: number): ClusterEvent[] => Array.from({ length: n }, () => time(maxMs));
export const primaryCrashed: ClusterEvent = { type: "PrimaryCrashed" };
export const nodeCrashed = (node: number): ClusterEvent => ({ type: "NodeCrashed", node });
export const nodeRestarted = (node: number): ClusterEvent => ({ type: "NodeRestarted", node });
export const switchover: ClusterEvent = { type: "SwitchoverRequested" };
export const backupLock: ClusterEvent = { type: "BackupLockTaken" };
export const lease = (event: LeaseWorldEvent): ClusterEvent => ({ type: "Lease", event });
export const repl = (event: ReplWorldEvent): ClusterEvent => ({ type: "Replication", event });

