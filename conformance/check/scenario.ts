/** Runs one catalogue scenario from one seed: explore with its configuration and bounds. */
import type { Scenario } from "../../catalogue/catalogue.ts";
import { buildConfig } from "../kits/config.ts";
import { findKit } from "../kits/index.ts";
import type { Ev, ProtocolKit } from "../kits/kit.ts";
import { explore, type ExploreResult } from "./explore.ts";

export interface ScenarioRun<E = Ev> extends ExploreResult<E> {
  readonly elapsedMs: number;
  /** Whether the run behaved as catalogued: found the expected invariant, or found nothing. */
  readonly asCatalogued: boolean;
}

type Options = { runs?: number; timeLimitMs?: number };

export function runScenario(s: Scenario, seed: number, opts: Options = {}): ScenarioRun {
  return findKit(s.protocol).use((kit) => runScenarioWith(kit, s, seed, opts));
}

export function runScenarioWith<C, S, E extends Ev, O>(kit: ProtocolKit<C, S, E, O>, s: Scenario, seed: number, opts: Options = {}): ScenarioRun<E> {
  const flatConfig = buildConfig(kit.model, s.preset, s.set);
  const started = Date.now();
  const r = explore({
    kit, flatConfig, seed, runs: opts.runs ?? s.runs, maxSteps: s.maxSteps,
    timeLimitMs: opts.timeLimitMs ?? 600_000, invariants: s.invariants,
  });
  const asCatalogued = s.expect === null ? r.violation === null && !r.interrupted : r.violation?.invariant === s.expect;
  return { ...r, elapsedMs: Date.now() - started, asCatalogued };
}
