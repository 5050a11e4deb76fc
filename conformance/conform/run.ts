/**
 * The conformance runner: histories go to the model (expected) and to an adapter (observed);
 * outcomes are compared within the adapter's time tolerance, and the black-box checkers judge
 * what the system did. The first history is the model's own counterexample when it has one,
 * shrunk on the model to a history whose verdict does not hang on timing; the rest are random.
 */
import fc from "fast-check";
import type { FlatConfig } from "../../model/core/knobs.ts";
import type { Adapter } from "../../adapters/contract.ts";
import { minimizeWith } from "../check/minimize.ts";
import type { Violation } from "../check/run.ts";
import type { Entry } from "../protocols.ts";
import { checkObserved, foldModel, type ModelRun } from "./fold.ts";
import { firstDivergence, type Divergence } from "./outcome.ts";

type Events = readonly { readonly type: string }[];

export interface ConformOptions {
  readonly entry: Entry;
  readonly adapter: Adapter;
  readonly flatConfig: FlatConfig;
  readonly seed: number;
  readonly runs: number;
  readonly maxSteps: number;
  readonly invariants?: readonly string[] | undefined;
  readonly onHistory?: (h: HistoryResult, total: number) => void;
}

export interface HistoryResult {
  readonly index: number;
  readonly origin: "model counterexample" | "random";
  readonly events: Events;
  readonly expected: readonly (readonly unknown[])[];
  readonly observed: readonly (readonly unknown[])[];
  readonly expectedViolation: Violation | null;
  readonly observedViolation: Violation | null;
  readonly divergence: Divergence | null;
  readonly elapsedMs: number;
}

export interface ConformResult {
  readonly histories: readonly HistoryResult[];
  /** The first history with an observed violation or a divergence, if any. */
  readonly failing: HistoryResult | null;
}

export async function conform(o: ConformOptions): Promise<ConformResult> {
  const config = o.entry.protocol.configFromFlat(o.flatConfig);
  const supported = o.entry.histories(config, { maxSteps: o.maxSteps }).map((h) => h.filter((e) => o.adapter.supports(e)));
  const candidate = modelCounterexample(o, config, supported);
  const random = fc.sample(supported, { seed: o.seed, numRuns: Math.max(0, o.runs - (candidate === null ? 0 : 1)) });
  const queue: [HistoryResult["origin"], Events][] = [
    ...(candidate === null ? [] : [["model counterexample", candidate] as [HistoryResult["origin"], Events]]),
    ...random.map((h) => ["random", h] as [HistoryResult["origin"], Events]),
  ];
  const histories: HistoryResult[] = [];
  for (const [origin, events] of queue) {
    const h = await runOne(o, config, histories.length, origin, events);
    histories.push(h);
    o.onHistory?.(h, queue.length);
    if (h.observedViolation !== null || h.divergence !== null) return { histories, failing: h };
  }
  return { histories, failing: null };
}

/**
 * A history on which the model breaks an invariant, every outcome up to the breach far enough
 * from timing boundaries that a real system must decide it the same way.
 */
function modelCounterexample(o: ConformOptions, config: unknown, arb: fc.Arbitrary<{ readonly type: string }[]>): Events | null {
  const robustViolation = (events: Events): Violation | null => {
    const run = foldModel(o.entry.protocol, config, events, o.invariants);
    if (run.violation === null) return null;
    const upTo = run.violation.step;
    const cut = { ...run, resolved: run.resolved.slice(0, upTo + 1), outputs: run.outputs.slice(0, upTo + 1), times: run.times.slice(0, upTo + 1) };
    const boundaries = o.entry.boundaries(run.states.slice(0, upTo + 2), config);
    const tol = o.adapter.timeToleranceMs;
    const outcomes = o.entry.outcomes(cut.resolved, cut.outputs, cut.times);
    const near = (t: number): boolean => boundaries.some((b) => Math.abs(t - b) <= tol);
    return outcomes.some((x) => x.times.some(near)) || near(run.times[upTo]!) ? null : run.violation;
  };
  const found = fc.check(fc.property(arb, (h) => robustViolation(h) === null), { seed: o.seed, numRuns: 50_000 });
  if (!found.failed || found.counterexample === null) return null;
  return minimizeWith(found.counterexample[0], robustViolation);
}

async function runOne(o: ConformOptions, config: unknown, index: number, origin: HistoryResult["origin"], events: Events): Promise<HistoryResult> {
  const started = Date.now();
  const model = foldModel(o.entry.protocol, config, events, o.invariants);
  const observed = await drive(o.adapter, o.flatConfig, model);
  const observedViolation = checkObserved(o.entry.protocol, observed, o.invariants);
  const expectedOutcomes = o.entry.outcomes(model.resolved, model.outputs, model.times);
  const observedOutcomes = o.entry.outcomes(model.resolved, observed, model.times);
  const boundaries = o.entry.boundaries(model.states, config);
  let divergence = firstDivergence(expectedOutcomes, observedOutcomes, boundaries, o.adapter.timeToleranceMs);
  const expectedBlackBox = checkObserved(o.entry.protocol, model.outputs, o.invariants);
  if (divergence === null && (expectedBlackBox === null) !== (observedViolation === null)) {
    const v = (expectedBlackBox ?? observedViolation)!;
    divergence = { step: v.step, message: `${v.invariant}: model ${expectedBlackBox ? "breaks it" : "keeps it"}, system ${observedViolation ? "breaks it" : "keeps it"}` };
  }
  return {
    index, origin, events: model.resolved, expected: model.outputs, observed,
    expectedViolation: model.violation, observedViolation, divergence, elapsedMs: Date.now() - started,
  };
}

/** Drives the adapter through the resolved events; always stops it, also on failure. */
async function drive(adapter: Adapter, flat: FlatConfig, model: ModelRun): Promise<(readonly unknown[])[]> {
  const observed: (readonly unknown[])[] = [];
  await adapter.start(flat);
  try {
    for (const event of model.resolved) observed.push(await adapter.apply(event));
  } finally {
    await adapter.stop();
  }
  return observed;
}
