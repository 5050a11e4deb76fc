/**
 * Benchmark: `haspec replay` of ever longer lease histories, up to the trace schema's limit on
 * events. The time per event should stay flat: replay is one fold over the events, so anything
 * that grows with the history's length (a log scanned at each step, a copy of growing state)
 * shows as a rising column. Wall and CPU time are both printed; nothing is asserted about either.
 *
 *   npx tsx bench/replay-length.ts [--quick]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import fc from "fast-check";
import { replayCommand } from "../conformance/cli/replay-command.ts";
import { buildConfig } from "../conformance/kits/config.ts";
import { kits } from "../conformance/kits/index.ts";
import { buildTrace } from "../conformance/trace/build.ts";
import { writeTrace } from "../conformance/trace/file.ts";
import { MAX_EVENTS } from "../conformance/trace/schema.ts";
import type { LeaseEvent } from "../model/lease/types.ts";
import { heading, table } from "./table.ts";

const PRESET = "vds-fenced";

/** A history of `length` events of the safe preset: generated histories one after another. */
export function longLeaseHistory(length: number, seed = 1): LeaseEvent[] {
  const kit = kits.lease;
  const config = kit.model.configFromFlat(buildConfig(kit.model, PRESET, {}));
  const pieces = fc.sample(kit.histories(config, { maxSteps: 100 }), { seed, numRuns: Math.ceil(length / 20) + 10 });
  const events: LeaseEvent[] = [];
  for (let i = 0; events.length < length; i = (i + 1) % pieces.length) events.push(...pieces[i]!);
  return events.slice(0, length);
}

export interface ReplayFigure {
  readonly events: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly status: number;
}

/** Writes the history as a trace file and times `haspec replay` of it, in this process. */
export function timeReplay(events: readonly LeaseEvent[], dir: string): ReplayFigure {
  const kit = kits.lease;
  const file = join(dir, `lease-${events.length}.json`);
  writeTrace(file, buildTrace({ kit, preset: PRESET, flatConfig: buildConfig(kit.model, PRESET, {}), invariants: undefined, seed: null, events }));
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const status = replayCommand([file], { out: () => {}, progress: () => {}, now: Date.now, freshSeed: () => 0, color: false }, () => {});
  const wallMs = performance.now() - wall;
  const used = process.cpuUsage(cpu);
  return { events: events.length, wallMs, cpuMs: (used.user + used.system) / 1000, status };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes("--quick");
  const lengths = (quick ? [1000, 3000, 10_000] : [1000, 3000, 10_000, 30_000, MAX_EVENTS]).filter((n) => n <= MAX_EVENTS);
  const dir = mkdtempSync(join(tmpdir(), "haspec-bench-"));
  heading(`Replay time by history length (lease, preset ${PRESET}; haspec replay in-process: read, decode, fold, invariants)`);
  const longest = longLeaseHistory(Math.max(...lengths));
  const rows = lengths.map((n) => {
    const f = timeReplay(longest.slice(0, n), dir);
    return [f.events, Math.round(f.wallMs), Math.round(f.cpuMs), Number(((f.wallMs * 1000) / f.events).toFixed(1)), Number(((f.cpuMs * 1000) / f.events).toFixed(1)), f.status];
  });
  console.log(table(["events", "wall ms", "CPU ms", "wall µs/event", "CPU µs/event", "exit"], rows));
  rmSync(dir, { recursive: true, force: true });
}
