/** The measurements themselves; `run.ts` decides which to run and prints them. */
import { performance } from "node:perf_hooks";
import fc from "fast-check";
import { runHistory, type Violation } from "../conformance/check/run.ts";
import { explore, type ExploreResult } from "../conformance/check/explore.ts";
import { runScenario } from "../conformance/check/scenario.ts";
import { steps } from "../model/core/run.ts";
import { buildConfig } from "../conformance/kits/config.ts";
import { findKit } from "../conformance/kits/index.ts";
import type { Ev, ProtocolKit } from "../conformance/kits/kit.ts";
import type { Scenario } from "../catalogue/catalogue.ts";
import { max, median } from "./table.ts";

const MAX_STEPS = 100;

/** A protocol and its safe preset: the pair figures 1–3 measure. */
export interface Subject {
  readonly protocol: string;
  readonly preset: string;
}

export interface Throughput {
  readonly histories: number;
  readonly steps: number;
  readonly rawStepsPerSec: number;
  readonly checkedStepsPerSec: number;
}

/**
 * Histories are generated up front so that only the reducer (and the invariants) are timed, not
 * fast-check. Each fold is repeated for at least `minMs` after a warm-up pass, so that the JIT
 * has settled and a single GC pause does not dominate.
 */
export function reducerThroughput(subject: Subject, count: number, minMs: number): Throughput {
  return findKit(subject.protocol).use((kit) => throughputOf(kit, subject.preset, count, minMs));
}

function throughputOf<C, S, E extends Ev, O>(kit: ProtocolKit<C, S, E, O>, preset: string, count: number, minMs: number): Throughput {
  const protocol = kit.model;
  const flat = buildConfig(protocol, preset, {});
  const config = protocol.configFromFlat(flat);
  const histories = fc.sample(kit.histories(config, { maxSteps: MAX_STEPS }), { seed: 1, numRuns: count });

  const raw = (): number => {
    let taken = 0;
    let sink = 0; // consumed below, so the engine cannot drop the folds as dead code
    for (const events of histories) {
      for (const s of steps(protocol, config, events)) sink += s.outputs.length;
      taken += events.length;
    }
    return sink < 0 ? 0 : taken;
  };
  const checked = (): number => {
    let taken = 0;
    for (const events of histories) {
      const v = runHistory(protocol, config, events).violation;
      taken += v === null ? events.length : v.step + 1;
    }
    return taken;
  };

  return {
    histories: histories.length,
    steps: histories.reduce((n, h) => n + h.length, 0),
    rawStepsPerSec: timedRate(raw, minMs),
    checkedStepsPerSec: timedRate(checked, minMs),
  };
}

function timedRate(pass: () => number, minMs: number): number {
  pass();
  let steps = 0;
  const started = performance.now();
  let elapsed = 0;
  do {
    steps += pass();
    elapsed = performance.now() - started;
  } while (elapsed < minMs);
  return (steps * 1000) / elapsed;
}

export interface SafeRun extends ExploreResult<Ev> {
  readonly elapsedMs: number;
}

/** Explores the safe preset with every invariant checked, as `haspec explore` would. */
export function safeRun(subject: Subject, runs: number): SafeRun {
  return findKit(subject.protocol).use((kit) => {
    const flatConfig = buildConfig(kit.model, subject.preset, {});
    const started = performance.now();
    const r = explore({ kit, flatConfig, seed: 1, runs, maxSteps: MAX_STEPS, timeLimitMs: 24 * 3600_000 });
    return { ...r, elapsedMs: performance.now() - started };
  });
}

export interface FindStats {
  readonly scenario: Scenario;
  readonly seeds: number;
  readonly found: number;
  /** Invariants found across the seeds (the expected one, unless something is wrong). */
  readonly invariants: readonly string[];
  readonly failedSeeds: readonly number[];
  readonly ms: { readonly median: number; readonly max: number };
  readonly runs: { readonly median: number; readonly max: number };
  readonly length: { readonly median: number; readonly max: number };
}

/** Statistics are over the seeds that found the expected invariant; misses are listed instead. */
export function timeToFind(scenario: Scenario, seeds: number): FindStats {
  const ok: { ms: number; runs: number; length: number }[] = [];
  const invariants = new Set<string>();
  const failedSeeds: number[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const r = runScenario(scenario, seed);
    if (r.violation !== null) invariants.add(r.violation.invariant);
    // `runs` covers whole blocks of runs; the violating run's index says how many it took to find.
    if (r.asCatalogued) ok.push({ ms: r.elapsedMs, runs: (r.violationRun ?? r.runs - 1) + 1, length: r.events.length });
    else failedSeeds.push(seed);
  }
  const stats = (xs: number[]) => ({ median: median(xs), max: max(xs) });
  return {
    scenario, seeds, found: ok.length, invariants: [...invariants], failedSeeds,
    ms: stats(ok.map((o) => o.ms)), runs: stats(ok.map((o) => o.runs)), length: stats(ok.map((o) => o.length)),
  };
}

export function describeViolation(v: Violation | null): string {
  return v === null ? "none" : `${v.invariant} at step ${v.step}: ${v.message}`;
}
