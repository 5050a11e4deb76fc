/**
 * Benchmark: how fast each protocol's model runs and how quickly random exploration finds the
 * catalogued violations. It prints figures and asserts no wall-clock bound (machines are shared
 * and noisy); it fails only on a wrong answer: a violation in the safe preset, or a catalogued
 * violation some seed does not find.
 *
 *   npx tsx bench/run.ts [--quick] [--peers-only]
 *
 * Section 5 (bench/peers.ts) runs the same lease protocol in Quint's simulator and in SPIN beside
 * ours; `--peers-only` runs just that section. Section 6 (bench/conform-start.ts) times how soon
 * `haspec conform` starts its first history; `--conform-only` runs just that section.
 */
import os from "node:os";
import { performance } from "node:perf_hooks";
import { catalogue } from "../catalogue/catalogue.ts";
import { describeViolation, reducerThroughput, safeRun, timeToFind, type Subject } from "./figures.ts";
import { heading, perSecond, table } from "./table.ts";
import { runPeers } from "./peers.ts";
import { CONFORM_SUBJECTS, conformStart, type FirstHistory } from "./conform-start.ts";
import { summarise } from "../conformance/check/failover-times.ts";

const quick = process.argv.includes("--quick");
const peersOnly = process.argv.includes("--peers-only");
const conformOnly = process.argv.includes("--conform-only");
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

async function conformSection(): Promise<void> {
  heading("6. conform: time from the command to its first history (--adapter model, seed 1; wall and CPU ms)");
  const ms = (f: FirstHistory) => [Math.round(f.wallMs), f.cpuMs === null ? "n/a" : Math.round(f.cpuMs)];
  const rows = [];
  for (const sub of CONFORM_SUBJECTS) {
    const f = await conformStart(sub.label, sub.args);
    rows.push([f.label, ...ms(f.cold), ...ms(f.warm)]);
  }
  console.log(table(["protocol preset", "cold wall", "cold CPU", "warm wall", "warm CPU"], rows));
  console.log("\ncold: an empty cache of targeted histories (the first target's model search runs); warm: the cache the cold run filled.");
}

if (conformOnly) {
  await conformSection();
  console.log(`\ntotal: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  process.exit(0);
}

if (peersOnly) {
  const peers = await runPeers(quick);
  console.log(`\ntotal: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (peers.failed) console.log("\nFAILED: see the lines marked !!! above.");
  process.exit(peers.failed ? 1 : 0);
}

const subjects: readonly Subject[] = [
  { protocol: "lease", preset: "vds-fenced" },
  { protocol: "replication", preset: "lossless-strict" },
  { protocol: "replication", preset: "postgres-lossless" },
  { protocol: "proxy", preset: "polardb-hot-standby" },
  { protocol: "proxy", preset: "maxscale-24.02-safe-workload" },
  { protocol: "cluster", preset: "polardb-hot-standby" },
  { protocol: "cluster", preset: "polardb-ordinary-standby" },
  { protocol: "cluster", preset: "rds-ha-lossless" },
];

heading(`1. Reducer throughput (${HISTORIES} pre-generated histories of the safe preset, maxSteps 100)`);
const throughput = subjects.map((sub) => [sub, reducerThroughput(sub, HISTORIES, MIN_FOLD_MS)] as const);
console.log(table(["protocol", "preset", "histories", "steps", "step only (no invariants) steps/s", "runHistory (all invariants) steps/s"],
  throughput.map(([sub, t]) => [sub.protocol, sub.preset, t.histories, t.steps, Math.round(t.rawStepsPerSec), Math.round(t.checkedStepsPerSec)])));

// One exploration per protocol serves figures 2 and 3: the long safe run is also the throughput sample.
const safe = subjects.map((sub) => [sub, safeRun(sub, SAFE_RUNS)] as const);

heading("2. Random exploration throughput (safe preset, seed 1, maxSteps 100; generation + fold + invariants)");
console.log(table(["protocol", "preset", "histories/s", "steps/s"], safe.map(([sub, s]) => [sub.protocol, sub.preset, perSecond(s.runs, s.elapsedMs), perSecond(s.steps, s.elapsedMs)])));

heading(`3. Safe presets, ${SAFE_RUNS.toLocaleString("en-US")} runs each, seed 1, maxSteps 100`);
console.log(table(["protocol", "preset", "runs", "steps", "elapsed ms", "violation"],
  safe.map(([sub, s]) => [sub.protocol, sub.preset, s.runs, s.steps, Math.round(s.elapsedMs), describeViolation(s.violation)])));
for (const [sub, s] of safe) {
  if (s.violation !== null || s.interrupted || s.runs < SAFE_RUNS) {
    failed = true;
    console.log(`\n!!! SAFE PRESET ${sub.preset} FAILED: ${describeViolation(s.violation)}${s.interrupted ? " (interrupted)" : ""}`);
    if (s.events.length > 0) console.log(JSON.stringify(s.events, null, 1));
  }
}

heading("3b. Failover times the cluster's safe runs saw (model time, ms; medians unless marked)");
console.log(table(["preset", "failovers", "median", "max", "detection", "election", "recovery"],
  safe.flatMap(([sub, s]) => {
    const f = summarise(s.failoverTimes);
    return sub.protocol !== "cluster" || f === null ? [] : [[sub.preset, f.count, f.median, f.max, f.detection, f.election, f.recovery]];
  })));

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

await conformSection();

if ((await runPeers(quick)).failed) failed = true;

console.log(`\ntotal: ${((performance.now() - started) / 1000).toFixed(1)} s`);
if (failed) {
  console.log("\nFAILED: see the lines marked !!! above.");
  process.exit(1);
}
