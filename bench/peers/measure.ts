/**
 * Wall and CPU time of a command and of a piece of our own work. The bench reports both: on a
 * shared machine wall time swings with the neighbours' load, CPU time much less, so a ratio of
 * CPU times is the steadier comparison.
 */
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";

export interface Measured {
  readonly output: string;
  readonly status: number | null;
  readonly wallMs: number;
  /** User and system time of the command and everything it started. */
  readonly cpuMs: number;
}

/**
 * Runs `cmd args` under bash, whose `times` builtin reports its children's user and system time
 * on descriptor 3 once the command has exited.
 */
export function runMeasured(cmd: string, args: readonly string[], cwd: string, timeoutMs: number): Measured {
  const script = '"$@"; status=$?; times >&3; exit $status';
  const started = performance.now();
  const r = spawnSync("bash", ["-c", script, "bash", cmd, ...args], {
    cwd, encoding: "utf8", timeout: timeoutMs, maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "pipe", "pipe"],
  });
  const wallMs = performance.now() - started;
  const output = `${r.stdout ?? ""}${r.stderr ?? ""}`;
  if (r.error !== undefined) throw new Error(`${cmd} ${args.join(" ")}: ${r.error.message}\n${output}`);
  return { output, status: r.status, wallMs, cpuMs: childrenCpuMs(String(r.output[3] ?? "")) };
}

/** The second line of `times`: the children's user and system time, as `0m1.234s 0m0.056s`. */
export function childrenCpuMs(times: string): number {
  const line = times.trim().split("\n")[1];
  const parts = line === undefined ? [] : [...line.matchAll(/(\d+)m([\d.]+)s/g)];
  if (parts.length !== 2) throw new Error(`unrecognised output of times: ${JSON.stringify(times)}`);
  return parts.reduce((ms, m) => ms + (Number(m[1]) * 60 + Number(m[2])) * 1000, 0);
}

/** Wall and CPU time of `f` in this process (its worker threads and GC included). */
export function timed<T>(f: () => T): { value: T; wallMs: number; cpuMs: number } {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = f();
  const used = process.cpuUsage(cpu);
  return { value, wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

export async function timedAsync<T>(f: () => Promise<T>): Promise<{ value: T; wallMs: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await f();
  const used = process.cpuUsage(cpu);
  return { value, wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}
