/** `haspec show FILE`: the trace as a timeline in the terminal. */
import { buildConfig, findProtocol, UsageError } from "../protocols.ts";
import { readTrace } from "../trace/file.ts";
import { renderTimeline } from "../trace/timeline.ts";
import { parse } from "./args.ts";
import type { Io } from "./io.ts";

export function showCommand(args: readonly string[], io: Io): number {
  const { values, positionals } = parse(args, { color: { type: "boolean" }, "no-color": { type: "boolean" } });
  const file = positionals[0];
  if (file === undefined || positionals.length > 1) throw new UsageError("show needs exactly one trace FILE");
  const trace = readTrace(file);
  const entry = findProtocol(trace.protocol);
  try {
    buildConfig(entry.protocol, undefined, trace.config);
  } catch (e) {
    throw new UsageError(`${file}: config: ${(e as Error).message}`);
  }
  const color = values["no-color"] ? false : (values.color ?? io.color);
  io.out(renderTimeline(entry.protocol, { ...trace, config: buildConfig(entry.protocol, undefined, trace.config) }, { color }));
  return 0;
}
