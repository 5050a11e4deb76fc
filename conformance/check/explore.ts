/**
 * Random exploration: fast-check generates histories from a seed, each is folded through the
 * reducer with every invariant checked after every step, and the first violation is shrunk and
 * then made 1-minimal. The time limit only ends the search; once a violation is found, shrinking
 * always runs to the end, so the same seed gives the same counterexample.
 */
import fc from "fast-check";
import type { FlatConfig } from "../../model/core/knobs.ts";
import type { Entry } from "../protocols.ts";
import { minimize } from "./minimize.ts";
import { runHistory, type Violation } from "./run.ts";
import type { FailoverTime } from "./failover-times.ts";

export interface ExploreOptions {
  readonly entry: Entry;
  readonly flatConfig: FlatConfig;
  readonly seed: number;
  readonly runs: number;
  readonly maxSteps: number;
  readonly timeLimitMs: number;
  readonly invariants?: readonly string[] | undefined;
  /** Wall clock, injected so that tests can drive it; defaults to Date.now. */
  readonly now?: () => number;
  readonly onProgress?: (runs: number) => void;
}

export interface ExploreResult {
  readonly violation: Violation | null;
  readonly events: readonly { readonly type: string }[];
  readonly runs: number;
  readonly steps: number;
  readonly interrupted: boolean;
  /** Failovers completed in the searched histories (protocols that time them), before any shrinking. */
  readonly failoverTimes: readonly FailoverTime[];
}

export function explore(o: ExploreOptions): ExploreResult {
  const { protocol } = o.entry;
  const config = protocol.configFromFlat(o.flatConfig);
  const now = o.now ?? Date.now;
  const deadline = now() + o.timeLimitMs;
  let [runs, steps, found, interrupted] = [0, 0, false, false];
  const failoverTimes: FailoverTime[] = [];
  const timing = o.entry.failoverTimes;
  const property = fc.property(o.entry.histories(config, { maxSteps: o.maxSteps }), (events) => {
    if (!found) {
      if (interrupted || now() > deadline) return (interrupted = true);
      runs++;
      steps += events.length;
      if (runs % 1000 === 0) o.onProgress?.(runs);
    }
    const measure = timing === undefined || found ? {} : { onOutputs: (outs: readonly unknown[]) => void failoverTimes.push(...timing(outs)) };
    const v = runHistory(protocol, config, events, { invariants: o.invariants, ...measure }).violation;
    if (v !== null) found = true;
    return v === null;
  });
  const result = fc.check(property, { seed: o.seed, numRuns: o.runs, endOnFailure: false });
  if (!result.failed || result.counterexample === null) return { violation: null, events: [], runs, steps, interrupted, failoverTimes };
  const shrunk = result.counterexample[0];
  const first = runHistory(protocol, config, shrunk, { invariants: o.invariants }).violation!;
  const events = minimize(protocol, config, shrunk, o.invariants, first.invariant);
  const violation = runHistory(protocol, config, events, { invariants: o.invariants }).violation;
  return { violation, events, runs, steps, interrupted: false, failoverTimes };
}
