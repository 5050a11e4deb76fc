/** `haspec replay FILE`: re-run a trace's events through the model and compare the verdict. */
import { runHistory } from "../check/run.ts";
import { buildConfig, checkInvariantNames, findProtocol, UsageError } from "../protocols.ts";
import { modelVersionNote, readTrace } from "../trace/file.ts";
import { parse } from "./args.ts";
import { stderrLine, type Io } from "./io.ts";

export function replayCommand(args: readonly string[], io: Io, note: (line: string) => void = stderrLine): number {
  const { values, positionals } = parse(args, { json: { type: "boolean" }, adapter: { type: "string" } });
  const file = positionals[0];
  if (file === undefined || positionals.length > 1) throw new UsageError("replay needs exactly one trace FILE");
  if (values.adapter !== undefined && values.adapter !== "model") throw new UsageError(`unknown adapter ${values.adapter} (known: model)`);
  const trace = readTrace(file);
  const entry = findProtocol(trace.protocol);
  let flatConfig;
  try {
    flatConfig = buildConfig(entry.protocol, undefined, trace.config);
    checkInvariantNames(entry.protocol, trace.invariants ?? undefined);
  } catch (e) {
    throw new UsageError(`${file}: config: ${(e as Error).message}`);
  }
  // Said once the trace is known to be usable, just before the model runs it again.
  const versionNote = modelVersionNote(trace);
  if (versionNote !== null) note(versionNote);
  const config = entry.protocol.configFromFlat(flatConfig);
  const v = runHistory(entry.protocol, config, trace.events, { invariants: trace.invariants ?? undefined }).violation;
  const r = trace.violation;
  const matches = v?.invariant === r?.invariant && v?.step === r?.step;
  if (values.json) {
    io.out(JSON.stringify({ violated: v?.invariant ?? null, step: v?.step ?? null, message: v?.message ?? null, matchesRecorded: matches, recorded: r, steps: trace.events.length, seed: trace.seed, traceFile: file }));
  } else {
    io.out(v === null ? `no violation in ${trace.events.length} steps` : `VIOLATION of ${v.invariant} at step ${v.step}: ${v.message}`);
    io.out(matches ? "matches the recorded verdict" : `DIFFERS from the recorded verdict: ${r === null ? "none" : `${r.invariant} at step ${r.step}`}`);
  }
  return v === null && matches ? 0 : 1;
}
