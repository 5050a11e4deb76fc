/**
 * The conformance runner: histories go to the model (expected) and to an adapter (observed);
 * outcomes are compared within the adapter's time tolerance, and the black-box checkers judge
 * what the system did. The first histories are targeted (see `conform`); the rest are random,
 * all restricted to the events the adapter supports. Every history also reports what it covered
 * on the system: the outcomes compared and excused, and the witnesses its outputs show reached.
 */
import fc from "fast-check";
import { finalState } from "../../model/core/run.ts";
import type { FlatConfig } from "../../model/core/knobs.ts";
import type { Protocol, Witness } from "../../model/core/protocol.ts";
import { MODEL_VERSION } from "../../model/core/version.ts";
import type { Adapter } from "../../adapters/contract.ts";
import { minimizeWith } from "../check/minimize.ts";
import type { Violation } from "../check/run.ts";
import type { ConformHooks, Ev, ProtocolKit } from "../kits/kit.ts";
import { checkObserved, foldModel, type ModelRun } from "./fold.ts";
import { compareOutcomes, uncertain, type Divergence, type Excuse, type Excused } from "./outcome.ts";
import { cacheKey, codeFingerprint, noCache, type TargetCache } from "./target-cache.ts";
import { shrinkOnSystem } from "./shrink.ts";

/** How many model runs a targeted search does between two turns of the event loop (not measured: small enough for a prompt Ctrl-C). */
const YIELD_EVERY = 100;

/** How many model histories to search for a targeted history before driving the real system. */
const MODEL_SEARCH_RUNS = 10_000;

/** How many times a targeted history is run on the system, at most, until it reaches its witness. */
export const TARGET_TRIES = 5;

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
  /** Where the targeted histories found on the model are remembered (default: none). */
  readonly cache?: TargetCache;
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
  /** How many of the model's outcomes were held against the system's (up to a divergence). */
  readonly compared: number;
  /** The model's outcomes real timing may decide otherwise, not held against the system. */
  readonly excused: readonly Excused[];
  /** The witnesses the system reached, judged from its observed outputs alone. */
  readonly reached: readonly string[];
  readonly elapsedMs: number;
}

/** One targeted history and how it went on the system. */
export interface TargetRun {
  readonly origin: string;
  /** The witness it targets; null for the model's counterexample. */
  readonly witness: string | null;
  /**
   * Whether the system reached the target, judged from its outputs: the witness, or for the
   * counterexample the violation; null when its outputs cannot tell (the witness has no `observe`).
   */
  readonly reached: boolean | null;
  readonly tries: number;
}

/** What the real run covered: the figures behind a pass. */
export interface Coverage {
  readonly targeted: readonly TargetRun[];
  /** Every witness the system reached in any history, judged from its outputs. */
  readonly witnessesReached: readonly string[];
  readonly compared: number;
  readonly excused: number;
  /** How many excused outcomes each excuse accounts for. */
  readonly excusedWhy: Readonly<Partial<Record<Excuse, number>>>;
  /** Targeted witnesses the system never reached: a pass says nothing about their invariants. */
  readonly vacuous: readonly string[];
}

export interface ConformResult<E = Ev, O = unknown> {
  readonly histories: readonly HistoryResult<E, O>[];
  /** The first history with an observed violation or a divergence, if any. */
  readonly failing: HistoryResult<E, O> | null;
  readonly coverage: Coverage;
}

/**
 * The adapter (its server, driver or own code) failed during a history, twice, the second time
 * on a freshly started system: not a verdict about the system, so never reported as one.
 */
export class AdapterFailure extends Error {
  constructor(readonly adapter: string, readonly history: string, readonly error: unknown) {
    super(`${adapter} failed during ${history}: ${errorLine(error)}`);
  }
}

const errorLine = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split("\n")[0]!.slice(0, 300);

