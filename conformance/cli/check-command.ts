/** `haspec check`: exhaustive bounded search of one protocol under one configuration. */
import { checkExhaustive, type CheckResult } from "../explore/check.ts";
import { checkCoverage, describeCheckCoverage, type CheckCoverage } from "../explore/coverage.ts";
import { resolveBudgets } from "../explore/spaces.ts";
import { buildConfig, checkInvariantNames } from "../kits/config.ts";
import { findKit, protocolNames } from "../kits/index.ts";
import type { Ev, ProtocolKit } from "../kits/kit.ts";
import { UsageError } from "../usage.ts";
import { buildTrace } from "../trace/build.ts";
import { renderTrace } from "../trace/file.ts";
import { renderTimeline } from "../trace/timeline/text.ts";
import type { FlatConfig } from "../../model/core/knobs.ts";
import { parse, parseCount, parseList, parseSets } from "./args.ts";
import type { Io } from "./io.ts";
import { checkOutPath, writeOrKeep } from "./out-path.ts";

export const CHECK_DEFAULTS = { depth: 12, maxStates: 1_000_000 } as const;

export function checkCommand(args: readonly string[], io: Io): number {
  const { values } = parse(args, {
    protocol: { type: "string" }, preset: { type: "string" }, set: { type: "string", multiple: true },
    depth: { type: "string" }, "max-states": { type: "string" }, budget: { type: "string", multiple: true },
    "no-symmetry": { type: "boolean" }, invariants: { type: "string" }, out: { type: "string" }, json: { type: "boolean" },
  });
  if (values.protocol === undefined) throw new UsageError(`check needs --protocol (${protocolNames.join(", ")})`);
  return findKit(values.protocol).use((kit) => checkWith(kit, values, io));
}

type CheckValues = {
  preset?: string; set?: string[]; depth?: string; "max-states"?: string; budget?: string[];
  "no-symmetry"?: boolean; invariants?: string; out?: string; json?: boolean;
};

function checkWith<C, S, E extends Ev, O>(kit: ProtocolKit<C, S, E, O>, values: CheckValues, io: Io): number {
  const space = kit.space;
  const flatConfig = buildConfig(kit.model, values.preset, parseSets(values.set));
  const invariants = parseList(values.invariants);
  checkInvariantNames(kit.model, invariants);
  const depth = parseCount("depth", values.depth, CHECK_DEFAULTS.depth, 1, 10_000);
  const maxStates = parseCount("max-states", values["max-states"], CHECK_DEFAULTS.maxStates, 1, 1_000_000_000);
  const budgets = resolveBudgets(space, parseBudgets(values.budget));
  const symmetry = values["no-symmetry"] !== true;
  const label = values.preset ?? "custom";
  const out = values.out ?? `haspec-traces/${kit.name}-${label}-check.json`;
  // Before the search: a path that cannot be written would lose the counterexample.
  checkOutPath(out, values.out === undefined ? "the trace file" : "--out");
  const run = (): CheckResult<E> => checkExhaustive({
    kit, flatConfig, depth, maxStates, invariants, budgets, symmetry, now: io.now,
    onLevel: (d, n) => io.progress(`depth ${d}: ${n.toLocaleString("en-US")} states`),
  });
  const ctx: Context<C, S, E, O> = { kit, preset: values.preset ?? null, out, flatConfig, invariants };
  if (values.json) return report(ctx, run(), io, true);
  const config = kit.model.configFromFlat(flatConfig);
  io.out(`haspec check: protocol ${kit.name}, preset ${label}, histories of ≤${depth} events, state budget ${maxStates.toLocaleString("en-US")}`);
  for (const line of space.describe(config)) io.out(`  ${symmetry || !line.startsWith("symmetry") ? line : "symmetry: off (--no-symmetry)"}`);
  io.out(`  budgets per history: ${Object.entries(budgets).map(([k, v]) => `${k} ≤${v}`).join(", ")}`);
  for (const b of space.budgets) io.out(`    ${b.name}: ${b.counts}`);
  return report(ctx, run(), io, false);
}

interface Context<C, S, E extends Ev, O> {
  readonly kit: ProtocolKit<C, S, E, O>;
  readonly preset: string | null;
  /** Where a counterexample goes, checked before the search. */
  readonly out: string;
  readonly flatConfig: FlatConfig;
  readonly invariants: readonly string[] | undefined;
}

