/**
 * Benchmark: how fast the lease model runs and how quickly random exploration finds the
 * catalogued violations. It prints figures and asserts no wall-clock bound (machines are shared
 * and noisy); it fails only on a wrong answer: a violation in the safe preset, or a catalogued
 * violation some seed does not find.
 *
 *   npx tsx bench/run.ts [--quick]
 */
import os from "node:os";
import { performance } from "node:perf_hooks";
import { catalogue } from "../specs/catalogue/catalogue.ts";
import { describeViolation, reducerThroughput, safeRun, timeToFind } from "./figures.ts";
import { heading, perSecond, table } from "./table.ts";

const quick = process.argv.includes("--quick");
const SEEDS = quick ? 5 : 20;
const SAFE_RUNS = quick ? 10_000 : 100_000;
const HISTORIES = 2000;
const MIN_FOLD_MS = quick ? 500 : 2000;

const started = performance.now();
let failed = false;

console.log(`# haspec benchmark${quick ? " (--quick)" : ""}\n`);
console.log(`date:    ${new Date().toISOString()}`);
console.log(`machine: ${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.cpus().length} CPUs, ${os.platform()} ${os.release()}`);
console.log(`node:    ${process.version}`);

heading(`1. Reducer throughput (vds-fenced, ${HISTORIES} pre-generated histories, maxSteps 100)`);
const t = reducerThroughput(HISTORIES, MIN_FOLD_MS);
console.log(`${t.histories} histories, ${t.steps.toLocaleString("en-US")} steps in total\n`);
console.log(table(["fold", "steps/s"], [
  ["step only (no invariants)", Math.round(t.rawStepsPerSec)],
  ["runHistory (all invariants)", Math.round(t.checkedStepsPerSec)],
]));

// One exploration serves figures 2 and 3: the long safe run is also the throughput sample.
const s = safeRun(SAFE_RUNS);

heading("2. Random exploration throughput (vds-fenced, seed 1, maxSteps 100; generation + fold + invariants)");
console.log(table(["histories/s", "steps/s"], [[perSecond(s.runs, s.elapsedMs), perSecond(s.steps, s.elapsedMs)]]));

heading(`3. Safe preset vds-fenced, ${SAFE_RUNS.toLocaleString("en-US")} runs, seed 1, maxSteps 100`);
console.log(table(["runs", "steps", "elapsed ms", "violation"], [[s.runs, s.steps, Math.round(s.elapsedMs), describeViolation(s.violation)]]));
if (s.violation !== null || s.interrupted || s.runs < SAFE_RUNS) {
  failed = true;
  console.log(`\n!!! SAFE PRESET vds-fenced FAILED: ${describeViolation(s.violation)}${s.interrupted ? " (interrupted)" : ""}`);
  if (s.events.length > 0) console.log(JSON.stringify(s.events, null, 1));
}

const unsafe = catalogue.filter((c) => c.expect !== null);
heading(`4. Time to find each unsafe catalogue scenario (seeds 1..${SEEDS})`);
const rows = [];
for (const scenario of unsafe) {
  const f = timeToFind(scenario, SEEDS);
  rows.push([
    f.scenario.id, `${f.found}/${f.seeds}`, Math.round(f.ms.median), Math.round(f.ms.max),
    f.runs.median, f.runs.max, f.length.median, f.length.max, f.invariants.join(", ") || "none",
  ]);
  if (f.found < f.seeds) {
    failed = true;
    console.log(`!!! ${f.scenario.id}: seeds ${f.failedSeeds.join(", ")} did not find ${f.scenario.expect} (found: ${f.invariants.join(", ") || "none"})`);
  }
}
console.log(table(["scenario", "found", "ms med", "ms max", "runs med", "runs max", "len med", "len max", "invariant"], rows));
console.log("\nms includes shrinking and 1-minimisation; runs counts histories tried, the first failing one included;");
console.log("len is the length of the shrunk, 1-minimal counterexample. Statistics are over the seeds that found it.");

console.log(`\ntotal: ${((performance.now() - started) / 1000).toFixed(1)} s`);
if (failed) {
  console.log("\nFAILED: see the lines marked !!! above.");
  process.exit(1);
}