/**
 * Runs the targeted histories first, each found on the model just before it runs (so the first
 * starts at once): the model's counterexample, then one per witness, those of invariants the
 * system can be caught breaking from its outputs first. A witness the system did not reach is
 * tried again, up to TARGET_TRIES times. Then random histories, up to `runs` in all.
 */
export async function conform<C, S, E extends Ev, O>(o: ConformOptions<C, S, E, O>): Promise<ConformResult<E, O>> {
  const config = o.kit.model.configFromFlat(o.flatConfig);
  const supported = o.kit.histories(config, { maxSteps: o.maxSteps }).map((h) => h.filter((e) => o.adapter.supports(e)));
  const histories: HistoryResult<E, O>[] = [];
  const targeted: TargetRun[] = [];
  let planned = o.runs;
  const done = (failing: HistoryResult<E, O> | null): ConformResult<E, O> => ({ histories, failing, coverage: coverageOf(histories, targeted) });
  const run = async (origin: Origin, events: readonly E[]): Promise<HistoryResult<E, O>> => {
    const h = await runOne(o, config, histories.length, origin, events, planned);
    histories.push(h);
    o.onHistory?.(h, planned);
    return h;
  };
  const find = targetFinder(o, config, supported);
  for (const target of orderedTargets(o, config)) {
    if (targeted.length >= o.runs) break;
    const events = await find(target);
    if (events === null) continue;
    let tries = 0;
    let reached: boolean | null = null;
    for (;;) {
      tries++;
      const h = await run(tries === 1 ? target.origin : `${target.origin}, try ${tries}`, events);
      if (failed(h)) {
        targeted.push({ origin: target.origin, witness: target.witness, reached: target.witness === null || !target.observable ? null : h.reached.includes(target.witness), tries });
        return done(await shrinkFailure(o, config, h));
      }
      // A counterexample that did not fail on the system broke nothing its outputs can show
      // (else the system keeping it would be a divergence): whether it was reached cannot be told.
      reached = target.witness === null || !target.observable ? null : h.reached.includes(target.witness);
      if (reached !== false || target.witness === null || tries >= TARGET_TRIES) break;
      planned++;
    }
    targeted.push({ origin: target.origin, witness: target.witness, reached, tries });
  }
  const random = fc.sample(supported, { seed: o.seed, numRuns: Math.max(0, o.runs - targeted.length) });
  for (const events of random) {
    const h = await run("random", events);
    if (failed(h)) return done(await shrinkFailure(o, config, h));
  }
  return done(null);
}

function coverageOf<E, O>(histories: readonly HistoryResult<E, O>[], targeted: readonly TargetRun[]): Coverage {
  const reached = new Set(histories.flatMap((h) => h.reached));
  const excused = histories.flatMap((h) => h.excused);
  const excusedWhy: Partial<Record<Excuse, number>> = {};
  for (const x of excused) excusedWhy[x.why] = (excusedWhy[x.why] ?? 0) + 1;
  return {
    targeted,
    witnessesReached: [...reached].sort(),
    compared: histories.reduce((n, h) => n + h.compared, 0),
    excused: excused.length,
    excusedWhy,
    vacuous: targeted.flatMap((t) => (t.witness !== null && t.reached === false && !reached.has(t.witness) ? [t.witness] : [])),
  };
}

type Origin = HistoryResult["origin"];

interface Target<S, E, O> {
  readonly origin: Origin;
  readonly witness: string | null;
  /** Whether the system's outputs can tell that the witness was reached. */
  readonly observable: boolean;
  /** Offsets the search's seed: fixed per target, so that the order targets run in changes no search. */
  readonly seedOffset: number;
  readonly step: (run: ModelRun<S, E, O>) => number | null;
}

/**
 * The targets in the order they run: the model's counterexample first (so `--runs 1` runs it),
 * then the witnesses of invariants judged from outputs (where a system's own bug shows, as a
 * deposed leader's write accepted), then the others, those the system's outputs can show first.
 */
