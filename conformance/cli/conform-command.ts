/**
 * `haspec conform --adapter NAME`: the same histories on the model and on a real system. Exit 1
 * when the system breaks an invariant or diverges from the model; 2 when it cannot be started or
 * its adapter fails twice on a history; 3 when it passed but a targeted witness was never reached
 * on it (a vacuous pass: inconclusive), unless --allow-vacuous.
 */
import { AdapterError, type Adapter } from "../../adapters/contract.ts";
import { writeSync } from "node:fs";
import { installSignalCleanup } from "../../adapters/core/processes.ts";
import { AdapterFailure, conform, predictedOnly, type ConformResult, type HistoryResult } from "../conform/run.ts";
import { defaultCacheDir, diskCache } from "../conform/target-cache.ts";
import { buildConfig, checkInvariantNames } from "../kits/config.ts";
import type { Ev, ProtocolKit } from "../kits/kit.ts";
import { UsageError } from "../usage.ts";
import { adapterHelp } from "./adapter-list.ts";
import { adapterNames, findAdapter } from "./adapters.ts";
import { parse, parseCount, parseList, parseSets } from "./args.ts";
import type { Io } from "./io.ts";
import { checkOutPath, writeOrKeep } from "./out-path.ts";
import { progressReporter, type ProgressReporter } from "./progress.ts";

export const CONFORM_HELP = `haspec conform --adapter NAME [--protocol P] [--preset X] [--set k=v ...] [--runs N] [--seed S] [--shrink TRIES]
                [--max-steps K] [--invariants A,B] [--out FILE] [--json] [--allow-vacuous]
  The same histories on the model and on a real system: exit 1 when the system breaks an
  invariant or diverges from the model; 2 when it cannot be started or its adapter fails twice on
  a history; 3 when it passed but a targeted witness was never reached on it (a vacuous pass),
  unless --allow-vacuous.
  Adapters (each starts its own servers on 127.0.0.1, in temporary directories):
${adapterHelp("    ")}`;

export async function conformCommand(args: readonly string[], io: Io): Promise<number> {
  const { values } = parse(args, {
    adapter: { type: "string" }, protocol: { type: "string" }, preset: { type: "string" }, set: { type: "string", multiple: true },
    runs: { type: "string" }, seed: { type: "string" }, "max-steps": { type: "string" }, invariants: { type: "string" },
    out: { type: "string" }, json: { type: "boolean" }, shrink: { type: "string" }, help: { type: "boolean", short: "h" }, "allow-vacuous": { type: "boolean" },
  });
  if (values.help === true) {
    io.out(CONFORM_HELP);
    return 0;
  }
  if (values.adapter === undefined) throw new UsageError(`conform needs --adapter (${adapterNames.join(", ")})`);
  const tally = { histories: 0 };
  installSignalCleanup((signal) => {
    // Written synchronously: the process exits right after.
    writeSync(1, values.json
      ? `${JSON.stringify({ interrupted: true, interruptedBy: signal, runs: tally.histories, violated: null })}\n`
      : `interrupted (${signal}) after ${tally.histories} histories, before a verdict; the servers it started are stopped\n`);
  });
  // A terminal shows where the run is; a pipe and --json get only the lines, each of which clears it first.
  const progress = io.tty === true && !values.json ? progressReporter(io) : null;
  const say = (line: string): void => {
    if (values.json) return;
    progress?.clear();
    io.out(line);
  };
  const bound = await findAdapter(values.adapter, {
    ...(values.protocol === undefined ? {} : { protocol: values.protocol }),
    onServer: (s) => say(`  ${values.adapter} started: pid ${s.pid} at ${s.address} (data in ${s.dir})`),
  });
  if (values.protocol !== undefined && values.protocol !== bound.protocol) {
    throw new UsageError(`adapter ${bound.name} drives ${bound.protocol}, not ${values.protocol}`);
  }
  try {
    return await bound.use((kit, adapter) => conformWith(kit, adapter, values, say, io, progress, tally));
  } finally {
    progress?.clear();
  }
}

type ConformValues = {
  preset?: string; set?: string[]; runs?: string; seed?: string; "max-steps"?: string; invariants?: string;
  out?: string; json?: boolean; shrink?: string; "allow-vacuous"?: boolean;
};

