/**
 * haspec as a library: run the conformance suite against your own implementation from your own
 * test file. Write an Adapter for a protocol (see adapters/contract.ts and the example in
 * adapters/examples/memory-lease.ts), then, with that protocol's kit:
 *
 *   const report = await checkConformance({ kit: kits.lease, adapter, preset: "vds-fenced", runs: 50, seed: 1 });
 *   expect(report.ok, report.summary).toBe(true);
 */
import type { FlatConfig } from "../model/core/knobs.ts";
import type { Adapter } from "../adapters/contract.ts";
import { conform, predictedOnly, type ConformResult, type Coverage, type HistoryResult } from "./conform/run.ts";
import { defaultCacheDir, diskCache } from "./conform/target-cache.ts";
import { buildConfig } from "./kits/config.ts";
import type { Ev, ProtocolKit } from "./kits/kit.ts";
import { buildTrace } from "./trace/build.ts";
import { writeTrace } from "./trace/file.ts";
import { UsageError } from "./usage.ts";

export type { Adapter } from "../adapters/contract.ts";
export { AdapterError } from "../adapters/contract.ts";
export type { LeaseConfig, LeaseEvent, LeaseOutput, LeaseState } from "../model/lease/index.ts";
export type { ReplConfig, ReplEvent, ReplOutput, ReplState } from "../model/replication/index.ts";
export type { ProxyConfig, ProxyEvent, ProxyOutput, ProxyState } from "../model/proxy/index.ts";
export type { ClusterConfig, ClusterEvent, ClusterOutput, ClusterState } from "../model/cluster/index.ts";
export type { FlatConfig } from "../model/core/knobs.ts";
export type { Coverage, HistoryResult } from "./conform/run.ts";
export type { ProtocolKit } from "./kits/kit.ts";
export { kits, findKit } from "./kits/index.ts";
export { memoryLeaseAdapter, MemoryLeaseService } from "../adapters/examples/memory-lease.ts";
/** Traces for other tools: read one, rebuild its timeline, export ITF (and read it back) or a Jepsen history. */
export { loadTrace } from "./kits/load.ts";
export { readTrace } from "./kits/load.ts";
export { traceToItf, itfToStates } from "./trace/itf.ts";
export { validateItf } from "./trace/itf-schema.ts";
export { historyOfTrace, jepsenJson } from "./trace/jepsen.ts";
export { buildTimeline } from "./trace/timeline/build.ts";
export { renderHtml } from "./trace/timeline/html/index.ts";

export interface ConformanceOptions<C, S, E extends Ev, O> {
  /** The protocol the adapter implements, as its kit (`kits.lease`, `kits.replication`, ...). */
  readonly kit: ProtocolKit<C, S, E, O>;
  readonly adapter: Adapter<E, O>;
  readonly preset?: string;
  readonly set?: FlatConfig;
  readonly runs?: number;
  readonly seed?: number;
  readonly maxSteps?: number;
  readonly invariants?: readonly string[];
  /** Re-runs of your system allowed for shrinking a failure found on it (default 50). */
  readonly shrinkBudget?: number;
  /** Where to write the trace of a failing history (nothing is written when all pass). */
  readonly traceFile?: string;
}

export interface ConformanceReport<E, O> {
  /** No violation, no divergence, and every targeted witness reached on your system. */
  readonly ok: boolean;
  readonly histories: number;
  /** What the run covered on your system: targeted histories, witnesses reached, outcomes compared and excused, vacuous witnesses. */
  readonly coverage: Coverage;
  readonly failing: HistoryResult<E, O> | null;
  readonly traceFile: string | null;
  /** One paragraph for an assertion message: seed, verdict, and where the trace is. */
  readonly summary: string;
}

export async function checkConformance<C, S, E extends Ev, O>(o: ConformanceOptions<C, S, E, O>): Promise<ConformanceReport<E, O>> {
  const { kit, adapter } = o;
  const hooks = kit.conform;
  if (hooks === null) throw new UsageError(`protocol ${kit.name} has no conformance check yet`);
  const flatConfig = buildConfig(kit.model, o.preset, o.set ?? {});
  const seed = o.seed ?? 1;
  const result: ConformResult<E, O> = await conform({
    kit, hooks, adapter, flatConfig, seed, runs: o.runs ?? 20, maxSteps: o.maxSteps ?? 40, invariants: o.invariants,
    shrinkBudget: o.shrinkBudget ?? 50, cache: diskCache(defaultCacheDir()),
  });
  const f = result.failing;
  let traceFile: string | null = null;
  if (f !== null && o.traceFile !== undefined) {
    traceFile = o.traceFile;
    writeTrace(traceFile, {
      ...buildTrace({ kit, preset: o.preset ?? null, flatConfig, invariants: o.invariants, seed, events: f.events }),
      // Every step's model outputs, also past the violation (runHistory stops there), beside every observed step.
      outputs: f.expected, adapter: adapter.name, observed: f.observed, observedViolation: f.observedViolation, divergence: f.divergence,
    });
  }
  const broke = f?.observedViolation ? `${adapter.name} broke ${f.observedViolation.invariant} at step ${f.observedViolation.step}: ${f.observedViolation.message}` : null;
  const diverged = f?.divergence ? `divergence from the model at step ${f.divergence.step}: ${f.divergence.message}` : null;
  const predicted = f !== null && predictedOnly(f) ? `the model breaks ${f.expectedViolation!.invariant} at step ${f.expectedViolation!.step} on a history where ${adapter.name} agreed with it on every outcome its outputs show: nothing rules the violation out` : null;
  const verdict = f === null ? "no violation, no divergence" : [broke, diverged, predicted].filter((x) => x !== null).join("; ");
  const vacuous = f === null && result.coverage.vacuous.length > 0 ? `; VACUOUS: never reached ${result.coverage.vacuous.join(", ")}` : "";
  const summary = `haspec conformance of ${adapter.name} (seed ${seed}, ${result.histories.length} histories): ${verdict}${vacuous}${traceFile ? `; trace: ${traceFile} (haspec show ${traceFile})` : ""}`;
  // A pass that never reached a targeted witness is no pass: the CLI exits 3 for it.
  return { ok: f === null && result.coverage.vacuous.length === 0, histories: result.histories.length, coverage: result.coverage, failing: f, traceFile, summary };
}
