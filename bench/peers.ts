/**
 * The peer benchmark: haspec beside Quint's simulator and SPIN, in the same run, on the same
 * lease protocol (the peers' specifications are in bench/peers/, their mapping to our model in
 * the comment at the top of each). It prints throughput figures and their ratios, and checks that
 * all three agree on verdicts: etcd-lock-no-fencing breaks FencedWrites, vds-fenced breaks
 * nothing. Like the rest of the bench it asserts no wall-clock bound; it fails only on a wrong
 * answer (a verdict that is not the expected one).
 */
import os from "node:os";
import { explore } from "../conformance/check/explore.ts";
import { exploreParallel } from "../conformance/check/parallel.ts";
import { checkExhaustive } from "../conformance/explore/check.ts";
import { buildConfig } from "../conformance/kits/config.ts";
import { kits } from "../conformance/kits/index.ts";
import { describeConstants, peerConstants } from "./peers/constants.ts";
import { timed, timedAsync } from "./peers/measure.ts";
import { quintAvailable, runQuint } from "./peers/quint.ts";
import { runSpin, spinAvailable, type SpinResult } from "./peers/spin.ts";
import { heading, table, type Cell } from "./table.ts";

const SAFE = "vds-fenced";
const UNSAFE = "etcd-lock-no-fencing";
const EXPECTED = "FencedWrites";
const INVARIANTS = ["SingleLeaseHolder", "FencedWrites"] as const;
const MAX_STEPS = 100;
/** SPIN's time quantum: the preset's durations in units of 100 ms (bench/peers/constants.ts). */
const SPIN_QUANTUM_MS = 100;
const HOUR_MS = 3600_000;

interface Sizes {
  readonly exploreRuns: number;
  readonly quintSamples: number;
  /** Quint's seed and budget for the unsafe preset: from seed 1 it finds E2 after about 330 traces. */
  readonly quintSearchSamples: number;
  readonly checkDepth: number;
  readonly spinDepth: number;
  readonly workerRuns: number;
}

const FULL: Sizes = { exploreRuns: 20_000, quintSamples: 1000, quintSearchSamples: 2000, checkDepth: 16, spinDepth: 11, workerRuns: 40_000 };
const QUICK: Sizes = { exploreRuns: 5000, quintSamples: 200, quintSearchSamples: 2000, checkDepth: 10, spinDepth: 10, workerRuns: 10_000 };

