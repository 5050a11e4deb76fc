/**
 * Runs Quint's simulator on bench/peers/quint/lease.qnt: `quint run --backend=typescript`, the
 * only backend that works offline (the default Rust one downloads a binary). The constants come
 * from a haspec preset through a small instance module written to a temporary directory.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PeerConstants } from "./constants.ts";
import { runMeasured } from "./measure.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const SPEC = path.join(here, "quint", "lease.qnt");
const QUINT = path.join(here, "..", "..", "node_modules", ".bin", "quint");

export interface QuintOptions {
  readonly constants: PeerConstants;
  /** Traces to simulate; the run stops at the first violation. */
  readonly samples: number;
  readonly steps: number;
  /** Quint's seed (an integer, or hex as Quint prints it). */
  readonly seed: number | string;
  readonly invariants: readonly string[];
  readonly timeoutMs: number;
}

export interface QuintResult {
  /** The invariants Quint reported violated (empty: none in the traces it ran). */
  readonly violated: readonly string[];
  /** Wall and CPU time of the whole command: start-up (parsing, type checking) included. */
  readonly wallMs: number;
  readonly cpuMs: number;
  /** Simulation time and rate as Quint reports them ("Found an issue (Xms at R traces/second)"). */
  readonly simulationMs: number;
  readonly tracesPerSecond: number;
  /** Traces simulated: all of them without a violation, else estimated from Quint's figures. */
  readonly traces: number;
  /** The seed Quint prints to reproduce the last trace (the violating one, if any). */
  readonly reproduceSeed: string | null;
  readonly output: string;
}

export function quintAvailable(): boolean {
  return spawnSync(QUINT, ["--version"], { encoding: "utf8" }).status === 0;
}

/** The instance module that fixes lease.qnt's constants. */
export function quintInstance(k: PeerConstants, specPath: string): string {
  const args = [
    `N = ${k.nodes}`, `TTL_MS = ${k.ttl}`, `RENEW_MS = ${k.renew}`, `LATENCY_MS = ${k.latency}`,
    `HOLD_MS = ${k.hold}`, `WAIT_MS = ${k.wait}`, `FENCING = ${k.fencing}`, `CRASHES = ${k.crashes}`,
    `PARTITIONS = ${k.partitions}`, `PAUSES = ${k.pauses}`,
  ];
  return `module bench_instance {\n  import lease(${args.join(", ")}).* from "${specPath.replace(/\.qnt$/, "")}"\n}\n`;
}

export function runQuint(o: QuintOptions): QuintResult {
  const dir = mkdtempSync(path.join(tmpdir(), "haspec-quint-"));
  try {
    const instance = path.join(dir, "bench_instance.qnt");
    writeFileSync(instance, quintInstance(o.constants, path.relative(dir, SPEC)));
    const args = [
      "run", instance, "--backend=typescript", `--max-samples=${o.samples}`, `--max-steps=${o.steps}`,
      `--seed=${o.seed}`, "--verbosity=1", "--invariants", ...o.invariants,
    ];
    const r = runMeasured(QUINT, args, dir, o.timeoutMs);
    return { ...parseQuint(r.output, r.status, r.wallMs, o.samples), cpuMs: r.cpuMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Reads Quint's report; anything it does not recognise is an error, never a pass. */
export function parseQuint(output: string, status: number | null, wallMs: number, samples: number): Omit<QuintResult, "cpuMs"> {
  const summary = /\[(ok|violation)\] (?:No violation found|Found an issue) \((\d+)ms at (\d+) traces\/second\)/.exec(output);
  if (summary === null || (status !== 0 && status !== 1)) throw new Error(`unrecognised quint output (exit ${status}):\n${output}`);
  const violated = [...output.matchAll(/❌ (\w+)/g)].map((m) => m[1]!);
  const ok = summary[1] === "ok";
  if (ok !== (status === 0) || ok !== (violated.length === 0)) throw new Error(`inconsistent quint verdict (exit ${status}):\n${output}`);
  const simulationMs = Number(summary[2]);
  const tracesPerSecond = Number(summary[3]);
  const traces = ok ? samples : Math.max(1, Math.min(samples, Math.round((simulationMs * tracesPerSecond) / 1000)));
  const reproduceSeed = /--seed=(0x[0-9a-f]+)/.exec(output)?.[1] ?? null;
  return { violated, wallMs, simulationMs, tracesPerSecond, traces, reproduceSeed, output };
}