function orderedTargets<C, S, E extends Ev, O>(o: ConformOptions<C, S, E, O>, config: C): Target<S, E, O>[] {
  const model = o.kit.model;
  const judged = new Set(model.invariants.filter((i) => i.observe !== undefined).map((i) => i.name));
  const witnesses = model.witnesses.map((w, i): Target<S, E, O> & { rank: number } => ({
    origin: `witness ${w.name}`, witness: w.name, observable: w.observe !== undefined, seedOffset: i + 1,
    // A witness the system is judged on by its outputs is targeted where the outputs show it,
    // which may be a step after the model's state does (a takeover is seen when the node hears it).
    step: (run) => (w.observe === undefined ? run.witnessSteps.get(w.name) ?? null : firstObserved(w.observe, config, run.outputs)),
    rank: (judged.has(w.invariant.name) ? 0 : 2) + (w.observe !== undefined ? 0 : 1),
  }));
  return [
    { origin: "model counterexample", witness: null, observable: true, seedOffset: 0, step: (run) => run.violation?.step ?? null },
    ...witnesses.sort((a, b) => a.rank - b.rank || a.seedOffset - b.seedOffset),
  ];
}

function firstObserved<C, O>(observe: NonNullable<Witness<C, unknown, unknown, O>["observe"]>, config: C, outputs: readonly (readonly O[])[]): number | null {
  const i = outputs.findIndex((step, k) => observe(config, step, outputs.slice(0, k)));
  return i < 0 ? null : i;
}

/**
 * Finds a target's history on the model: a fast-check search, shrunk, kept only if every
 * outcome up to the target is far enough from a timing boundary that a real system must decide
 * it the same way. Answers are cached (see target-cache.ts); a cached history is re-checked.
 */
function targetFinder<C, S, E extends Ev, O>(o: ConformOptions<C, S, E, O>, config: C, arb: fc.Arbitrary<E[]>): (t: Target<S, E, O>) => Promise<readonly E[] | null> {
  const cache = o.cache ?? noCache;
  // Which events the adapter takes, as the histories it would be given: part of every key.
  const supportPrint = cache === noCache ? "" : cacheKey(fc.sample(arb, { seed: 0, numRuns: 20 }));
  return async (target) => {
    const hit = (events: readonly E[]): Violation | null => robustHit(o, config, events, target);
    const key = cacheKey({
      v: 1, code: codeFingerprint(), model: MODEL_VERSION, protocol: o.kit.name, config: sortedEntries(o.flatConfig), seed: o.seed + target.seedOffset,
      target: target.origin, maxSteps: o.maxSteps, invariants: o.invariants ?? null, tolerance: o.adapter.timeToleranceMs,
      between: o.adapter.between ?? null, support: supportPrint, searchRuns: o.searchRuns ?? MODEL_SEARCH_RUNS,
    });
    const cached = cache.get(key);
    if (cached === null) return null;
    if (cached !== undefined && hit(cached as readonly E[]) !== null) return cached as readonly E[];
    // Asynchronous only to let the event loop in now and then, so that Ctrl-C is heard during a
    // search of many seconds; the runs, their order and their seed are those of a synchronous check.
    let runs = 0;
    const property = fc.asyncProperty(arb, async (h) => {
      if (++runs % YIELD_EVERY === 0) await new Promise((r) => setImmediate(r));
      return hit(h) === null;
    });
    const r = await fc.check(property, { seed: o.seed + target.seedOffset, numRuns: o.searchRuns ?? MODEL_SEARCH_RUNS });
    const found = r.failed && r.counterexample !== null ? minimizeWith(r.counterexample[0], hit) : null;
    cache.set(key, found);
    return found;
  };
}

