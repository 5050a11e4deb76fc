/**
 * Random exploration. Run i's history depends only on (seed, i) (indexed.ts), and runs are done
 * in blocks of consecutive indices: a search does blocks in order until one holds a violation,
 * finishes that block, and shrinks the violating run with the lowest index, first with
 * fast-check's shrinker and then to a 1-minimal history. Whole blocks are the unit, so workers
 * and machines that share the runs out between them end with the same blocks, the same counts
 * and the same counterexample as one process would (parallel.ts, merge.ts).
 *
 * The time limit only ends the search; once a block holds a violation it is finished and the
 * violation shrunk to the end, so the same seed gives the same counterexample.
 */
import fc from "fast-check";
import type { FlatConfig } from "../../model/core/knobs.ts";
import type { Witness } from "../../model/core/protocol.ts";
import type { Ev, ProtocolKit } from "../kits/kit.ts";
import { countStates, SAMPLE_EVERY, smallestKeys, stateKey, StateSketch, unionRecords, vacuousInvariants, watchedWitnesses, type Coverage } from "./coverage.ts";
import type { FailoverTime } from "./failover-times.ts";
import { AtBias, biasAt, historyAt, replayAt } from "./indexed.ts";
import { minimize } from "./minimize.ts";
import { runHistory, type Violation } from "./run.ts";

export interface ExploreOptions<C, S, E extends Ev, O> {
  readonly kit: ProtocolKit<C, S, E, O>;
  readonly flatConfig: FlatConfig;
  readonly seed: number;
  readonly runs: number;
  readonly maxSteps: number;
  readonly timeLimitMs: number;
  readonly invariants?: readonly string[] | undefined;
  /** Only the runs whose index is `index` modulo `count` (one machine's share). */
  readonly shard?: Shard | undefined;
  /** Wall clock, injected so that tests can drive it; defaults to Date.now. */
  readonly now?: () => number;
  readonly onProgress?: (runs: number) => void;
  /**
   * Set (to non-zero, from any thread) to stop the search as the time limit does: no new run
   * starts. Shared memory, so that workers see it while they run (exploreParallel; Ctrl-C).
   */
  readonly stop?: Int32Array | undefined;
}

/** A clock that has passed every deadline once `stop` is set: stopping is the time limit, early. */
export function stoppable(now: () => number, stop: Int32Array | undefined): () => number {
  return stop === undefined ? now : () => (Atomics.load(stop, 0) === 0 ? now() : Number.POSITIVE_INFINITY);
}

export interface Shard {
  readonly index: number;
  readonly count: number;
}

export interface ExploreResult<E> {
  readonly violation: Violation | null;
  /** Index of the run whose history was shrunk: the lowest that violated. */
  readonly violationRun: number | null;
  readonly events: readonly E[];
  /** Runs done: whole blocks up to the one that held the violation, or all of them. */
  readonly runs: number;
  readonly steps: number;
  readonly interrupted: boolean;
  /** Failovers completed in the searched histories (protocols that time them), before any shrinking. */
  readonly failoverTimes: readonly FailoverTime[];
  readonly coverage: Coverage;
  /** The search block by block, in the form shards write and `haspec merge` reads. */
  readonly tally: Tally;
}

/** A violating run, before shrinking. */
export interface RunViolation extends Violation {
  readonly run: number;
}

/** What the runs of one block (of one shard) did. */
export interface BlockResult {
  readonly block: number;
  readonly runs: number;
  readonly steps: number;
  /** Runs that reached each watched witness, in `Search.witnesses` order. */
  readonly witnessRuns: readonly number[];
  readonly sampledRuns: number;
  /** The block's smallest state keys (coverage.ts), sorted. */
  readonly stateKeys: readonly string[];
  /** The lowest-index run of the block that violated an invariant. */
  readonly violation: RunViolation | null;
  readonly failovers: readonly FailoverTime[];
  /** The time limit ended the block before its last run. */
  readonly interrupted: boolean;
}

/** Blocks folded in order up to the first that holds a violation; the state sketch as records. */
export interface Tally {
  readonly blockSize: number;
  readonly witnesses: readonly { readonly name: string; readonly invariant: string }[];
  readonly blocks: readonly Omit<BlockResult, "stateKeys">[];
  readonly states: readonly (readonly [string, number])[];
  readonly interrupted: boolean;
}

/** Blocks of at least 64 runs, and at most 1024 blocks, so that a shard's tally stays small. */
export function blockSize(runs: number): number {
  return Math.max(64, Math.ceil(runs / 1024));
}

export function blockCount(runs: number): number {
  return Math.ceil(runs / blockSize(runs));
}

/** A search prepared once: configuration, generator and the witnesses to watch. */
export interface Search<C, S, E extends Ev, O> {
  readonly kit: ProtocolKit<C, S, E, O>;
  readonly config: C;
  readonly arb: fc.Arbitrary<E[]>;
  readonly seed: number;
  readonly runs: number;
  readonly invariants: readonly string[] | undefined;
  readonly witnesses: readonly Witness<C, S, E, O>[];
  readonly shard: Shard;
}

