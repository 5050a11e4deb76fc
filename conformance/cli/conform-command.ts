/**
 * `haspec conform --adapter NAME`: the same histories on the model and on a real system. Exit 1
 * when the system breaks an invariant or diverges from the model; 2 when it cannot be started.
 */
import { AdapterError } from "../../adapters/contract.ts";
import { findAdapter } from "../../adapters/registry.ts";
import { installSignalCleanup } from "../../adapters/core/processes.ts";
import { conform, type HistoryResult } from "../conform/run.ts";
import { buildConfig, checkInvariantNames, findProtocol, UsageError } from "../protocols.ts";
import { buildTrace } from "../trace/build.ts";
import { writeTrace } from "../trace/file.ts";
import { renderTimeline } from "../trace/timeline/text.ts";
import { parse, parseCount, parseList, parseSets } from "./args.ts";
import type { Io } from "./io.ts";

export async function conformCommand(args: readonly string[], io: Io): Promise<number> {
  const { values } = parse(args, {
    adapter: { type: "string" }, protocol: { type: "string" }, preset: { type: "string" }, set: { type: "string", multiple: true },
    runs: { type: "string" }, seed: { type: "string" }, "max-steps": { type: "string" }, invariants: { type: "string" },
    out: { type: "string" }, json: { type: "boolean" }, shrink: { type: "string" },
  });
  if (values.adapter === undefined) throw new UsageError("conform needs --adapter (model, etcd, mariadb, postgres)");
  installSignalCleanup();
  const say = (line: string): void => { if (!values.json) io.out(line); };
  const adapter = findAdapter(values.adapter, {
    ...(values.protocol === undefined ? {} : { protocol: values.protocol }),
    onServer: (s) => say(`  ${values.adapter} started: pid ${s.pid} at ${s.address} (data in ${s.dir})`),
  });
  const entry = findProtocol(values.protocol ?? adapter.protocol);
  if (entry.conformable === false) {
    throw new UsageError(`protocol ${entry.protocol.name} has no conformance check yet (no adapter drives a real ${entry.protocol.name}); explore it with haspec explore --protocol ${entry.protocol.name}`);
  }
  const flatConfig = buildConfig(entry.protocol, values.preset, parseSets(values.set));
  const invariants = parseList(values.invariants);
  checkInvariantNames(entry.protocol, invariants);
  const seed = parseCount("seed", values.seed, io.freshSeed(), 0, 2 ** 31 - 1);
  const runs = parseCount("runs", values.runs, 10, 1, 100_000);
  const maxSteps = parseCount("max-steps", values["max-steps"], 40, 1, 10_000);
  const shrinkBudget = parseCount("shrink", values.shrink, 20, 0, 10_000);
  say(`haspec conform: adapter ${adapter.name}, protocol ${entry.protocol.name}, preset ${values.preset ?? "custom"}, seed ${seed}, ${runs} histories of ≤${maxSteps} steps`);
  const started = io.now();
  let result;
  try {
    result = await conform({
      entry, adapter, flatConfig, seed, runs, maxSteps, invariants, shrinkBudget,
      onHistory: (h, total) => say(line(h, total)),
      onShrink: (h, tries) => say(`  shrunk on ${adapter.name} in ${tries} re-runs to ${h.events.length} steps: ${h.observedViolation ? `breaks ${h.observedViolation.invariant}` : `diverges: ${h.divergence!.message}`}`),
    });
  } catch (e) {
    if (e instanceof AdapterError) throw new UsageError(`${adapter.name}: ${e.message}`);
    throw e;
  }
  const elapsedMs = io.now() - started;
  const f = result.failing;
  let traceFile: string | null = null;
  if (f !== null) {
    traceFile = values.out ?? `haspec-traces/conform-${adapter.name}-${values.preset ?? "custom"}-seed${seed}.json`;
    const trace = {
      ...buildTrace({ entry, preset: values.preset ?? null, flatConfig, invariants, seed, events: f.events }),
      adapter: adapter.name, observed: f.observed, observedViolation: f.observedViolation, divergence: f.divergence,
    };
    writeTrace(traceFile, trace);
    say(`trace: ${traceFile}`);
    if (!values.json) io.out(renderTimeline(entry.protocol, trace, { color: io.color }));
  }
  const perHistory = result.histories.length === 0 ? 0 : Math.round(elapsedMs / result.histories.length);
  const perMinute = elapsedMs === 0 ? 0 : (result.histories.length * 60_000) / elapsedMs;
  say(`${result.histories.length} histories in ${(elapsedMs / 1000).toFixed(1)} s (${perHistory} ms per history, ${perMinute.toFixed(1)} per minute): ${f === null ? "no violation, no divergence" : f.divergence !== null ? "DIVERGENCE" : "VIOLATION on the real system"}`);
  if (values.json) {
    io.out(JSON.stringify({
      violated: f?.observedViolation?.invariant ?? null, predicted: f?.expectedViolation?.invariant ?? null,
      modelSees: f?.expectedObserved?.invariant ?? null,
      divergence: f?.divergence ?? null, runs: result.histories.length, steps: result.histories.reduce((n, h) => n + h.events.length, 0),
      seed, traceFile, elapsedMs, msPerHistory: perHistory, historiesPerMinute: Number(perMinute.toFixed(1)), adapter: adapter.name,
    }));
  }
  return f === null ? 0 : 1;
}

function line(h: HistoryResult, total: number): string {
  const verdict = h.divergence !== null ? `DIVERGENCE at step ${h.divergence.step}: ${h.divergence.message}`
    : h.observedViolation !== null ? `system breaks ${h.observedViolation.invariant} at step ${h.observedViolation.step} (model: ${h.expectedViolation?.invariant ?? "none"}; its clients see ${h.expectedObserved?.invariant ?? "nothing"})`
    : "agrees with the model";
  return `  history ${h.index + 1}/${total} (${h.origin}, ${h.events.length} steps, ${h.elapsedMs} ms): ${verdict}`;
}