const sortedEntries = (flat: FlatConfig): [string, unknown][] => Object.entries(flat).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

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
  // A takeover is always within a tolerance of the lease end that allows it, so its own instant
  // is not held to this; what must be robust is every operation decided around it.
  if (outcomes.some((x) => x.verdict.kind !== "leader" && uncertain(x, boundaries, o.adapter.timeToleranceMs))) return null;
  return { invariant: target.origin, step: upTo, message: target.origin };
}

/**
 * The model breaks an invariant on this history that no output shows (a node's belief in its
 * lease, uncommitted effects, session variables nobody reads back), and the system agreed with
 * the model on everything its outputs could show. The system is then consistent with the
 * violation, and under this configuration nothing it said rules it out: a pass would tell the
 * user their configuration is safe when the specification says it is not.
 */
export const predictedOnly = <E, O>(h: HistoryResult<E, O>): boolean =>
  h.expectedViolation !== null && h.observedViolation === null && h.divergence === null;

const failed = <E, O>(h: HistoryResult<E, O>): boolean => h.observedViolation !== null || h.divergence !== null || predictedOnly(h);
const kindOf = <E, O>(h: HistoryResult<E, O>): string => h.observedViolation?.invariant ?? (h.divergence !== null ? "divergence" : `predicted ${h.expectedViolation?.invariant}`);

async function shrinkFailure<C, S, E extends Ev, O>(o: ConformOptions<C, S, E, O>, config: C, h: HistoryResult<E, O>): Promise<HistoryResult<E, O>> {
  const budget = o.shrinkBudget ?? 0;
  // A targeted history was already shrunk on the model; when the system fails it exactly as the
  // model predicted, there is nothing more to learn by re-running it.
  const asPredicted = h.origin !== "random" && h.divergence === null;
  if (budget <= 0 || asPredicted) return h;
  const rerun = async (events: readonly E[]) => {
    let r;
    try {
      r = await runOne(o, config, h.index, h.origin, events, h.index + 1);
    } catch (e) {
      // The failure in hand stands; a shrinking step the adapter could not run is simply not taken.
      if (e instanceof AdapterFailure) return null;
      throw e;
    }
    return failed(r) ? { kind: kindOf(r), result: r } : null;
  };
  const shrunk = await shrinkOnSystem(h.events, { kind: kindOf(h), result: h }, rerun, budget);
  o.onShrink?.(shrunk.failure.result, shrunk.tries);
  return shrunk.failure.result;
}

/**
 * Lets the history run on until no client operation is in flight, so that both sides have
 * decided every outcome before they are compared (Jepsen's final quiet phase), then for the
 * adapter's time tolerance more, so that what the model decided at the end the system has had
 * the time to report too.
 */
function settle<C, S, E extends Ev, O>(o: ConformOptions<C, S, E, O>, config: C, events: readonly E[]): { events: readonly E[]; finalFrom: number } {
  let current = [...events];
  let last = finalState(o.kit.model, config, current);
  for (let extra = 0; extra < 200; extra++) {
    if (o.hooks.settled(last)) {
      const tail = quietTail(o, config, last);
      return { events: [...current, ...tail.events, ...o.hooks.finalEvents(tail.last)], finalFrom: current.length + tail.events.length };
    }
    current = [...current, o.hooks.settleStep];
    last = finalState(o.kit.model, config, [o.hooks.settleStep], last);
  }
  return { events: current, finalFrom: current.length };
}

function quietTail<C, S, E extends Ev, O>(o: ConformOptions<C, S, E, O>, config: C, from: S): { events: E[]; last: S } {
  const events: E[] = [];
  let last = from;
  const wait = o.hooks.waitStep;
  if (wait === undefined) return { events, last };
  const until = o.kit.model.nowMs(from) + o.adapter.timeToleranceMs;
  for (let i = 0; i < 200 && o.kit.model.nowMs(last) < until; i++) {
    const e = wait(until - o.kit.model.nowMs(last));
    events.push(e);
    last = finalState(o.kit.model, config, [e], last);
  }
  return { events, last };
}

