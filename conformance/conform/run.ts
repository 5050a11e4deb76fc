/**
 * The conformance runner: histories go to the model (expected) and to an adapter (observed);
 * outcomes are compared within the adapter's time tolerance, and the black-box checkers judge
 * what the system did. The first histories are targeted (see targetedHistories); the rest are
 * random, all restricted to the events the adapter supports.
 */
import fc from "fast-check";
import { finalState } from "../../model/core/run.ts";
import type { FlatConfig } from "../../model/core/knobs.ts";
import type { Adapter } from "../../adapters/contract.ts";
import { minimizeWith } from "../check/minimize.ts";
import type { Violation } from "../check/run.ts";
import type { ConformHooks, Ev, ProtocolKit } from "../kits/kit.ts";
import { checkObserved, foldModel, type ModelRun } from "./fold.ts";
import { firstDivergence, uncertain, type Divergence } from "./outcome.ts";
import { shrinkOnSystem } from "./shrink.ts";

/** How many model histories to search for a counterexample before driving the real system. */
const MODEL_SEARCH_RUNS = 10_000;

export interface ConformOptions<C, S, E extends Ev, O> {
  readonly kit: ProtocolKit<C, S, E, O>;
  /** The kit's conformance hooks: only a conformable protocol is compared. */
  readonly hooks: ConformHooks<C, S, E, O>;
  readonly adapter: Adapter<E, O>;
  readonly flatConfig: FlatConfig;
  readonly seed: number;
  readonly runs: number;
  readonly maxSteps: number;
  readonly invariants?: readonly string[] | undefined;
  /** How many re-runs on the system may be spent shrinking a failure found there (default 0). */
  readonly shrinkBudget?: number;
  readonly onHistory?: (h: HistoryResult<E, O>, total: number) => void;
  readonly onShrink?: (h: HistoryResult<E, O>, tries: number) => void;
  /** Called after each step the adapter took: for progress on a terminal. */
  readonly onStep?: (p: StepProgress) => void;
  /** How many model histories to search per targeted history (default MODEL_SEARCH_RUNS); tests use fewer. */
  readonly searchRuns?: number;
}

/** Where a run is: history `index` (0-based) of `total`, and step `step` (0-based) of its `steps`. */
export interface StepProgress {
  readonly index: number;
  readonly total: number;
  readonly origin: string;
  readonly step: number;
  readonly steps: number;
}

export interface HistoryResult<E = Ev, O = unknown> {
  readonly index: number;
  /** Why this history was run: the model's counterexample, a witness, or chance. */
  readonly origin: string;
  readonly events: readonly E[];
  readonly expected: readonly (readonly O[])[];
  readonly observed: readonly (readonly O[])[];
  readonly expectedViolation: Violation | null;
  /** What the black-box checkers find in the model's own outputs: what the system should show. */
  readonly expectedObserved: Violation | null;
  readonly observedViolation: Violation | null;
  readonly divergence: Divergence | null;
  readonly elapsedMs: number;
}

export interface ConformResult<E = Ev, O = unknown> {
  readonly histories: readonly HistoryResult<E, O>[];
  /** The first history with an observed violation or a divergence, if any. */
  readonly failing: HistoryResult<E, O> | null;
}

export async function conform<C, S, E extends Ev, O>(o: ConformOptions<C, S, E, O>): Promise<ConformResult<E, O>> {
  const config = o.kit.model.configFromFlat(o.flatConfig);
  const supported = o.kit.histories(config, { maxSteps: o.maxSteps }).map((h) => h.filter((e) => o.adapter.supports(e)));
  const targeted = targetedHistories(o, config, supported);
  const random = fc.sample(supported, { seed: o.seed, numRuns: Math.max(0, o.runs - targeted.length) });
  const queue: [Origin, readonly E[]][] = [...targeted, ...random.map((h): [Origin, readonly E[]] => ["random", h])];
  const histories: HistoryResult<E, O>[] = [];
  for (const [origin, events] of queue) {
    const h = await runOne(o, config, histories.length, origin, events, queue.length);
    histories.push(h);
    o.onHistory?.(h, queue.length);
    if (failed(h)) return { histories, failing: await shrinkFailure(o, config, h) };
  }
  return { histories, failing: null };
}

type Origin = HistoryResult["origin"];
type Target<S, E, O> = { readonly origin: Origin; readonly step: (run: ModelRun<S, E, O>) => number | null };

/**
 * Histories worth a real system's time, found and shrunk on the model first: one on which the
 * model breaks an invariant, and one reaching each witness (the rare situations an
 * implementation must get right, such as a deposed leader's write arriving). Each is kept only
 * if every outcome up to the target is far enough from a timing boundary that a real system must
 * decide it the same way.
 */
function targetedHistories<C, S, E extends Ev, O>(o: ConformOptions<C, S, E, O>, config: C, arb: fc.Arbitrary<E[]>): [Origin, readonly E[]][] {
  const targets: Target<S, E, O>[] = [
    { origin: "model counterexample", step: (run) => run.violation?.step ?? null },
    ...o.kit.model.witnesses.map((w): Target<S, E, O> => ({ origin: `witness ${w.name}`, step: (run) => run.witnessSteps.get(w.name) ?? null })),
  ];
  const found: [Origin, readonly E[]][] = [];
  targets.forEach((target, i) => {
    // No more targeted histories than histories to run: a search whose history would not run is time lost.
    if (found.length >= o.runs) return;
    const hit = (events: readonly E[]): Violation | null => robustHit(o, config, events, target);
    const r = fc.check(fc.property(arb, (h) => hit(h) === null), { seed: o.seed + i, numRuns: o.searchRuns ?? MODEL_SEARCH_RUNS });
    if (r.failed && r.counterexample !== null) found.push([target.origin, minimizeWith(r.counterexample[0], hit)]);
  });
  return found;
}

