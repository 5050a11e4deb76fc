/**
 * `haspec show FILE`: the trace as a timeline in the terminal. With `--preset` or `--set` the same
 * events are run again under another configuration: the same history, another system.
 */
import { buildConfig, findProtocol, UsageError } from "../protocols.ts";
import { buildTrace } from "../trace/build.ts";
import { readTrace } from "../trace/file.ts";
import { renderTimeline } from "../trace/timeline/text.ts";
import { parse, parseSets } from "./args.ts";
import type { Io } from "./io.ts";

export function showCommand(args: readonly string[], io: Io): number {
  const { values, positionals } = parse(args, {
    color: { type: "boolean" }, "no-color": { type: "boolean" }, preset: { type: "string" }, set: { type: "string", multiple: true },
  });
  const file = positionals[0];
  if (file === undefined || positionals.length > 1) throw new UsageError("show needs exactly one trace FILE");
  const trace = readTrace(file);
  const entry = findProtocol(trace.protocol);
  let flatConfig;
  try {
    flatConfig = buildConfig(entry.protocol, undefined, trace.config);
  } catch (e) {
    throw new UsageError(`${file}: config: ${(e as Error).message}`);
  }
  const color = values["no-color"] ? false : (values.color ?? io.color);
  const sets = parseSets(values.set);
  if (values.preset === undefined && values.set === undefined) {
    io.out(renderTimeline(entry.protocol, { ...trace, config: flatConfig }, { color }));
    return 0;
  }
  // Another configuration: a preset replaces the recorded one; --set changes what remains.
  const rerunConfig = buildConfig(entry.protocol, values.preset, values.preset === undefined ? { ...flatConfig, ...sets } : sets);
  const label = values.preset ?? `${trace.preset ?? "custom"} with ${(values.set ?? []).join(", ")}`;
  io.out(`${trace.events.length} events from ${file} (recorded under ${trace.preset ?? "a custom configuration"}), run under ${label}:`);
  const rerun = buildTrace({ entry, preset: values.preset ?? trace.preset, flatConfig: rerunConfig, invariants: trace.invariants ?? undefined, seed: trace.seed, events: trace.events });
  io.out(renderTimeline(entry.protocol, rerun, { color }));
  return 0;
}