async function conformWith<C, S, E extends Ev, O>(
  kit: ProtocolKit<C, S, E, O>, adapter: Adapter<E, O>, values: ConformValues, say: (line: string) => void, io: Io, progress: ProgressReporter | null,
  tally: { histories: number },
): Promise<number> {
  const hooks = kit.conform;
  if (hooks === null) {
    throw new UsageError(`protocol ${kit.name} has no conformance check yet (no adapter drives a real ${kit.name}); explore it with haspec explore --protocol ${kit.name}`);
  }
  const flatConfig = buildConfig(kit.model, values.preset, parseSets(values.set));
  const invariants = parseList(values.invariants);
  checkInvariantNames(kit.model, invariants);
  const seed = parseCount("seed", values.seed, io.freshSeed(), 0, 2 ** 31 - 1);
  const runs = parseCount("runs", values.runs, 10, 1, 100_000);
  const maxSteps = parseCount("max-steps", values["max-steps"], 40, 1, 10_000);
  const shrinkBudget = parseCount("shrink", values.shrink, 20, 0, 10_000);
  const outPath = values.out ?? `haspec-traces/conform-${adapter.name}-${values.preset ?? "custom"}-seed${seed}.json`;
  // Before the histories run: a path that cannot be written would lose the failing trace.
  checkOutPath(outPath, values.out === undefined ? "the trace file" : "--out");
  say(`haspec conform: adapter ${adapter.name}, protocol ${kit.name}, preset ${values.preset ?? "custom"}, seed ${seed}, ${runs} histories of ≤${maxSteps} steps`);
  const started = io.now();
  let result;
  try {
    result = await conform({
      kit, hooks, adapter, flatConfig, seed, runs, maxSteps, invariants, shrinkBudget, cache: diskCache(defaultCacheDir()),
      ...(progress === null ? {} : { onStep: progress.step }),
      onHistory: (h, total) => {
        tally.histories++;
        progress?.historyDone();
        say(line(h, total));
      },
      onShrink: (h, tries) => say(`  shrunk on ${adapter.name} in ${tries} re-runs to ${h.events.length} steps: ${h.observedViolation ? `breaks ${h.observedViolation.invariant}` : h.divergence !== null ? `diverges: ${h.divergence.message}` : `agrees with a model run that breaks ${h.expectedViolation?.invariant}`}`),
    });
  } catch (e) {
    // Not a verdict: the system could not be run. One line, exit 2; the stack only when asked for.
    if (process.env["HASPEC_DEBUG"] === "1" && e instanceof Error) process.stderr.write(`${(e instanceof AdapterFailure && e.error instanceof Error ? e.error : e).stack}\n`);
    if (e instanceof AdapterFailure) throw new UsageError(e.message);
    if (e instanceof AdapterError) throw new UsageError(`${adapter.name}: ${e.message}`);
    throw e;
  }
  const elapsedMs = io.now() - started;
  const f = result.failing;
  let traceFile: string | null = null;
  if (f !== null) {
    // Loaded only for a failure: the trace schemas take over a second to load, before any history could start.
    const [{ buildTrace }, { renderTrace }, { renderTimeline }] = await Promise.all([import("../trace/build.ts"), import("../trace/file.ts"), import("../trace/timeline/text.ts")]);
    const trace = {
      ...buildTrace({ kit, preset: values.preset ?? null, flatConfig, invariants, seed, events: f.events }),
      // Every step's model outputs, also past the violation (runHistory stops there), beside every observed step.
      outputs: f.expected, adapter: adapter.name, observed: f.observed, observedViolation: f.observedViolation, divergence: f.divergence,
    };
    traceFile = writeOrKeep(outPath, renderTrace(trace));
    say(traceFile === null ? "trace: could not be written; its JSON is on stderr" : `trace: ${traceFile}`);
    if (!values.json) io.out(renderTimeline(kit, trace, { color: io.color }));
  }
  const perHistory = result.histories.length === 0 ? 0 : Math.round(elapsedMs / result.histories.length);
  const perMinute = elapsedMs === 0 ? 0 : (result.histories.length * 60_000) / elapsedMs;
  for (const l of coverageLines(result, adapter.name)) say(l);
  say(`${result.histories.length} histories in ${(elapsedMs / 1000).toFixed(1)} s (${perHistory} ms per history, ${perMinute.toFixed(1)} per minute): ${f === null ? "no violation, no divergence" : f.divergence !== null ? "DIVERGENCE" : f.observedViolation !== null ? "VIOLATION on the real system" : `VIOLATION of ${f.expectedViolation!.invariant} predicted by the model: no output can show it, and the system agreed with the model on every outcome that can`}`);
  if (values.json) {
    io.out(JSON.stringify({
      violated: f?.observedViolation?.invariant ?? (f !== null && predictedOnly(f) ? f.expectedViolation!.invariant : null),
      predicted: f?.expectedViolation?.invariant ?? null, predictedOnly: f !== null && predictedOnly(f),
      modelSees: f?.expectedObserved?.invariant ?? null,
      divergence: f?.divergence ?? null, runs: result.histories.length, steps: result.histories.reduce((n, h) => n + h.events.length, 0),
      seed, traceFile, elapsedMs, msPerHistory: perHistory, historiesPerMinute: Number(perMinute.toFixed(1)), adapter: adapter.name,
      coverage: result.coverage,
    }));
  }
  if (f !== null) return 1;
  const vacuous = result.coverage.vacuous;
  if (vacuous.length === 0) return 0;
  const statement = (name: string) => kit.model.witnesses.find((w) => w.name === name)?.statement ?? "";
  const tries = (name: string) => result.coverage.targeted.find((t) => t.witness === name)?.tries ?? 0;
  // On stdout with the rest of the report, or on stderr under --json, so the JSON stays parseable.
  const warn = values.json ? (l: string) => process.stderr.write(`${l}\n`) : (l: string) => io.out(l);
  for (const name of vacuous) warn(`VACUOUS: ${name} was never reached on ${adapter.name} in ${tries(name)} tries of its targeted history (${statement(name)}): the pass says nothing about it`);
  if (values["allow-vacuous"]) return 0;
  warn(`inconclusive (exit 3): run more histories or another seed, or accept it with --allow-vacuous`);
  return 3;
}

