/**
 * `haspec show FILE`: the trace as a timeline in the terminal, or written out for other tools:
 * `--html` (a self-contained space-time diagram), `--itf` (Quint and Apalache's trace format),
 * `--history` (the clients' operations as a Jepsen history). With `--preset` or `--set` the same
 * events are run again under another configuration: the same history, another system.
 */
import { buildConfig, checkInvariantNames } from "../kits/config.ts";
import type { Ev, ProtocolKit } from "../kits/kit.ts";
import { loadTrace } from "../kits/load.ts";
import { UsageError } from "../usage.ts";
import { buildTrace } from "../trace/build.ts";
import { modelVersionNote, writeText } from "../trace/file.ts";
import { traceToItf } from "../trace/itf.ts";
import { historyOfTrace, jepsenJson } from "../trace/jepsen.ts";
import type { Trace } from "../trace/schema.ts";
import { buildTimeline } from "../trace/timeline/build.ts";
import { renderHtml } from "../trace/timeline/html/index.ts";
import { renderText } from "../trace/timeline/text.ts";
import { parse, parseSets } from "./args.ts";
import { stderrLine, type Io } from "./io.ts";
import { checkOutPath } from "./out-path.ts";

export function showCommand(args: readonly string[], io: Io, note: (line: string) => void = stderrLine): number {
  const { values, positionals } = parse(args, {
    color: { type: "boolean" }, "no-color": { type: "boolean" }, preset: { type: "string" }, set: { type: "string", multiple: true },
    html: { type: "string" }, itf: { type: "string" }, history: { type: "string" },
  }, 1);
  const file = positionals[0];
  if (file === undefined || positionals.length > 1) throw new UsageError("show needs exactly one trace FILE");
  return loadTrace(file).use((kit, trace) => show(kit, trace, file, values, io, note));
}

type ShowValues = { color?: boolean; "no-color"?: boolean; preset?: string; set?: string[]; html?: string; itf?: string; history?: string };

function show<C, S, E extends Ev, O>(kit: ProtocolKit<C, S, E, O>, trace: Trace<E, O>, file: string, values: ShowValues, io: Io, note: (line: string) => void): number {
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
  let shown: Trace<E, O> = { ...trace, config: flatConfig };
  if (values.preset !== undefined || values.set !== undefined) {
    // Another configuration: a preset replaces the recorded one; --set changes what remains.
    const sets = parseSets(values.set);
    const rerunConfig = buildConfig(kit.model, values.preset, values.preset === undefined ? { ...flatConfig, ...sets } : sets);
    const label = values.preset ?? `${trace.preset ?? "custom"} with ${(values.set ?? []).join(", ")}`;
    io.out(`${trace.events.length} events from ${file} (recorded under ${trace.preset ?? "a custom configuration"}), run under ${label}:`);
    shown = buildTrace({ kit, preset: values.preset ?? trace.preset, flatConfig: rerunConfig, invariants: trace.invariants ?? undefined, seed: trace.seed, events: trace.events });
  }
  const exports = exportsOf(values, kit, shown, file);
  for (const x of exports) checkOutPath(x.path, x.flag);
  if (exports.length === 0) {
    const color = values["no-color"] ? false : (values.color ?? io.color);
    io.out(renderText(buildTimeline(kit, shown), { color }));
    return 0;
  }
  for (const x of exports) {
    write(x.path, x.render());
    io.out(`wrote ${x.path}: ${x.what}`);
  }
  return 0;
}

interface Export {
  readonly path: string;
  readonly flag: string;
  readonly what: string;
  readonly render: () => string;
}

function exportsOf<C, S, E extends Ev, O>(values: { html?: string; itf?: string; history?: string }, kit: ProtocolKit<C, S, E, O>, trace: Trace<E, O>, file: string): Export[] {
  const out: Export[] = [];
  const real = trace.observed !== undefined;
  if (values.html !== undefined) out.push({ path: values.html, flag: "--html", what: "the timeline as one self-contained HTML page", render: () => renderHtml(buildTimeline(kit, trace)) });
  if (values.itf !== undefined) out.push({ path: values.itf, flag: "--itf", what: "the trace in the Informal Trace Format (one state per step)", render: () => `${JSON.stringify(traceToItf(kit.model, trace, file), null, 1)}\n` });
  if (values.history !== undefined) {
    const what = real ? `what ${trace.adapter}'s clients were told, as a Jepsen history` : "the clients' operations as a Jepsen history";
    out.push({ path: values.history, flag: "--history", what, render: () => jepsenJson(historyOfTrace(kit, trace, real ? "observed" : "model")) });
  }
  const paths = out.map((x) => x.path);
  const twice = paths.find((p, i) => paths.indexOf(p) !== i);
  if (twice !== undefined) throw new UsageError(`${twice} is named by two of --html, --itf and --history`);
  return out;
}

/** Writes one export; a path that cannot be written is bad usage, said in one line. */
function write(path: string, text: string): void {
  try {
    writeText(path, text);
  } catch (e) {
    throw new UsageError(`cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
