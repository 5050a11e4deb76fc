/**
 * A trace's client operations as a Jepsen history: what the clients asked and were told, with
 * the model's true time of each step. "model" reads the outputs the model recorded; "observed"
 * reads a conformance trace's outputs of the real system, at the same steps and so the same times.
 * Each protocol says what its operations are (see conformance/check/history/from-*.ts).
 */
import type { AnyProtocol } from "../../model/core/protocol.ts";
import type { ClusterEvent, ClusterOutput, ClusterState } from "../../model/cluster/index.ts";
import { NS_PER_MS } from "../../model/lease/config.ts";
import type { LeaseOutput } from "../../model/lease/index.ts";
import type { ProxyEvent, ProxyOutput, ProxyState } from "../../model/proxy/index.ts";
import type { ReplOutput } from "../../model/replication/index.ts";
import { clusterHistory, clusterStatementSent } from "../check/history/from-cluster.ts";
import { leaseHistory } from "../check/history/from-lease.ts";
import { proxyHistory, statementSent, type Sent, type StatementStep } from "../check/history/from-proxy.ts";
import { replicationHistory } from "../check/history/from-replication.ts";
import type { History, Op } from "../check/history/types.ts";
import { foldModel, type ModelRun } from "../conform/fold.ts";
import { TraceError } from "./file.ts";
import type { Trace } from "./schema.ts";

export type Which = "model" | "observed";

type Outputs = readonly (readonly unknown[])[];
type Exporter = (run: ModelRun, outputs: Outputs) => History;

const exporters: Readonly<Record<string, Exporter>> = {
  lease: (run, outputs) => leaseHistory(outputs as readonly (readonly LeaseOutput[])[], run.times),
  // A trace does not record where the final reads begin, so none is marked final.
  replication: (run, outputs) => replicationHistory(outputs as readonly (readonly ReplOutput[])[], run.times),
  proxy: (run, outputs) =>
    proxyHistory(withSends<ProxyState, ProxyEvent, ProxyOutput>(run, outputs, statementSent), run.times, (run.states[0] as ProxyState).sessions.length),
  cluster: (run, outputs) =>
    clusterHistory(withSends<ClusterState, ClusterEvent, ClusterOutput>(run, outputs, clusterStatementSent), run.times, (run.states[0] as ClusterState).proxy.sessions.length),
};

export function historyOfTrace(protocol: AnyProtocol, trace: Trace, which: Which = "model"): History {
  if (trace.protocol !== protocol.name) throw new TraceError(`a ${trace.protocol} trace cannot be read as ${protocol.name}`);
  const exporter = exporters[protocol.name];
  if (exporter === undefined) throw new TraceError(`no client history is defined for ${protocol.name}`);
  const outputs = which === "model" ? trace.outputs : trace.observed;
  if (outputs === undefined) throw new TraceError("the trace has no observed outputs: only a conformance trace has a real system's history");
  // The model's replay gives each step's true time, and the sends no output records; a trace that
  // stopped at a violation has outputs only up to it.
  const run = foldModel(protocol, protocol.configFromFlat(trace.config), trace.events.slice(0, outputs.length), []);
  return exporter(run, outputs);
}

function withSends<S, E, O>(run: ModelRun, outputs: Outputs, sent: (before: S, after: S, event: E) => Sent | null): StatementStep<O>[] {
  return run.resolved.map((event, i) => ({
    sent: sent(run.states[i] as S, run.states[i + 1] as S, event as E),
    outputs: (outputs[i] ?? []) as readonly O[],
  }));
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
