/** `haspec explore`: random exploration of one protocol under one configuration. */
import { explore } from "../check/explore.ts";
import { describeSummary, summarise } from "../check/failover-times.ts";
import { buildConfig, checkInvariantNames, findProtocol, UsageError } from "../protocols.ts";
import { buildTrace } from "../trace/build.ts";
import { writeTrace } from "../trace/file.ts";
import { renderTimeline } from "../trace/timeline.ts";
import { parse, parseCount, parseList, parseSets } from "./args.ts";
import type { Io } from "./io.ts";

export const EXPLORE_DEFAULTS = { runs: 20_000, maxSteps: 100, timeLimitS: 60 } as const;

export function exploreCommand(args: readonly string[], io: Io): number {
  const { values } = parse(args, {
    protocol: { type: "string" }, preset: { type: "string" }, set: { type: "string", multiple: true },
    runs: { type: "string" }, seed: { type: "string" }, "max-steps": { type: "string" }, "time-limit": { type: "string" },
    invariants: { type: "string" }, out: { type: "string" }, json: { type: "boolean" },
  });
  if (values.protocol === undefined) throw new UsageError("explore needs --protocol (lease, replication, proxy, cluster)");
  const entry = findProtocol(values.protocol);
  const flatConfig = buildConfig(entry.protocol, values.preset, parseSets(values.set));
  const invariants = parseList(values.invariants);
  checkInvariantNames(entry.protocol, invariants);
  const seed = parseCount("seed", values.seed, io.freshSeed(), 0, 2 ** 31 - 1);
  const runs = parseCount("runs", values.runs, EXPLORE_DEFAULTS.runs, 1, 100_000_000);
  const maxSteps = parseCount("max-steps", values["max-steps"], EXPLORE_DEFAULTS.maxSteps, 1, 100_000);
  const timeLimitS = parseCount("time-limit", values["time-limit"], EXPLORE_DEFAULTS.timeLimitS, 1, 30 * 86_400);
  const label = values.preset ?? "custom";
  if (!values.json) io.out(`haspec explore: protocol ${entry.protocol.name}, preset ${label}, seed ${seed}, up to ${runs} runs of ≤${maxSteps} steps`);
  const started = io.now();
  const result = explore({
    entry, flatConfig, seed, runs, maxSteps, timeLimitMs: timeLimitS * 1000, invariants,
    onProgress: (n) => io.progress(`runs ${n}/${runs}`),
  });
  io.progress(null);
  const elapsedMs = io.now() - started;
  const failovers = entry.failoverTimes === undefined ? undefined : summarise(result.failoverTimes);
  if (!values.json && failovers) io.out(describeSummary(failovers));
  let traceFile: string | null = null;
  if (result.violation !== null) {
    traceFile = values.out ?? `haspec-traces/${entry.protocol.name}-${label}-seed${seed}.json`;
    const trace = buildTrace({ entry, preset: values.preset ?? null, flatConfig, invariants, seed, events: result.events });
    writeTrace(traceFile, trace);
    if (!values.json) {
      io.out(`VIOLATION of ${result.violation.invariant} at step ${result.violation.step} after ${result.runs} runs: ${result.violation.message}`);
      io.out(`trace: ${traceFile} (${result.events.length} events, shrunk and 1-minimal); replay with: haspec replay ${traceFile}`);
      io.out(renderTimeline(entry.protocol, trace, { color: io.color }));
    }
  } else if (!values.json) {
    const how = result.interrupted ? `time limit of ${timeLimitS} s reached` : "all runs done";
    io.out(`no violation in ${result.runs} runs (${result.steps} steps, ${(elapsedMs / 1000).toFixed(1)} s; ${how}); seed ${seed}`);
  }
  if (values.json) {
    io.out(JSON.stringify({
      violated: result.violation?.invariant ?? null, step: result.violation?.step ?? null, message: result.violation?.message ?? null,
      runs: result.runs, steps: result.steps, seed, traceFile, elapsedMs, interrupted: result.interrupted,
      ...(failovers === undefined ? {} : { failoverTimeMs: failovers }),
    }));
  }
  return result.violation === null ? 0 : 1;
}
