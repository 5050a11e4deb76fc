/**
 * Failover times seen during exploration: each completed failover's detection, election and
 * recovery, summarised as medians (what a run typically gives) and the maximum (what it risks).
 */
import type { ClusterOutput } from "../../model/cluster/index.ts";

export interface FailoverTime {
  readonly totalMs: number;
  readonly detectionMs: number;
  readonly electionMs: number;
  readonly recoveryMs: number;
}

export interface FailoverSummary {
  readonly count: number;
  readonly median: number;
  readonly max: number;
  readonly detection: number;
  readonly election: number;
  readonly recovery: number;
}

export function clusterFailoverTimes(outputs: readonly unknown[]): FailoverTime[] {
  return (outputs as readonly ClusterOutput[]).flatMap((o) =>
    o.type === "FailoverCompleted" ? [{ totalMs: o.totalMs, detectionMs: o.detectionMs, electionMs: o.electionMs, recoveryMs: o.recoveryMs }] : []);
}

/** The lower median, so that every figure is one a failover really took. */
export function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

export function summarise(times: readonly FailoverTime[]): FailoverSummary | null {
  if (times.length === 0) return null;
  return {
    count: times.length,
    median: median(times.map((t) => t.totalMs)),
    max: Math.max(...times.map((t) => t.totalMs)),
    detection: median(times.map((t) => t.detectionMs)),
    election: median(times.map((t) => t.electionMs)),
    recovery: median(times.map((t) => t.recoveryMs)),
  };
}

export function describeSummary(s: FailoverSummary): string {
  return `failovers seen: ${s.count}, median ${s.median} ms (detection ${s.detection} + election ${s.election} + recovery ${s.recovery}, each a median), max ${s.max} ms`;
}