async function runOne<C, S, E extends Ev, O>(o: ConformOptions<C, S, E, O>, config: C, index: number, origin: Origin, raw: readonly E[], total: number): Promise<HistoryResult<E, O>> {
  const started = Date.now();
  const { events, finalFrom } = settle(o, config, pace(o, raw));
  const model = foldModel(o.kit.model, config, events, o.invariants);
  const onStep = o.onStep === undefined ? undefined : (step: number) => o.onStep!({ index, total, origin, step, steps: events.length });
  const observed = await driveTwice(o.adapter, o.flatConfig, model, `history ${index + 1} (${origin})`, onStep);
  const blackBox = (outputs: readonly (readonly O[])[]) =>
    checkObserved(o.kit.model, config, outputs, o.invariants) ?? o.hooks.checkClientHistory(outputs, model.times, finalFrom, model);
  const observedViolation = blackBox(observed);
  const expectedOutcomes = o.hooks.outcomes(model.resolved, model.outputs, model.times, finalFrom);
  const observedOutcomes = o.hooks.outcomes(model.resolved, observed, model.times, finalFrom);
  const boundaries = o.hooks.boundaries(model, config);
  const endMs = model.times.at(-1) ?? 0;
  const comparison = compareOutcomes(expectedOutcomes, observedOutcomes, boundaries, o.adapter.timeToleranceMs, endMs);
  let divergence = comparison.divergence;
  const expectedBlackBox = blackBox(model.outputs);
  if (divergence === null && (expectedBlackBox === null) !== (observedViolation === null)) {
    const v = (expectedBlackBox ?? observedViolation)!;
    divergence = { step: v.step, message: `${v.invariant}: model ${expectedBlackBox ? "breaks it" : "keeps it"}, system ${observedViolation ? "breaks it" : "keeps it"}` };
  }
  return {
    index, origin, events: model.resolved, expected: model.outputs, observed,
    expectedViolation: model.violation, expectedObserved: expectedBlackBox, observedViolation, divergence,
    compared: comparison.compared, excused: comparison.excused, reached: observedWitnesses(o.kit.model, config, observed), elapsedMs: Date.now() - started,
  };
}

/** The witnesses reached in `outputs`, judged by those witnesses that can be judged from outputs. */
export function observedWitnesses<C, S, E extends Ev, O>(protocol: Protocol<C, S, E, O>, config: C, outputs: readonly (readonly O[])[]): string[] {
  const reached: string[] = [];
  for (const w of protocol.witnesses) if (w.observe !== undefined && firstObserved(w.observe, config, outputs) !== null) reached.push(w.name);
  return reached;
}

/**
 * Drives the system through a history; if the adapter fails (its server, its driver or its own
 * code throws), once more on a freshly started system, and if that fails too, AdapterFailure.
 */
async function driveTwice<S, E extends Ev, O>(adapter: Adapter<E, O>, flat: FlatConfig, model: ModelRun<S, E, O>, history: string, onStep?: (step: number) => void): Promise<(readonly O[])[]> {
  try {
    return await drive(adapter, flat, model, onStep);
  } catch {
    try {
      return await drive(adapter, flat, model, onStep);
    } catch (e) {
      throw new AdapterFailure(adapter.name, history, e);
    }
  }
}

/** Drives the adapter through the resolved events; always stops it, also on failure. */
async function drive<S, E extends Ev, O>(adapter: Adapter<E, O>, flat: FlatConfig, model: ModelRun<S, E, O>, onStep?: (step: number) => void): Promise<(readonly O[])[]> {
  const observed: (readonly O[])[] = [];
  try {
    await adapter.start(flat);
    for (const event of model.resolved) {
      observed.push(await adapter.apply(event));
      onStep?.(observed.length - 1);
    }
  } finally {
    await adapter.stop();
  }
  return observed;
}