function report<C, S, E extends Ev, O>(ctx: Context<C, S, E, O>, r: CheckResult<E>, io: Io, json: boolean): number {
  const { kit, invariants } = ctx;
  io.progress(null);
  const cov = checkCoverage(kit.model, invariants, r.witnesses, r.violation?.invariant ?? null);
  const statesPerSec = Math.round(r.states / Math.max(r.elapsedMs, 1) * 1000);
  const heapUsedBytes = process.memoryUsage().heapUsed;
  const trace = r.violation === null ? null : buildTrace({ kit, preset: ctx.preset, flatConfig: ctx.flatConfig, invariants, seed: null, events: r.events });
  const traceFile = trace === null ? null : writeOrKeep(ctx.out, renderTrace(trace));
  if (json) {
    io.out(JSON.stringify({
      violated: r.violation?.invariant ?? null, step: r.violation?.step ?? null, message: r.violation?.message ?? null, traceFile,
      protocol: kit.name, preset: ctx.preset,
      states: r.states, steps: r.transitions, depth: r.depthReached, complete: r.complete, exhausted: r.exhausted,
      elapsedMs: r.elapsedMs, statesPerSec, heapUsedBytes, budgets: r.budgets, coverage: cov.coverage, vacuous: cov.vacuous,
    }));
    return r.violation === null ? 0 : 1;
  }
  if (trace !== null) {
    describeViolation(r, traceFile, io);
    io.out(renderTimeline(kit, trace, { color: io.color }));
  } else {
    describePass(r, cov, io);
  }
  io.out(`states: ${r.states.toLocaleString("en-US")} distinct (${r.transitions.toLocaleString("en-US")} transitions) in ${(r.elapsedMs / 1000).toFixed(1)} s, ${statesPerSec.toLocaleString("en-US")} states/s; heap ${(heapUsedBytes / 2 ** 20).toFixed(0)} MB`);
  io.out(`coverage${r.violation === null ? "" : " until the violation ended the search"} (each witness × the transitions that reached it):`);
  for (const line of describeCheckCoverage(cov, r.violation?.invariant ?? null)) io.out(line);
  if (cov.vacuous.length > 0) io.out(`VACUOUS: ${cov.vacuous.join(", ")} held only vacuously: no history searched reached what they forbid`);
  return r.violation === null ? 0 : 1;
}

function describeViolation<E>(r: CheckResult<E>, traceFile: string | null, io: Io): void {
  const v = r.violation!;
  io.out(`VIOLATION of ${v.invariant} at step ${v.step}: ${v.message}`);
  io.out(`shortest: ${r.events.length} events; no history of ≤${r.depthReached} events within these bounds breaks a checked invariant`);
  io.out(traceFile === null ? "trace: could not be written; its JSON is on stderr" : `trace: ${traceFile}; replay with: haspec replay ${traceFile}`);
}

function describePass<E>(r: CheckResult<E>, cov: CheckCoverage, io: Io): void {
  const passed = Object.keys(cov.coverage).length - cov.vacuous.length;
  const scope = r.exhausted
    ? `every reachable state within the budgets seen by depth ${r.depthReached}`
    : r.complete ? `complete to depth ${r.depthReached}` : `state budget reached: complete to depth ${r.depthReached} only`;
  io.out(`no violation (${scope}); ${passed} invariant${passed === 1 ? "" : "s"} held with witnesses reached${cov.vacuous.length > 0 ? `, ${cov.vacuous.length} VACUOUS` : ""}`);
}

function parseBudgets(raw: readonly string[] | undefined): Record<string, number> {
  // A Map, so that a class named __proto__ is an own name (and an unknown budget), not a prototype.
  const out = new Map<string, number>();
  for (const b of raw ?? []) {
    const m = /^\s*([\w-]+)\s*=\s*(\d+)\s*$/.exec(b);
    if (m === null) throw new UsageError(`--budget expects class=N, got ${JSON.stringify(b.slice(0, 200))}`);
    out.set(m[1]!, parseCount("budget", m[2], 0, 0, 100));
  }
  return Object.fromEntries(out);
}
