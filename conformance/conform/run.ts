/**
 * The conformance runner: histories go to the model (expected) and to an adapter (observed);
 * outcomes are compared within the adapter's time tolerance, and the black-box checkers judge
 * what the system did. The first histories are targeted (see targetedHistories); the rest are
 * random, all restricted to the events the adapter supports.
 */
import fc from "fast-check";
import type { FlatConfig } from "../../model/core/knobs.ts";
import type { Adapter } from "../../adapters/contract.ts";
import { minimizeWith } from "../check/minimize.ts";
import type { Violation } from "../check/run.ts";
import type { Entry } from "../protocols.ts";
import { checkObserved, foldModel, type ModelRun } from "./fold.ts";
import { firstDivergence, uncertain, type Divergence } from "./outcome.ts";
import { shrinkOnSystem } from "./shrink.ts";

type Events = readonly { readonly type: string }[];

/** How many model histories to search for a counterexample before driving the real system. */
const MODEL_SEARCH_RUNS = 10_000;

export interface ConformOptions {
  readonly entry: Entry;
  readonly adapter: Adapter;
  readonly flatConfig: FlatConfig;
  readonly seed: number;
  readonly runs: number;
  readonly maxSteps: number;
  readonly invariants?: readonly string[] | undefined;
  /** How many re-runs on the system may be spent shrinking a failure found there (default 0). */
  readonly shrinkBudget?: number;
  readonly onHistory?: (h: HistoryResult, total: number) => void;
  readonly onShrink?: (h: HistoryResult, tries: number) => void;
}

export interface HistoryResult {
  readonly index: number;
  /** Why this history was run: the model's counterexample, a witness, or chance. */
  readonly origin: string;
  readonly events: Events;
  readonly expected: readonly (readonly unknown[])[];
  readonly observed: readonly (readonly unknown[])[];
  readonly expectedViolation: Violation | null;
  /** What the black-box checkers find in the model's own outputs: what the system should show. */
  readonly expectedObserved: Violation | null;
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
  const targeted = targetedHistories(o, config, supported).slice(0, o.runs);
  const random = fc.sample(supported, { seed: o.seed, numRuns: Math.max(0, o.runs - targeted.length) });
  const queue: [Origin, Events][] = [...targeted, ...random.map((h): [Origin, Events] => ["random", h])];
  const histories: HistoryResult[] = [];
  for (const [origin, events] of queue) {
    const h = await runOne(o, config, histories.length, origin, events);
    histories.push(h);
    o.onHistory?.(h, queue.length);
    if (failed(h)) return { histories, failing: await shrinkFailure(o, config, h) };
  }
  return { histories, failing: null };
}

type Origin = HistoryResult["origin"];
type Target = { readonly origin: Origin; readonly step: (run: ModelRun) => number | null };

/**
 * Histories worth a real system's time, found and shrunk on the model first: one on which the
 * model breaks an invariant, and one reaching each witness (the rare situations an
 * implementation must get right, such as a deposed leader's write arriving). Each is kept only
 * if every outcome up to the target is far enough from a timing boundary that a real system must
 * decide it the same way.
 */
function targetedHistories(o: ConformOptions, config: unknown, arb: fc.Arbitrary<{ readonly type: string }[]>): [Origin, Events][] {
  const targets: Target[] = [
    { origin: "model counterexample", step: (run) => run.violation?.step ?? null },
    ...o.entry.protocol.witnesses.map((w): Target => ({ origin: `witness ${w.name}`, step: (run) => run.witnessSteps.get(w.name) ?? null })),
  ];
  const found: [Origin, Events][] = [];
  targets.forEach((target, i) => {
    const hit = (events: Events): Violation | null => robustHit(o, config, events, target);
    const r = fc.check(fc.property(arb, (h) => hit(h) === null), { seed: o.seed + i, numRuns: MODEL_SEARCH_RUNS });
    if (r.failed && r.counterexample !== null) found.push([target.origin, minimizeWith(r.counterexample[0], hit)]);
  });
  return found;
}

/** The history as both sides take it: with the adapter's `between` event after every event. */
function pace(o: ConformOptions, events: Events): Events {
  return o.adapter.between === undefined ? events : events.flatMap((e) => [e, o.adapter.between!]);
}

function robustHit(o: ConformOptions, config: unknown, events: Events, target: Target): Violation | null {
  const run = foldModel(o.entry.protocol, config, pace(o, events), o.invariants);
  const upTo = target.step(run);
  if (upTo === null) return null;
  const boundaries = o.entry.boundaries(run, config);
  const outcomes = o.entry.outcomes(run.resolved.slice(0, upTo + 1), run.outputs.slice(0, upTo + 1), run.times.slice(0, upTo + 1));
  if (outcomes.some((x) => uncertain(x, boundaries, o.adapter.timeToleranceMs))) return null;
  return { invariant: target.origin, step: upTo, message: target.origin };
}

const failed = (h: HistoryResult): boolean => h.observedViolation !== null || h.divergence !== null;
const kindOf = (h: HistoryResult): string => h.observedViolation?.invariant ?? "divergence";

async function shrinkFailure(o: ConformOptions, config: unknown, h: HistoryResult): Promise<HistoryResult> {
  const budget = o.shrinkBudget ?? 0;
  // A targeted history was already shrunk on the model; when the system fails it exactly as the
  // model predicted, there is nothing more to learn by re-running it.
  const asPredicted = h.origin !== "random" && h.divergence === null;
  if (budget <= 0 || asPredicted) return h;
  const rerun = async (events: Events) => {
    const r = await runOne(o, config, h.index, h.origin, events);
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
function settle(o: ConformOptions, config: unknown, events: Events): { events: Events; finalFrom: number } {
  const longest = { type: "TimeAdvanced", maxMs: 600_000 };
  let current = [...events];
  for (let extra = 0; extra < 200; extra++) {
    const last = foldModel(o.entry.protocol, config, current).states.at(-1);
    if (o.entry.settled(last)) return { events: [...current, ...o.entry.finalEvents(last)], finalFrom: current.length };
    current = [...current, longest];
  }
  return { events: current, finalFrom: current.length };
}

async function runOne(o: ConformOptions, config: unknown, index: number, origin: Origin, raw: Events): Promise<HistoryResult> {
  const started = Date.now();
  const { events, finalFrom } = settle(o, config, pace(o, raw));
  const model = foldModel(o.entry.protocol, config, events, o.invariants);
  const observed = await drive(o.adapter, o.flatConfig, model);
  const blackBox = (outputs: readonly (readonly unknown[])[]) =>
    checkObserved(o.entry.protocol, outputs, o.invariants) ?? o.entry.checkClientHistory(outputs, model.times, finalFrom);
  const observedViolation = blackBox(observed);
  const expectedOutcomes = o.entry.outcomes(model.resolved, model.outputs, model.times);
  const observedOutcomes = o.entry.outcomes(model.resolved, observed, model.times);
  const boundaries = o.entry.boundaries(model, config);
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
