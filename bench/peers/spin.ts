/**
 * Runs SPIN on bench/peers/spin/lease.pml: `spin -a` with the preset's constants as -D flags,
 * `gcc -O2 -DSAFETY -DBFS` on the generated pan.c, then `./pan -m<depth + 1>`: a breadth-first
 * search of every history of at most `depth` events, as `haspec check --depth` does (pan's first
 * step is the initialisation, so its depths are one more than our event counts). pan's own
 * report gives the states stored, the depth and the rate; its assertions are the invariants.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import type { PeerConstants } from "./constants.ts";
import { runMeasured } from "./measure.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const SPEC = path.join(here, "spin", "lease.pml");

export interface SpinOptions {
  readonly constants: PeerConstants;
  /** Longest history searched, in events. */
  readonly depth: number;
  /** gcc -O2, as SPIN recommends for a measurement; -O0 compiles the 400 kB pan.c ten times faster. */
  readonly optimize: boolean;
  /** pan stops cleanly when its state store reaches this many megabytes (-DMEMLIM). */
  readonly memoryLimitMb: number;
  readonly timeoutMs: number;
}

export interface SpinResult {
  /** The invariant whose assertion failed, or null. */
  readonly violated: "SingleLeaseHolder" | "FencedWrites" | null;
  /** Events in the violating history, the violating one included (pan's depth of the violation). */
  readonly violationEvents: number | null;
  readonly statesStored: number;
  readonly transitions: number;
  /** Events in the longest history searched (pan's depth reached, less its initialisation step). */
  readonly depthReached: number;
  readonly elapsedSeconds: number;
  /** pan's own figure: states stored per second of its search (compilation excluded). */
  readonly statesPerSecond: number;
  /** CPU time of pan (its start-up and report included). */
  readonly panCpuMs: number;
  /** The memory limit ended the search before its depth. */
  readonly memoryBound: boolean;
  /** Wall time of `spin -a` and gcc, which pan's figures leave out. */
  readonly compileMs: number;
  /** The trail of a violation, replayed by `spin -t`: the events, one a line. */
  readonly trail: readonly string[];
  readonly output: string;
}

const has = (cmd: string): boolean => spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" }).status === 0;

export function spinAvailable(): boolean {
  return has("spin") && has("gcc");
}

export function spinDefines(k: PeerConstants): string[] {
  const flag = (b: boolean): number => (b ? 1 : 0);
  return [
    `-DN=${k.nodes}`, `-DTTL=${k.ttl}`, `-DRENEW=${k.renew}`, `-DLATENCY=${k.latency}`, `-DHOLD=${k.hold}`,
    `-DWAIT=${k.wait}`, "-DHORIZON=30000", `-DFENCING=${flag(k.fencing)}`, `-DCRASHES=${flag(k.crashes)}`,
    `-DPARTITIONS=${flag(k.partitions)}`, `-DPAUSES=${flag(k.pauses)}`,
  ];
}

function run(cmd: string, args: readonly string[], cwd: string, timeoutMs: number): string {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", timeout: timeoutMs, maxBuffer: 64 << 20 });
  const output = `${r.stdout ?? ""}${r.stderr ?? ""}`;
  if (r.error !== undefined) throw new Error(`${cmd} ${args.join(" ")}: ${r.error.message}\n${output}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited with ${r.status}:\n${output}`);
  return output;
}

export function runSpin(o: SpinOptions): SpinResult {
  const dir = mkdtempSync(path.join(tmpdir(), "haspec-spin-"));
  try {
    copyFileSync(SPEC, path.join(dir, "lease.pml"));
    const defines = spinDefines(o.constants);
    const started = performance.now();
    run("spin", [...defines, "-a", "lease.pml"], dir, o.timeoutMs);
    run("gcc", [o.optimize ? "-O2" : "-O0", "-DSAFETY", "-DBFS", `-DMEMLIM=${o.memoryLimitMb}`, "-o", "pan", "pan.c"], dir, o.timeoutMs);
    const compileMs = performance.now() - started;
    // pan exits 0 whether or not it found an error; its report says which.
    const pan = runMeasured("./pan", [`-m${o.depth + 1}`, "-w24"], dir, o.timeoutMs);
    if (pan.status !== 0) throw new Error(`pan exited with ${pan.status}:\n${pan.output}`);
    const result = { ...parsePan(pan.output), compileMs, panCpuMs: pan.cpuMs };
    if (result.violated === null) return result;
    const trail = run("spin", [...defines, "-t", "lease.pml"], dir, o.timeoutMs)
      .split("\n").map((l) => l.trim()).filter((l) => /^t=\d+ /.test(l));
    return { ...result, trail };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Reads pan's report; a report it does not recognise is an error, never a pass. */
export function parsePan(output: string): Omit<SpinResult, "compileMs" | "panCpuMs"> {
  const number = (re: RegExp): number => {
    const m = re.exec(output);
    if (m === null) throw new Error(`unrecognised pan output (no ${re.source}):\n${output}`);
    return Number(m[1]);
  };
  const assertion = /assertion violated\s+(.*?) \(at depth (\d+)\)/.exec(output);
  const errors = number(/errors: (\d+)/);
  let violated: SpinResult["violated"] = null;
  if (assertion !== null) {
    if (assertion[1]!.includes("staleWriteAccepted")) violated = "FencedWrites";
    else if (assertion[1]!.includes("count<=1")) violated = "SingleLeaseHolder";
    else throw new Error(`pan reports an assertion this bench does not know: ${assertion[1]}`);
  }
  if ((errors > 0) !== (violated !== null)) throw new Error(`pan reports ${errors} errors but ${violated ?? "no known assertion"}:\n${output}`);
  return {
    violated,
    violationEvents: assertion === null ? null : Number(assertion[2]),
    statesStored: number(/(\d+) states, stored/),
    transitions: number(/(\d+) transitions \(= stored\+matched\)/),
    depthReached: Math.max(0, number(/depth reached (\d+)/) - 1),
    elapsedSeconds: number(/pan: elapsed time ([\d.e+]+) seconds/),
    statesPerSecond: number(/pan: rate\s+([\d.e+]+) states\/second/),
    memoryBound: output.includes("reached -DMEMLIM bound"),
    trail: [],
    output,
  };
}