/** What a worker needs to rebuild a Search: plain data only. */
export interface SearchSpec {
  readonly protocol: string;
  readonly flatConfig: FlatConfig;
  readonly seed: number;
  readonly runs: number;
  readonly maxSteps: number;
  readonly invariants: readonly string[] | undefined;
  readonly shard: Shard;
}

export function specOf<C, S, E extends Ev, O>(o: ExploreOptions<C, S, E, O>): SearchSpec {
  return {
    protocol: o.kit.name, flatConfig: o.flatConfig, seed: o.seed, runs: o.runs, maxSteps: o.maxSteps,
    invariants: o.invariants, shard: o.shard ?? { index: 0, count: 1 },
  };
}

export function prepare<C, S, E extends Ev, O>(spec: SearchSpec, kit: ProtocolKit<C, S, E, O>): Search<C, S, E, O> {
  const config = kit.model.configFromFlat(spec.flatConfig);
  return {
    kit, config, arb: kit.histories(config, { maxSteps: spec.maxSteps }), seed: spec.seed, runs: spec.runs,
    invariants: spec.invariants, witnesses: watchedWitnesses(kit.model, spec.invariants), shard: spec.shard,
  };
}

/** Runs one block's share of indices; stops early only at the deadline, and then only before a violation. */
export function searchBlock<C, S, E extends Ev, O>(s: Search<C, S, E, O>, block: number, deadline: number, now: () => number): BlockResult {
  const run = searchBlockSteps(s, block, deadline, now);
  for (;;) {
    const next = run.next();
    if (next.done === true) return next.value;
  }
}

/**
 * The same, pausing after each run: a block may take minutes, and a thread that also listens
 * (for Ctrl-C, for its workers' results) lets its event loop in between runs (parallel.ts).
 */
export function* searchBlockSteps<C, S, E extends Ev, O>(s: Search<C, S, E, O>, block: number, deadline: number, now: () => number): Generator<void, BlockResult, undefined> {
  const size = blockSize(s.runs);
  const end = Math.min(s.runs, (block + 1) * size);
  const first = block * size + ((s.shard.index - ((block * size) % s.shard.count) + s.shard.count) % s.shard.count);
  const witnessRuns = s.witnesses.map(() => 0);
  const keys = new Set<string>();
  const failovers: FailoverTime[] = [];
  let [runs, steps, sampledRuns, interrupted] = [0, 0, 0, false];
  let violation: RunViolation | null = null;
  const timing = s.kit.failoverTimes;
  const onOutputs = timing === undefined ? undefined : (outs: readonly O[]) => void failovers.push(...timing(outs));
  for (let i = first; i < end; i += s.shard.count) {
    if (violation === null && now() > deadline) {
      interrupted = true;
      break;
    }
    const events = historyAt(s.arb, s.seed, i);
    const sampled = i % SAMPLE_EVERY === 0;
    const r = runHistory(s.kit.model, s.config, events, {
      invariants: s.invariants, witnesses: s.witnesses,
      ...(onOutputs === undefined ? {} : { onOutputs }),
      ...(sampled ? { onState: (state: S) => void keys.add(stateKey(state)) } : {}),
    });
    runs++;
    steps += events.length;
    if (sampled) sampledRuns++;
    for (let k = 0; k < s.witnesses.length; k++) if (r.witnesses.has(s.witnesses[k]!.name)) witnessRuns[k] = witnessRuns[k]! + 1;
    if (r.violation !== null && violation === null) violation = { ...r.violation, run: i };
    yield;
  }
  return { block, runs, steps, witnessRuns, sampledRuns, stateKeys: smallestKeys(keys), violation, failovers, interrupted };
}

/**
 * Folds blocks (any order in, block order out) up to the first that holds a violation. Blocks
 * after it were extra work (another worker or shard ran ahead) and are dropped.
 */
export function tallyBlocks<C, S, E extends Ev, O>(s: Search<C, S, E, O>, results: readonly BlockResult[], incomplete: boolean): Tally {
  const sorted = [...results].sort((a, b) => a.block - b.block);
  const cut = sorted.findIndex((b) => b.violation !== null);
  const kept = cut < 0 ? sorted : sorted.slice(0, cut + 1);
  const sketch = new StateSketch();
  for (const b of kept) sketch.addBlock(b.block, b.stateKeys);
  return {
    blockSize: blockSize(s.runs),
    witnesses: s.witnesses.map((w) => ({ name: w.name, invariant: w.invariant.name })),
    blocks: kept.map(({ stateKeys: _, ...rest }) => rest),
    states: sketch.records(),
    interrupted: incomplete || kept.some((b) => b.interrupted),
  };
}

