/**
 * Shards: `explore --shard i/n --json` does the runs whose index is i modulo n and writes, beside
 * its own result, its tally block by block (explore.ts). `haspec merge` adds the shards' blocks
 * up, cuts them at the first block holding a violation, and so reports what one machine doing
 * every run would have reported: the same runs, steps, coverage and lowest violating run, whose
 * counterexample the shard that did that run has already shrunk and written.
 */
import type { FlatConfig } from "../../model/core/knobs.ts";
import type { FailoverTime } from "./failover-times.ts";
import { summariseTally, unionTallies, type RunViolation, type Tally } from "./explore.ts";
import type { Coverage } from "./coverage.ts";

export const SHARD_FORMAT = "haspec-shard";
export const SHARD_VERSION = 1;

/** What every shard of one search must agree on. */
export interface Job {
  readonly protocol: string;
  readonly preset: string | null;
  readonly config: FlatConfig;
  readonly invariants: readonly string[] | null;
  readonly seed: number;
  readonly runs: number;
  readonly maxSteps: number;
}

/** The `shard` field of a shard's `--json` result. Failovers are [total, detection, election, recovery] in ms. */
export interface ShardPayload {
  readonly format: typeof SHARD_FORMAT;
  readonly version: typeof SHARD_VERSION;
  readonly index: number;
  readonly count: number;
  readonly job: Job;
  readonly blockSize: number;
  readonly witnesses: readonly (readonly [string, string])[];
  readonly blocks: readonly ShardBlock[];
  readonly states: readonly (readonly [string, number])[];
  readonly interrupted: boolean;
}

export interface ShardBlock {
  readonly block: number;
  readonly runs: number;
  readonly steps: number;
  readonly witnessRuns: readonly number[];
  readonly sampledRuns: number;
  readonly violation: RunViolation | null;
  readonly failovers: readonly (readonly [number, number, number, number])[];
  readonly interrupted: boolean;
}

/** A shard's whole `--json` result, as merge reads it. */
export interface ShardResult {
  readonly violated: string | null;
  readonly step: number | null;
  readonly message: string | null;
  readonly violationRun: number | null;
  readonly traceFile: string | null;
  readonly elapsedMs: number;
  readonly shard: ShardPayload;
}

export function shardPayload(job: Job, shard: { index: number; count: number }, t: Tally): ShardPayload {
  return {
    format: SHARD_FORMAT, version: SHARD_VERSION, index: shard.index, count: shard.count, job,
    blockSize: t.blockSize, witnesses: t.witnesses.map((w) => [w.name, w.invariant] as const),
    blocks: t.blocks.map((b) => ({ ...b, failovers: b.failovers.map((f) => [f.totalMs, f.detectionMs, f.electionMs, f.recoveryMs] as const) })),
    states: t.states, interrupted: t.interrupted,
  };
}

function tallyOf(p: ShardPayload): Tally {
  return {
    blockSize: p.blockSize, witnesses: p.witnesses.map(([name, invariant]) => ({ name, invariant })),
    blocks: p.blocks.map((b) => ({ ...b, failovers: b.failovers.map(([totalMs, detectionMs, electionMs, recoveryMs]): FailoverTime => ({ totalMs, detectionMs, electionMs, recoveryMs })) })),
    states: p.states, interrupted: p.interrupted,
  };
}

export class MergeError extends Error {}

export interface Merged {
  readonly job: Job;
  readonly shards: number;
  readonly runs: number;
  readonly steps: number;
  readonly violation: { readonly invariant: string; readonly step: number; readonly message: string } | null;
  readonly violationRun: number | null;
  readonly traceFile: string | null;
  /** The slowest shard's elapsed time: the wall-clock time of shards run side by side. */
  readonly elapsedMs: number;
  readonly interrupted: boolean;
  readonly failoverTimes: readonly FailoverTime[];
  readonly coverage: Coverage;
}

/** The shards' results as one. `names[k]` names `results[k]` in errors. */
export function mergeShards(results: readonly ShardResult[], names: readonly string[]): Merged {
  const first = results[0];
  if (first === undefined) throw new MergeError("merge needs at least one shard result");
  const { job, count } = first.shard;
  const seen = new Map<number, string>();
  results.forEach((r, k) => {
    const name = names[k] ?? `result ${k}`;
    if (r.shard.count !== count) throw new MergeError(`${name}: shard ${r.shard.index}/${r.shard.count}, but ${names[0]} is one of ${count}`);
    const differs = (Object.keys(job) as (keyof Job)[]).find((key) => JSON.stringify(r.shard.job[key]) !== JSON.stringify(job[key]));
    if (differs !== undefined) throw new MergeError(`${name}: another search (its ${differs} differs from ${names[0]}'s)`);
    const twin = seen.get(r.shard.index);
    if (twin !== undefined) throw new MergeError(`${name}: shard ${r.shard.index}/${count} again (also in ${twin})`);
    seen.set(r.shard.index, name);
  });
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !seen.has(i));
  if (missing.length > 0) throw new MergeError(`shard${missing.length > 1 ? "s" : ""} ${missing.slice(0, 10).join(", ")}${missing.length > 10 ? ", …" : ""} of ${count} missing`);
  const tally = unionTallies(results.map((r) => tallyOf(r.shard)));
  const { runs, steps, found, failoverTimes, coverage } = summariseTally(tally);
  const owner = found === null ? null : results.find((r) => r.shard.index === found.run % count)!;
  if (owner !== null && owner.violationRun !== found!.run) {
    throw new MergeError(`${names[results.indexOf(owner)]}: its tally's lowest violating run is ${found!.run}, but it reports run ${owner.violationRun}`);
  }
  return {
    job, shards: count, runs, steps,
    violation: owner === null ? null : { invariant: owner.violated!, step: owner.step!, message: owner.message! },
    violationRun: found?.run ?? null, traceFile: owner?.traceFile ?? null,
    elapsedMs: Math.max(...results.map((r) => r.elapsedMs)), interrupted: tally.interrupted, failoverTimes, coverage,
  };
}
