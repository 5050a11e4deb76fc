/** `haspec explore`: random exploration of one protocol under one configuration. */
import { describeCoverage, type Coverage } from "../check/coverage.ts";
import type { ExploreResult, Shard } from "../check/explore.ts";
import { describeSummary, summarise, type FailoverSummary } from "../check/failover-times.ts";
import { shardPayload, type Job } from "../check/merge.ts";
import { DEFAULT_WORKERS, exploreParallel } from "../check/parallel.ts";
import { buildConfig, checkInvariantNames } from "../kits/config.ts";
import { findKit, protocolNames } from "../kits/index.ts";
import type { Ev, ProtocolKit } from "../kits/kit.ts";
import { UsageError } from "../usage.ts";
import { buildTrace } from "../trace/build.ts";
import { renderTrace } from "../trace/file.ts";
import type { Trace } from "../trace/schema.ts";
import { renderTimeline } from "../trace/timeline/text.ts";
import { parse, parseCount, parseList, parseSets } from "./args.ts";
import type { Io } from "./io.ts";
import { checkOutPath, writeOrKeep } from "./out-path.ts";
import { INTERRUPTED_STATUS, watchInterrupt } from "./interrupt.ts";

export const EXPLORE_DEFAULTS = { runs: 20_000, maxSteps: 100, timeLimitS: 60 } as const;

export async function exploreCommand(args: readonly string[], io: Io): Promise<number> {
  const { values } = parse(args, {
    protocol: { type: "string" }, preset: { type: "string" }, set: { type: "string", multiple: true },
    runs: { type: "string" }, seed: { type: "string" }, "max-steps": { type: "string" }, "time-limit": { type: "string" },
    invariants: { type: "string" }, out: { type: "string" }, json: { type: "boolean" },
    workers: { type: "string" }, shard: { type: "string" },
  });
  if (values.protocol === undefined) throw new UsageError(`explore needs --protocol (${protocolNames.join(", ")})`);
  return findKit(values.protocol).use((kit) => exploreWith(kit, values, io));
}

type ExploreValues = {
  preset?: string; set?: string[]; runs?: string; seed?: string; "max-steps"?: string; "time-limit"?: string;
  invariants?: string; out?: string; json?: boolean; workers?: string; shard?: string;
};

async function exploreWith<C, S, E extends Ev, O>(kit: ProtocolKit<C, S, E, O>, values: ExploreValues, io: Io): Promise<number> {
  const flatConfig = buildConfig(kit.model, values.preset, parseSets(values.set));
  const invariants = parseList(values.invariants);
  checkInvariantNames(kit.model, invariants);
  const seed = parseCount("seed", values.seed, io.freshSeed(), 0, 2 ** 31 - 1);
  const runs = parseCount("runs", values.runs, EXPLORE_DEFAULTS.runs, 1, 100_000_000);
  const maxSteps = parseCount("max-steps", values["max-steps"], EXPLORE_DEFAULTS.maxSteps, 1, 100_000);
  const timeLimitS = parseCount("time-limit", values["time-limit"], EXPLORE_DEFAULTS.timeLimitS, 1, 30 * 86_400);
  const workers = parseCount("workers", values.workers, DEFAULT_WORKERS, 1, 1024);
  const shard = parseShard(values.shard);
  const label = values.preset ?? "custom";
  const part = shard === undefined ? "" : `-shard${shard.index}of${shard.count}`;
  const outPath = values.out ?? `haspec-traces/${kit.name}-${label}-seed${seed}${part}.json`;
  // Before the search, not after it: a path that cannot be written would lose the counterexample.
  checkOutPath(outPath, values.out === undefined ? "the trace file" : "--out");
  const share = shard === undefined ? "" : `, shard ${shard.index}/${shard.count} (runs whose index is ${shard.index} mod ${shard.count})`;
  if (!values.json) io.out(`haspec explore: protocol ${kit.name}, preset ${label}, seed ${seed}, up to ${runs} runs of ≤${maxSteps} steps${share}`);
  const started = io.now();
  const interrupt = io.interrupt?.() ?? watchInterrupt();
  let result;
  try {
    result = await exploreParallel({
      kit, flatConfig, seed, runs, maxSteps, timeLimitMs: timeLimitS * 1000, invariants, workers, shard, stop: interrupt.flag,
      onProgress: (n) => io.progress(`runs ${n}/${shard === undefined ? runs : Math.ceil((runs - shard.index) / shard.count)}${workers > 1 ? ` on ${workers} workers` : ""}`),
    });
  } finally {
    interrupt.dispose();
  }
  io.progress(null);
  // Ctrl-C before any violation: the runs done so far are the result, said as such.
  const interrupted = interrupt.happened() && result.violation === null;
  const elapsedMs = io.now() - started;
  let traceFile: string | null = null;
  let trace: Trace<E, O> | null = null;
  if (result.violation !== null) {
    trace = buildTrace({ kit, preset: values.preset ?? null, flatConfig, invariants, seed, events: result.events });
    traceFile = writeOrKeep(outPath, renderTrace(trace));
  }
  const outcome: Outcome<E, O> = { ...result, seed, traceFile, trace, elapsedMs, timeLimitS };
  if (interrupted && !values.json) {
    io.out(`interrupted after ${result.runs} runs (${result.steps} steps, ${(elapsedMs / 1000).toFixed(1)} s): no violation so far; seed ${seed}`);
    return INTERRUPTED_STATUS;
  }
  if (!values.json) printOutcome(kit, outcome, io);
  else {
    const job: Job = { protocol: kit.name, preset: values.preset ?? null, config: flatConfig, invariants: invariants ?? null, seed, runs, maxSteps };
    io.out(JSON.stringify({ ...outcomeJson(kit, outcome), ...(interrupted ? { interruptedBy: "SIGINT" } : {}), ...(shard === undefined ? {} : { shard: shardPayload(job, shard, result.tally) }) }));
  }
  if (interrupted) return INTERRUPTED_STATUS;
  return result.violation === null ? 0 : 1;
}