interface Timing {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/** One engine's verdict on one preset, as the agreement table prints it. */
interface Verdict {
  readonly engine: string;
  readonly preset: string;
  readonly found: string | null;
  readonly detail: string;
}

const leaseKit = kits.lease;
const flatOf = (preset: string) => buildConfig(leaseKit.model, preset, {});
const perSec = (count: number, ms: number): number => Math.round((count * 1000) / ms);
const ratio = (a: number, b: number): string => (b > 0 && Number.isFinite(a / b) ? `${(a / b).toFixed(a / b >= 10 ? 0 : 2)}×` : "n/a");

export async function runPeers(quick: boolean): Promise<{ failed: boolean }> {
  const sizes = quick ? QUICK : FULL;
  const verdicts: Verdict[] = [];
  heading("5. Peers: the same lease protocol in Quint and SPIN (bench/peers/)");
  const [one, five] = os.loadavg();
  console.log(`load average at start: ${one!.toFixed(2)} (1 min), ${five!.toFixed(2)} (5 min) on ${os.cpus().length} CPUs`);
  console.log(`Quint ${describeConstants(peerConstants(SAFE, 1))}`);
  console.log(`SPIN  ${describeConstants(peerConstants(SAFE, SPIN_QUANTUM_MS))}`);

  await randomExploration(sizes, verdicts);
  exhaustive(sizes, verdicts);
  await workerScaling(sizes);
  return { failed: agreement(verdicts) };
}

/** 5a: histories per second, ours on one thread and on every core, against Quint's simulator. */
async function randomExploration(sizes: Sizes, verdicts: Verdict[]): Promise<void> {
  heading(`5a. Random exploration of ${SAFE}: traces (histories) per second`);
  const options = { kit: leaseKit, flatConfig: flatOf(SAFE), seed: 1, runs: sizes.exploreRuns, maxSteps: MAX_STEPS, timeLimitMs: HOUR_MS };
  const single = timed(() => explore(options));
  // Quint checks two invariants; the like-for-like run checks the same two.
  const same = timed(() => explore({ ...options, invariants: INVARIANTS }));
  const workers = os.availableParallelism();
  const all = await timedAsync(() => exploreParallel({ ...options, workers }));
  verdicts.push({ engine: "haspec explore", preset: SAFE, found: single.value.violation?.invariant ?? null, detail: `${single.value.runs} runs, seed 1` });
  // Quint runs traces of exactly --max-steps steps: give it our mean history length.
  const meanSteps = Math.max(1, Math.round(single.value.steps / single.value.runs));
  const rows: Cell[][] = [
    rateRow("haspec explore, 1 thread, all 7 invariants", single.value.runs, single),
    rateRow(`haspec explore, 1 thread, ${INVARIANTS.join(" + ")}`, same.value.runs, same),
    rateRow(`haspec exploreParallel, ${workers} workers`, all.value.runs, all),
  ];
  let sim: Timing | null = null;
  if (quintAvailable()) {
    const quint = (samples: number, steps: number) =>
      runQuint({ constants: peerConstants(SAFE, 1), samples, steps, seed: 1, invariants: INVARIANTS, timeoutMs: HOUR_MS });
    // Start-up (parsing, type checking) alone, so that it can be taken off the CPU time.
    const startup = quint(1, 1);
    const q = quint(sizes.quintSamples, meanSteps);
    verdicts.push({ engine: "Quint run (typescript)", preset: SAFE, found: q.violated[0] ?? null, detail: `${q.traces} traces of ${meanSteps} steps, seed 1` });
    sim = { wallMs: q.simulationMs, cpuMs: Math.max(1, q.cpuMs - startup.cpuMs) };
    rows.push(rateRow("Quint run --backend=typescript, simulation", q.traces, sim));
    rows.push(rateRow("Quint run, whole command (start-up included)", q.traces, q));
  }
  console.log(table(["engine", "traces", "wall ms", "CPU ms", "traces/s", "traces/CPU s"], rows));
  if (sim === null) {
    console.log("\nQuint: not installed (npm ci installs @informalsystems/quint); no ratio.");
  } else {
    const theirs = { wall: perSec(sizes.quintSamples, sim.wallMs), cpu: perSec(sizes.quintSamples, sim.cpuMs) };
    const versus = (label: string, count: number, t: Timing): void =>
      console.log(`ours / Quint's simulation, ${label}: ${ratio(perSec(count, t.wallMs), theirs.wall)} in traces per second, ${ratio(perSec(count, t.cpuMs), theirs.cpu)} per CPU second`);
    console.log("");
    versus("one thread, all invariants", single.value.runs, single);
    versus(`one thread, ${INVARIANTS.join(" + ")}`, same.value.runs, same);
    versus(`${workers} workers`, all.value.runs, all);
    console.log("(target ≥ 100×)");
    console.log(`Quint's traces have ${meanSteps} steps, our mean; ours are generated by fast-check with up to ${MAX_STEPS} steps.`);
  }
  unsafeRandom(sizes, meanSteps, verdicts);
}

function rateRow(label: string, count: number, t: Timing): Cell[] {
  return [label, count, Math.round(t.wallMs), Math.round(t.cpuMs), perSec(count, t.wallMs), perSec(count, t.cpuMs)];
}

/** The unsafe preset in both random explorers: each must find FencedWrites. */
function unsafeRandom(sizes: Sizes, meanSteps: number, verdicts: Verdict[]): void {
  const ours = explore({ kit: leaseKit, flatConfig: flatOf(UNSAFE), seed: 1, runs: 100_000, maxSteps: MAX_STEPS, timeLimitMs: HOUR_MS });
  verdicts.push({ engine: "haspec explore", preset: UNSAFE, found: ours.violation?.invariant ?? null, detail: `found after ${ours.runs} runs, seed 1; counterexample of ${ours.events.length} events` });
  if (!quintAvailable()) return;
  const q = runQuint({ constants: peerConstants(UNSAFE, 1), samples: sizes.quintSearchSamples, steps: meanSteps, seed: 1, invariants: INVARIANTS, timeoutMs: HOUR_MS });
  const where = q.violated.length > 0 ? `found after about ${q.traces} traces of ${meanSteps} steps, seed 1 (replay: --seed=${q.reproduceSeed})` : `none in ${q.traces} traces`;
  verdicts.push({ engine: "Quint run (typescript)", preset: UNSAFE, found: q.violated[0] ?? null, detail: where });
}

/** 5b: distinct states per second, our breadth-first search against SPIN's. */
function exhaustive(sizes: Sizes, verdicts: Verdict[]): void {
  heading(`5b. Exhaustive search of ${SAFE}: distinct states per second`);
  const ours = timed(() => checkExhaustive({ kit: leaseKit, flatConfig: flatOf(SAFE), depth: sizes.checkDepth, maxStates: 5_000_000 }));
  const o = ours.value;
  verdicts.push({ engine: "haspec check", preset: SAFE, found: o.violation?.invariant ?? null, detail: `${o.states} states, depth ${o.depthReached}${o.complete ? "" : " (incomplete)"}` });
  const rows: Cell[][] = [stateRow("haspec check (breadth-first)", o.states, o.transitions, o.depthReached, { wallMs: o.elapsedMs, cpuMs: ours.cpuMs })];
  let spin: SpinResult | null = null;
  if (spinAvailable()) {
    spin = runSpin({ constants: peerConstants(SAFE, SPIN_QUANTUM_MS), depth: sizes.spinDepth, optimize: true, memoryLimitMb: 4096, timeoutMs: HOUR_MS });
    verdicts.push({ engine: "SPIN pan (BFS)", preset: SAFE, found: spin.violated, detail: `${spin.statesStored} states, depth ${spin.depthReached}${spin.memoryBound ? " (memory bound)" : ""}` });
    rows.push(stateRow("SPIN pan -DBFS, gcc -O2", spin.statesStored, spin.transitions, spin.depthReached, { wallMs: spin.elapsedSeconds * 1000, cpuMs: spin.panCpuMs }));
  }
  console.log(table(["engine", "states", "transitions", "depth", "wall ms", "CPU ms", "states/s", "states/CPU s"], rows));
  console.log(`\nhaspec: real ms, time to the next due instant, budgets ${JSON.stringify(o.budgets)}.`);
  console.log(`SPIN: ${SPIN_QUANTUM_MS} ms quanta, time by one quantum or to the next due instant, faults unbounded within the depth.`);
  if (spin === null) {
    console.log("SPIN: not installed (scripts/install-bench-tools.sh installs spin and gcc); no ratio.");
  } else {
    console.log(`pan's wall time is its own; spin -a and gcc took ${Math.round(spin.compileMs)} ms more.`);
    const wall = ratio(perSec(o.states, o.elapsedMs), perSec(spin.statesStored, spin.elapsedSeconds * 1000));
    console.log(`ours / SPIN: ${wall} in states per second, ${ratio(perSec(o.states, ours.cpuMs), perSec(spin.statesStored, spin.panCpuMs))} per CPU second (target ≥ 0.33×)`);
  }
  unsafeExhaustive(sizes, verdicts);
}

function stateRow(label: string, states: number, transitions: number, depth: number, t: Timing): Cell[] {
  return [label, states, transitions, depth, Math.round(t.wallMs), Math.round(t.cpuMs), perSec(states, t.wallMs), perSec(states, t.cpuMs)];
}

/** The unsafe preset in both exhaustive searches: each must find FencedWrites, on a shortest history. */
function unsafeExhaustive(sizes: Sizes, verdicts: Verdict[]): void {
  const ours = checkExhaustive({ kit: leaseKit, flatConfig: flatOf(UNSAFE), depth: sizes.checkDepth, maxStates: 5_000_000 });
  verdicts.push({ engine: "haspec check", preset: UNSAFE, found: ours.violation?.invariant ?? null, detail: `shortest counterexample: ${ours.events.length} events` });
  if (!spinAvailable()) return;
  const spin = runSpin({ constants: peerConstants(UNSAFE, SPIN_QUANTUM_MS), depth: sizes.spinDepth, optimize: true, memoryLimitMb: 4096, timeoutMs: HOUR_MS });
  const detail = spin.violated === null ? `none to depth ${spin.depthReached}` : `shortest counterexample: ${spin.trail.length} events (${spin.trail.join("; ")})`;
  verdicts.push({ engine: "SPIN pan (BFS)", preset: UNSAFE, found: spin.violated, detail });
}

/** 5c: the same long exploration on one worker and on two. */
async function workerScaling(sizes: Sizes): Promise<void> {
  heading(`5c. Workers: exploreParallel on ${SAFE}, ${sizes.workerRuns.toLocaleString("en-US")} runs, seed 1`);
  const rows: Cell[][] = [];
  const wallMs: number[] = [];
  for (const workers of [1, 2]) {
    const options = { kit: leaseKit, flatConfig: flatOf(SAFE), seed: 1, runs: sizes.workerRuns, maxSteps: MAX_STEPS, timeLimitMs: HOUR_MS, workers };
    const r = await timedAsync(() => exploreParallel(options));
    wallMs.push(r.wallMs);
    rows.push([`--workers ${workers}`, r.value.runs, r.value.steps, Math.round(r.wallMs), Math.round(r.cpuMs), perSec(r.value.runs, r.wallMs)]);
  }
  console.log(table(["workers", "runs", "steps", "wall ms", "CPU ms", "histories/s"], rows));
  console.log(`\n--workers 2 / --workers 1 speed: ${ratio(wallMs[0]!, wallMs[1]!)} on ${os.cpus().length} CPUs`);
}

/** 5d: every verdict against the expected one; true when any disagrees. */
function agreement(verdicts: readonly Verdict[]): boolean {
  heading("5d. Agreement: the unsafe preset fails in every engine, the safe one in none");
  const expected = (preset: string): string | null => (preset === UNSAFE ? EXPECTED : null);
  const rows = verdicts.map((v) => [v.engine, v.preset, expected(v.preset) ?? "none", v.found ?? "none", v.found === expected(v.preset) ? "yes" : "NO", v.detail]);
  console.log(table(["engine", "preset", "expected", "found", "agrees", "detail"], rows));
  const wrong = verdicts.filter((v) => v.found !== expected(v.preset));
  for (const v of wrong) console.log(`!!! ${v.engine} on ${v.preset}: expected ${expected(v.preset) ?? "no violation"}, found ${v.found ?? "none"}`);
  return wrong.length > 0;
}
