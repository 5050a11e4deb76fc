/** `haspec replay FILE`: re-run a trace's events through the model and compare the verdict. */
import { runHistory } from "../check/run.ts";
import { buildConfig, checkInvariantNames } from "../kits/config.ts";
import type { Ev, ProtocolKit } from "../kits/kit.ts";
import { loadTrace } from "../kits/load.ts";
import { modelVersionNote } from "../trace/file.ts";
import type { Trace } from "../trace/schema.ts";
import { UsageError } from "../usage.ts";
import { parse } from "./args.ts";
import { stderrLine, type Io } from "./io.ts";

export function replayCommand(args: readonly string[], io: Io, note: (line: string) => void = stderrLine): number {
  const { values, positionals } = parse(args, { json: { type: "boolean" }, adapter: { type: "string" } }, 1);
  const file = positionals[0];
  if (file === undefined || positionals.length > 1) throw new UsageError("replay needs exactly one trace FILE");
  if (values.adapter !== undefined && values.adapter !== "model") throw new UsageError(`unknown adapter ${values.adapter} (known: model)`);
  return loadTrace(file).use((kit, trace) => replay(kit, trace, file, values.json === true, io, note));
}

function replay<C, S, E extends Ev, O>(kit: ProtocolKit<C, S, E, O>, trace: Trace<E, O>, file: string, json: boolean, io: Io, note: (line: string) => void): number {
  let flatConfig;
  try {
    flatConfig = buildConfig(kit.model, undefined, trace.config);
    checkInvariantNames(kit.model, trace.invariants ?? undefined);
  } catch (e) {
    throw new UsageError(`${file}: config: ${(e as Error).message}`);
  }
  // Said once the trace is known to be usable, just before the model runs it again.
  const versionNote = modelVersionNote(trace);
  if (versionNote !== null) note(versionNote);
  const config = kit.model.configFromFlat(flatConfig);
  const v = runHistory(kit.model, config, trace.events, { invariants: trace.invariants ?? undefined }).violation;
  const r = trace.violation;
  const matches = v?.invariant === r?.invariant && v?.step === r?.step;
  if (json) {
    io.out(JSON.stringify({ violated: v?.invariant ?? null, step: v?.step ?? null, message: v?.message ?? null, matchesRecorded: matches, recorded: r, steps: trace.events.length, seed: trace.seed, traceFile: file }));
  } else {
    io.out(v === null ? `no violation in ${trace.events.length} steps` : `VIOLATION of ${v.invariant} at step ${v.step}: ${v.message}`);
    io.out(matches ? "matches the recorded verdict" : `DIFFERS from the recorded verdict: ${r === null ? "none" : `${r.invariant} at step ${r.step}`}`);
  }
  return v === null && matches ? 0 : 1;
}
