/**
 * How soon `haspec conform` starts its first history: the command is spawned as a user runs it
 * (node, tsx, the imports, the configuration, the first targeted history's search), and the
 * clock stops when it reports that history. Wall time and the CPU time the command used by then
 * (from /proc; Linux only). Measured with an empty cache (the search runs) and again with the
 * cache the first run filled (what every later run of the same configuration sees).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";

const BIN = resolve(import.meta.dirname, "../bin/haspec.js");
/** Linux reports CPU time in clock ticks of 1/100 s (USER_HZ). */
const TICK_MS = 10;

export interface FirstHistory {
  readonly wallMs: number;
  /** User + system CPU time of the command up to that moment; null where /proc is not there. */
  readonly cpuMs: number | null;
}

function cpuMsOf(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    // After "pid (comm) ": state is field 3; utime and stime are fields 14 and 15.
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return null;
  }
}

/** Runs `haspec conform ARGS --runs 1` and times it to its first history's report. */
export function timeToFirstHistory(args: readonly string[], cacheDir: string): Promise<FirstHistory> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, "conform", ...args, "--runs", "1"], {
      cwd: mkdtempSync(join(tmpdir(), "haspec-bench-")), env: { ...process.env, HASPEC_CACHE_DIR: cacheDir, NO_COLOR: "1" },
    });
    let out = "";
    let result: FirstHistory | null = null;
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (result === null && /^ {2}history 1\//m.test(out)) {
        result = { wallMs: performance.now() - started, cpuMs: cpuMsOf(child.pid!) };
        child.kill("SIGTERM");
      }
    });
    child.on("exit", () => (result === null ? fail(new Error(`conform ${args.join(" ")} reported no history: ${out.slice(-500)}`)) : done(result)));
  });
}

export interface StartFigures {
  readonly label: string;
  readonly cold: FirstHistory;
  readonly warm: FirstHistory;
}

/** Cold (empty cache) and warm (the cache the cold run filled) figures for one configuration. */
export async function conformStart(label: string, args: readonly string[]): Promise<StartFigures> {
  const cacheDir = mkdtempSync(join(tmpdir(), "haspec-bench-cache-"));
  try {
    const cold = await timeToFirstHistory(args, cacheDir);
    const warm = await timeToFirstHistory(args, cacheDir);
    return { label, cold, warm };
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

export const CONFORM_SUBJECTS: readonly { label: string; args: readonly string[] }[] = [
  { label: "lease vds-fenced", args: ["--adapter", "model", "--protocol", "lease", "--preset", "vds-fenced", "--seed", "1"] },
  { label: "replication lossless-strict", args: ["--adapter", "model", "--protocol", "replication", "--preset", "lossless-strict", "--seed", "1"] },
];