/** What explore and merge both report. */
export interface Outcome<E, O> extends Pick<ExploreResult<E>, "violation" | "violationRun" | "runs" | "steps" | "interrupted" | "failoverTimes" | "coverage"> {
  readonly seed: number;
  readonly traceFile: string | null;
  /** The counterexample, when it is at hand, for the timeline. */
  readonly trace: Trace<E, O> | null;
  readonly elapsedMs: number;
  readonly timeLimitS: number | null;
}

export function printOutcome<C, S, E extends Ev, O>(kit: ProtocolKit<C, S, E, O>, o: Outcome<E, O>, io: Io): void {
  const failovers = kit.failoverTimes === undefined ? undefined : summarise(o.failoverTimes);
  if (failovers) io.out(describeSummary(failovers));
  const coverage = describeCoverage(o.coverage, new Map(kit.model.invariants.map((i) => [i.name, i.kind])));
  if (o.violation !== null) {
    const runs = o.violationRun! + 1;
    io.out(`VIOLATION of ${o.violation.invariant} at step ${o.violation.step} after ${runs} run${runs === 1 ? "" : "s"}: ${o.violation.message}`);
    const events = o.trace === null ? "" : ` (${o.trace.events.length} events, shrunk and 1-minimal)`;
    io.out(o.traceFile === null ? `trace${events}: could not be written; its JSON is on stderr` : `trace: ${o.traceFile}${events}; replay with: haspec replay ${o.traceFile}`);
    // Vacuity is a question about passes; a search cut short by a violation keeps it in --json only.
    io.out(coverage[0]!);
    if (o.trace !== null) io.out(renderTimeline(kit, o.trace, { color: io.color }));
    return;
  }
  const how = o.interrupted ? `time limit${o.timeLimitS === null ? "" : ` of ${o.timeLimitS} s`} reached` : "all runs done";
  io.out(`no violation in ${o.runs} runs (${o.steps} steps, ${(o.elapsedMs / 1000).toFixed(1)} s; ${how}); seed ${o.seed}`);
  for (const line of coverage) io.out(line);
}

export function outcomeJson<C, S, E extends Ev, O>(kit: ProtocolKit<C, S, E, O>, o: Outcome<E, O>): Record<string, unknown> {
  const failovers: FailoverSummary | null | undefined = kit.failoverTimes === undefined ? undefined : summarise(o.failoverTimes);
  return {
    violated: o.violation?.invariant ?? null, step: o.violation?.step ?? null, message: o.violation?.message ?? null,
    runs: o.runs, steps: o.steps, seed: o.seed, traceFile: o.traceFile, elapsedMs: o.elapsedMs, interrupted: o.interrupted,
    violationRun: o.violationRun, coverage: coverageJson(o.coverage),
    ...(failovers === undefined ? {} : { failoverTimeMs: failovers }),
  };
}

function coverageJson(c: Coverage): Record<string, unknown> {
  return { distinctStates: c.distinctStates, exact: c.exact, sampledRuns: c.sampledRuns, witnesses: c.witnesses, vacuous: c.vacuous };
}

/** `--shard i/n`: this process does the runs whose index is i modulo n. */
export function parseShard(raw: string | undefined): Shard | undefined {
  if (raw === undefined) return undefined;
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(raw);
  if (m === null) throw new UsageError(`--shard expects i/n (this machine's index and the number of machines), got ${JSON.stringify(raw)}`);
  const [index, count] = [Number(m[1]), Number(m[2])];
  if (count < 1 || count > 1_000_000) throw new UsageError(`--shard: n must be between 1 and 1000000, got ${count}`);
  if (index >= count) throw new UsageError(`--shard: i counts from 0 and must be below n, got ${index}/${count}`);
  return { index, count };
}