/** What the real run covered: each targeted history, the witnesses reached, the outcomes compared and excused. */
function coverageLines<E, O>(result: ConformResult<E, O>, adapter: string): string[] {
  const c = result.coverage;
  const targeted = c.targeted.map((t) => `  targeted: ${t.origin}: ${t.reached === null ? "not judged from outputs" : t.reached ? "reached" : "NOT reached"} on ${adapter}${t.tries > 1 ? ` (${t.tries} tries)` : ""}`);
  const why = Object.entries(c.excusedWhy).map(([k, n]) => `${n} ${k}`).join(", ");
  return [
    ...targeted,
    `coverage: ${c.targeted.length} targeted histories; witnesses reached on ${adapter}: ${c.witnessesReached.length === 0 ? "none" : c.witnessesReached.join(", ")}; ${c.compared} outcomes compared, ${c.excused} excused${why === "" ? "" : ` (${why})`}`,
  ];
}

function line<E, O>(h: HistoryResult<E, O>, total: number): string {
  const verdict = h.divergence !== null ? `DIVERGENCE at step ${h.divergence.step}: ${h.divergence.message}`
    : h.observedViolation !== null ? `system breaks ${h.observedViolation.invariant} at step ${h.observedViolation.step} (model: ${h.expectedViolation?.invariant ?? "none"}; its clients see ${h.expectedObserved?.invariant ?? "nothing"})`
    : predictedOnly(h) ? `agrees with the model on every outcome (${h.compared} compared, ${h.excused.length} excused), on a history where the model breaks ${h.expectedViolation!.invariant} at step ${h.expectedViolation!.step}, which no output shows`
    : `agrees with the model (${h.compared} outcomes compared, ${h.excused.length} excused)`;
  return `  history ${h.index + 1}/${total} (${h.origin}, ${h.events.length} steps, ${h.elapsedMs} ms): ${verdict}`;
}