/** The history as both sides take it: with the adapter's `between` event after every event. */
function pace<C, S, E extends Ev, O>(o: ConformOptions<C, S, E, O>, events: readonly E[]): readonly E[] {
  return o.adapter.between === undefined ? events : events.flatMap((e) => [e, o.adapter.between!]);
}

function robustHit<C, S, E extends Ev, O>(o: ConformOptions<C, S, E, O>, config: C, events: readonly E[], target: Target<S, E, O>): Violation | null {
  const run = foldModel(o.kit.model, config, pace(o, events), o.invariants);
  const upTo = target.step(run);
  if (upTo === null) return null;
  const boundaries = o.hooks.boundaries(run, config);
  const outcomes = o.hooks.outcomes(run.resolved.slice(0, upTo + 1), run.outputs.slice(0, upTo + 1), run.times.slice(0, upTo + 1));
  if (outcomes.some((x) => uncertain(x, boundaries, o.adapter.timeToleranceMs))) return null;
  return { invariant: target.origin, step: upTo, message: target.origin };
}

const failed = <E, O>(h: HistoryResult<E, O>): boolean => h.observedViolation !== null || h.divergence !== null;
const kindOf = <E, O>(h: HistoryResult<E, O>): string => h.observedViolation?.invariant ?? "divergence";

async function shrinkFailure<C, S, E extends Ev, O>(o: ConformOptions<C, S, E, O>, config: C, h: HistoryResult<E, O>): Promise<HistoryResult<E, O>> {
  const budget = o.shrinkBudget ?? 0;
  // A targeted history was already shrunk on the model; when the system fails it exactly as the
  // model predicted, there is nothing more to learn by re-running it.
  const asPredicted = h.origin !== "random" && h.divergence === null;
  if (budget <= 0 || asPredicted) return h;
  const rerun = async (events: readonly E[]) => {
    const r = await runOne(o, config, h.index, h.origin, events, h.index + 1);
    return failed(r) ? { kind: kindOf(r), result: r } : null;
  };
  const shrunk = await shrinkOnSystem(h.events, { kind: kindOf(h), result: h }, rerun, budget);
  o.onShrink?.(shrunk.failure.result, shrunk.tries);
  return shrunk.failure.result;
}

/**
 * Lets the history run on until no client operation is in flight, so that both sides have
 * decided every outcome before they are compared (Jepsen's final quiet phase).
 */
function settle<C, S, E extends Ev, O>(o: ConformOptions<C, S, E, O>, config: C, events: readonly E[]): { events: readonly E[]; finalFrom: number } {
  let current = [...events];
  let last = finalState(o.kit.model, config, current);
  for (let extra = 0; extra < 200; extra++) {
    if (o.hooks.settled(last)) return { events: [...current, ...o.hooks.finalEvents(last)], finalFrom: current.length };
    current = [...current, o.hooks.settleStep];
    last = finalState(o.kit.model, config, [o.hooks.settleStep], last);
  }
  return { events: current, finalFrom: current.length };
}

async function runOne<C, S, E extends Ev, O>(o: ConformOptions<C, S, E, O>, config: C, index: number, origin: Origin, raw: readonly E[], total: number): Promise<HistoryResult<E, O>> {
  const started = Date.now();
  const { events, finalFrom } = settle(o, config, pace(o, raw));
  const model = foldModel(o.kit.model, config, events, o.invariants);
  const onStep = o.onStep === undefined ? undefined : (step: number) => o.onStep!({ index, total, origin, step, steps: events.length });
  const observed = await drive(o.adapter, o.flatConfig, model, onStep);
  const blackBox = (outputs: readonly (readonly O[])[]) =>
    checkObserved(o.kit.model, config, outputs, o.invariants) ?? o.hooks.checkClientHistory(outputs, model.times, finalFrom, model);
  const observedViolation = blackBox(observed);
  const expectedOutcomes = o.hooks.outcomes(model.resolved, model.outputs, model.times);
  const observedOutcomes = o.hooks.outcomes(model.resolved, observed, model.times);
  const boundaries = o.hooks.boundaries(model, config);
  let divergence = firstDivergence(expectedOutcomes, observedOutcomes, boundaries, o.adapter.timeToleranceMs);
  const expectedBlackBox = blackBox(model.outputs);
  if (divergence === null && (expectedBlackBox === null) !== (observedViolation === null)) {
    const v = (expectedBlackBox ?? observedViolation)!;
    divergence = { step: v.step, message: `${v.invariant}: model ${expectedBlackBox ? "breaks it" : "keeps it"}, system ${observedViolation ? "breaks it" : "keeps it"}` };
  }
  return {
    index, origin, events: model.resolved, expected: model.outputs, observed,
    expectedViolation: model.violation, expectedObserved: expectedBlackBox, observedViolation, divergence, elapsedMs: Date.now() - started,
  };
}

/** Drives the adapter through the resolved events; always stops it, also on failure. */
async function drive<S, E extends Ev, O>(adapter: Adapter<E, O>, flat: FlatConfig, model: ModelRun<S, E, O>, onStep?: (step: number) => void): Promise<(readonly O[])[]> {
  const observed: (readonly O[])[] = [];
  await adapter.start(flat);
  try {
    for (const event of model.resolved) {
      observed.push(await adapter.apply(event));
      onStep?.(observed.length - 1);
    }
  } finally {
    await adapter.stop();
  }
  return observed;
}
