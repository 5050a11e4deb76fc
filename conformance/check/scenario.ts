/** Runs one catalogue scenario from one seed: explore with its configuration and bounds. */
import type { Scenario } from "../../specs/catalogue/catalogue.ts";
import { buildConfig, findProtocol } from "../protocols.ts";
import { explore, type ExploreResult } from "./explore.ts";

export interface ScenarioRun extends ExploreResult {
  readonly elapsedMs: number;
  /** Whether the run behaved as catalogued: found the expected invariant, or found nothing. */
  readonly asCatalogued: boolean;
}

export function runScenario(s: Scenario, seed: number, opts: { runs?: number; timeLimitMs?: number } = {}): ScenarioRun {
  const entry = findProtocol(s.protocol);
  const flatConfig = buildConfig(entry.protocol, s.preset, s.set);
  const started = Date.now();
  const r = explore({
    entry, flatConfig, seed, runs: opts.runs ?? s.runs, maxSteps: s.maxSteps,
    timeLimitMs: opts.timeLimitMs ?? 600_000, invariants: s.invariants,
  });
  const asCatalogued = s.expect === null ? r.violation === null && !r.interrupted : r.violation?.invariant === s.expect;
  return { ...r, elapsedMs: Date.now() - started, asCatalogued };
}