/** Several shards' tallies as one: blocks of the same number summed, then cut at the first violation. */
export function unionTallies(tallies: readonly Tally[]): Tally {
  const byBlock = new Map<number, Omit<BlockResult, "stateKeys">>();
  for (const t of tallies) {
    for (const b of t.blocks) {
      const a = byBlock.get(b.block);
      byBlock.set(b.block, a === undefined ? b : {
        block: b.block, runs: a.runs + b.runs, steps: a.steps + b.steps,
        witnessRuns: a.witnessRuns.map((n, k) => n + (b.witnessRuns[k] ?? 0)), sampledRuns: a.sampledRuns + b.sampledRuns,
        violation: lower(a.violation, b.violation), failovers: [...a.failovers, ...b.failovers], interrupted: a.interrupted || b.interrupted,
      });
    }
  }
  const sorted = [...byBlock.values()].sort((a, b) => a.block - b.block);
  const cut = sorted.findIndex((b) => b.violation !== null);
  const kept = cut < 0 ? sorted : sorted.slice(0, cut + 1);
  return {
    blockSize: tallies[0]!.blockSize, witnesses: tallies[0]!.witnesses, blocks: kept,
    states: unionRecords(tallies.map((t) => t.states)), interrupted: tallies.some((t) => t.interrupted),
  };
}

function lower(a: RunViolation | null, b: RunViolation | null): RunViolation | null {
  if (a === null) return b;
  if (b === null) return a;
  return a.run <= b.run ? a : b;
}

/** Counts and coverage of a tally; the violation as found, not yet shrunk. */
export function summariseTally(t: Tally): { runs: number; steps: number; found: RunViolation | null; failoverTimes: FailoverTime[]; coverage: Coverage } {
  const last = t.blocks[t.blocks.length - 1];
  const found = last?.violation ?? null;
  const witnesses = Object.fromEntries(t.witnesses.map((w, k) => [w.name, { invariant: w.invariant, runs: t.blocks.reduce((n, b) => n + (b.witnessRuns[k] ?? 0), 0) }]));
  const states = countStates(t.states, last?.block ?? -1);
  return {
    runs: t.blocks.reduce((n, b) => n + b.runs, 0),
    steps: t.blocks.reduce((n, b) => n + b.steps, 0),
    found,
    failoverTimes: t.blocks.flatMap((b) => b.failovers),
    coverage: {
      distinctStates: states.distinct, exact: states.exact, sampledRuns: t.blocks.reduce((n, b) => n + b.sampledRuns, 0),
      witnesses, vacuous: vacuousInvariants(witnesses, found?.invariant ?? null),
    },
  };
}

/** The result of a search: its tally summarised and its lowest violating run shrunk. */
export function finish<C, S, E extends Ev, O>(s: Search<C, S, E, O>, tally: Tally): ExploreResult<E> {
  const { runs, steps, found, failoverTimes, coverage } = summariseTally(tally);
  const base = { runs, steps, interrupted: tally.interrupted, failoverTimes, coverage, tally };
  if (found === null) return { ...base, violation: null, violationRun: null, events: [] };
  const shrunk = shrinkRun(s, found.run);
  return { ...base, ...shrunk, violationRun: found.run };
}

/**
 * Replays run `index` as fast-check's only run, lets fast-check shrink it, then makes it
 * 1-minimal for the invariant the shrunk history breaks.
 */
export function shrinkRun<C, S, E extends Ev, O>(s: Search<C, S, E, O>, index: number): { violation: Violation; events: readonly E[] } {
  const property = fc.property(new AtBias(s.arb, biasAt(index)), (events) => runHistory(s.kit.model, s.config, events, { invariants: s.invariants }).violation === null);
  const result = fc.check(property, { ...replayAt(s.seed, index), endOnFailure: false });
  if (!result.failed || result.counterexample === null) throw new Error(`run ${index} of seed ${s.seed} did not fail when replayed`);
  const shrunk = result.counterexample[0];
  const first = runHistory(s.kit.model, s.config, shrunk, { invariants: s.invariants }).violation!;
  const events = minimize(s.kit.model, s.config, shrunk, s.invariants, first.invariant);
  return { violation: runHistory(s.kit.model, s.config, events, { invariants: s.invariants }).violation!, events };
}

/** The search in this process, block after block. */
export function explore<C, S, E extends Ev, O>(o: ExploreOptions<C, S, E, O>): ExploreResult<E> {
  const s = prepare(specOf(o), o.kit);
  const now = o.now ?? Date.now;
  const deadline = now() + o.timeLimitMs;
  const results: BlockResult[] = [];
  let runs = 0;
  for (let block = 0; block < blockCount(o.runs); block++) {
    const r = searchBlock(s, block, deadline, now);
    results.push(r);
    runs += r.runs;
    o.onProgress?.(runs);
    if (r.violation !== null || r.interrupted) break;
  }
  return finish(s, tallyBlocks(s, results, false));
}
