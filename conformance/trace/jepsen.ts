/**
 * A trace's client operations as a Jepsen history: what the clients asked and were told, with
 * the model's true time of each step. "model" reads the outputs the model recorded; "observed"
 * reads a conformance trace's outputs of the real system, at the same steps and so the same times.
 * Each protocol says what its operations are (see conformance/check/history/from-*.ts).
 */
import { NS_PER_MS } from "../../model/core/time.ts";
import type { History, Op } from "../check/history/types.ts";
import { foldModel } from "../conform/fold.ts";
import type { Ev, ProtocolKit } from "../kits/kit.ts";
import { TraceError } from "./file.ts";
import type { Trace } from "./schema.ts";

export type Which = "model" | "observed";

export function historyOfTrace<C, S, E extends Ev, O>(kit: ProtocolKit<C, S, E, O>, trace: Trace<E, O>, which: Which = "model"): History {
  if (trace.protocol !== kit.name) throw new TraceError(`a ${trace.protocol} trace cannot be read as ${kit.name}`);
  const outputs = which === "model" ? trace.outputs : trace.observed;
  if (outputs === undefined) throw new TraceError("the trace has no observed outputs: only a conformance trace has a real system's history");
  // The model's replay gives each step's true time, and the sends no output records; a trace that
  // stopped at a violation has outputs only up to it.
  const run = foldModel(kit.model, kit.model.configFromFlat(trace.config), trace.events.slice(0, outputs.length), []);
  return kit.clientHistory(run, outputs);
}

/**
 * Jepsen's history as JSON, one operation per line. Jepsen records `:time` in nanoseconds since
 * the test began; the model counts milliseconds from its start, so times are scaled by 10^6. A
 * keyed value is Jepsen's independent tuple `[key, value]`. `node`, `error` (Jepsen's own name),
 * `result` and `final` are extra fields, which Jepsen allows on any operation.
 */
export function jepsenJson(ops: History): string {
  if (ops.length === 0) return "[]\n";
  return `[\n${ops.map((op, index) => JSON.stringify(jepsenOp(op, index))).join(",\n")}\n]\n`;
}

function jepsenOp(op: Op, index: number): Record<string, unknown> {
  return {
    index,
    type: op.type,
    f: op.f,
    value: [op.key, op.value],
    process: op.process,
    time: Math.round(op.time * NS_PER_MS),
    ...(op.node === undefined ? {} : { node: op.node }),
    ...(op.error === undefined ? {} : { error: op.error }),
    ...(op.result === undefined ? {} : { result: op.result }),
    ...(op.final === true ? { final: true } : {}),
  };
}
