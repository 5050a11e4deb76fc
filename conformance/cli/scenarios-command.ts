/**
 * `haspec scenarios`: runs the catalogue. Each unsafe scenario must be found from the seed (and
 * its golden trace must still break the same invariant at the same step); each safe one must
 * pass its runs. `--update` rewrites the golden traces from what the explorer finds now.
 */
import { join } from "node:path";
import { catalogue } from "../../catalogue/catalogue.ts";
import { runHistory } from "../check/run.ts";
import { runScenarioWith } from "../check/scenario.ts";
import { matrixTable, presetMatrix, strategiesTable } from "../check/matrix.ts";
import { buildConfig } from "../kits/config.ts";
import { findKit, kits, protocolNames } from "../kits/index.ts";
import type { Ev, ProtocolKit } from "../kits/kit.ts";
import { loadTrace } from "../kits/load.ts";
import { buildTrace } from "../trace/build.ts";
import { renderTrace } from "../trace/file.ts";
import type { Trace } from "../trace/schema.ts";
import { parse, parseCount, quote } from "./args.ts";
import { UsageError } from "../usage.ts";
import type { Io } from "./io.ts";
import { checkOutPath, writeOrKeep } from "./out-path.ts";

export { GOLDEN_DIR } from "../../catalogue/golden.ts";
import { GOLDEN_DIR } from "../../catalogue/golden.ts";

export function scenariosCommand(args: readonly string[], io: Io): number {
  const { values } = parse(args, {
    json: { type: "boolean" }, seed: { type: "string" }, update: { type: "boolean" }, only: { type: "string" },
    matrix: { type: "boolean" }, protocol: { type: "string" }, runs: { type: "string" }, strategies: { type: "boolean" },
  });
  const seed = parseCount("seed", values.seed, 1, 0, 2 ** 31 - 1);
  const runs = parseCount("runs", values.runs, 5000, 1, 10_000_000);
  if (values.matrix) return matrixCommand(values.protocol, runs, seed, values.json === true, io);
  if (values.strategies) return strategiesCommand(runs, seed, values.json === true, io);
  const chosen = chooseScenarios(values.only);
  if (values.update) for (const s of chosen) if (s.golden !== null) checkOutPath(join(GOLDEN_DIR, s.golden), "--update");
  const results = chosen.map((s) => findKit(s.protocol).use((kit) => {
    const run = runScenarioWith(kit, s, seed);
    const flatConfig = buildConfig(kit.model, s.preset, s.set);
    const path = s.golden === null ? null : join(GOLDEN_DIR, s.golden);
    if (values.update && path !== null && run.violation !== null) {
      writeOrKeep(path, renderTrace(buildTrace({ kit, preset: s.preset, flatConfig, invariants: s.invariants, seed, events: run.events })));
    }
    const golden = path === null ? null : goldenVerdict(path);
    const ok = run.asCatalogued && (golden === null || golden.ok);
    if (!values.json) {
      const vacuous = run.coverage.vacuous.length === 0 ? "" : ` (vacuous: ${run.coverage.vacuous.join(", ")})`;
      const found = run.violation === null ? `nothing${vacuous}` : `${run.violation.invariant} at step ${run.violation.step} (${run.events.length} events)`;
      const runs = run.violationRun === null ? run.runs : run.violationRun + 1;
      io.out(`${ok ? "ok  " : "FAIL"} ${s.id.padEnd(10)} expect ${String(s.expect ?? "none").padEnd(18)} found ${found} in ${runs} runs, ${run.elapsedMs} ms${golden === null ? "" : `; golden ${golden.ok ? "ok" : `BROKEN: ${golden.why}`}`}`);
    }
    return {
      id: s.id, expect: s.expect, violated: run.violation?.invariant ?? null, runs: run.runs, violationRun: run.violationRun,
      vacuous: run.coverage.vacuous, elapsedMs: run.elapsedMs, golden: golden?.ok ?? null, ok,
    };
  }));
  const failed = results.filter((r) => !r.ok).length;
  if (values.json) io.out(JSON.stringify({ violated: null, seed, scenarios: results, failed }));
  else io.out(`${results.length - failed} of ${results.length} scenarios behave as catalogued (seed ${seed})`);
  return failed === 0 ? 0 : 1;
}

/** `--only ID,ID`: those scenarios, in the catalogue's order; an id it does not hold is bad usage. */
function chooseScenarios(only: string | undefined): typeof catalogue {
  if (only === undefined) return catalogue;
  const ids = only.split(",").map((id) => id.trim()).filter((id) => id !== "");
  if (ids.length === 0) throw new UsageError("--only needs at least one scenario id");
  const known = new Set(catalogue.map((s) => s.id));
  const unknown = ids.find((id) => !known.has(id));
  if (unknown !== undefined) throw new UsageError(`unknown scenario ${quote(unknown)} for --only (known: ${[...known].join(", ")})`);
  return catalogue.filter((s) => ids.includes(s.id));
}

/** `haspec scenarios --matrix`: which invariants each preset keeps or breaks (`--protocol a,b` for some). */
function matrixCommand(protocol: string | undefined, runs: number, seed: number, json: boolean, io: Io): number {
  const chosen = (protocol === undefined ? protocolNames : protocol.split(",").map((p) => p.trim())).map(findKit);
  for (const some of chosen) {
    some.use((kit) => {
      const cells = presetMatrix(kit, runs, seed);
      io.out(json ? JSON.stringify({ protocol: kit.name, runs, seed, cells }) : `### ${kit.name}\n\n${matrixTable(kit.model, cells, runs)}\n`);
    });
  }
  return 0;
}

/** `haspec scenarios --strategies`: the proxy's strategies side by side, what each preserves and risks. */
function strategiesCommand(runs: number, seed: number, json: boolean, io: Io): number {
  const cells = presetMatrix(kits.proxy, runs, seed);
  io.out(json ? JSON.stringify({ protocol: kits.proxy.name, runs, seed, cells }) : strategiesTable(cells, runs));
  return 0;
}

/** A golden trace still breaks the invariant it records, at the step it records. */
function goldenVerdict(path: string): { ok: boolean; why: string } {
  try {
    return loadTrace(path).use(replaysAsRecorded);
  } catch (e) {
    return { ok: false, why: (e as Error).message };
  }
}

function replaysAsRecorded<C, S, E extends Ev, O>(kit: ProtocolKit<C, S, E, O>, trace: Trace<E, O>): { ok: boolean; why: string } {
  const config = kit.model.configFromFlat(buildConfig(kit.model, undefined, trace.config));
  const v = runHistory(kit.model, config, trace.events, { invariants: trace.invariants ?? undefined }).violation;
  const ok = v !== null && v.invariant === trace.violation?.invariant && v.step === trace.violation.step;
  return { ok, why: ok ? "" : `replay gives ${v === null ? "no violation" : `${v.invariant} at step ${v.step}`}` };
}
