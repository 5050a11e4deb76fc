/**
 * A lease run as a Jepsen-style client history: every write a node makes as leader to shared
 * storage, asked for by a client or (the registry) made on winning the lease. f "write", key the
 * target ("data" or "registry"), value the epoch the node believed it held. It is invoked when the
 * node issues it and ends `ok` when it lands and storage accepts it, `fail` when the node refuses
 * it (value 0: it sent no epoch) or the storage's epoch fence rejects it. A write that never lands
 * (a crash lost it, or the run ended first) stays open, which `calls` reads as `info`. A request
 * to a node that is down or paused leaves no output, so it has no place here either.
 *
 * Built from outputs alone, so that a real system's outputs give its history the same way. A
 * landing names its node, target and epoch but not which write it was: equal ones are paired in
 * issue order. Storage cannot tell them apart either (its fence reads only those three), so a
 * different pairing could only move an outcome between invokes that say the same thing.
 */
import { nodeName } from "../../../model/core/ids.ts";
import type { IoTarget, LeaseOutput, NodeId } from "../../../model/lease/index.ts";
import type { History, Op, OpType } from "../../check/history/types.ts";

/** What a recorder makes of one output at one instant: no ops, or some. */
export type LeaseRecorder = (o: LeaseOutput, time: number) => Op[];

export function leaseHistory(outputs: readonly (readonly LeaseOutput[])[], times: readonly number[]): History {
  const record = leaseRecorder();
  return outputs.flatMap((step, i) => step.flatMap((o) => record(o, times[i] ?? i)));
}

/** Process numbers start at `firstProcess`, so that a composed run can keep them apart from its sessions'. */
export function leaseRecorder(firstProcess = 0): LeaseRecorder {
  const processes = pool(firstProcess);
  const inFlight = new Map<string, number[]>();
  return (o, time) => {
    if (o.type === "WriteIssued") {
      const process = processes.take();
      const queue = inFlight.get(writeKey(o)) ?? [];
      inFlight.set(writeKey(o), [...queue, process]);
      return [write(process, "invoke", o, o.epoch, time)];
    }
    if (o.type === "WriteRefused") {
      const process = processes.take();
      processes.free(process);
      return [write(process, "invoke", o, 0, time), { ...write(process, "fail", o, 0, time), error: `refused: ${o.why}` }];
    }
    if (o.type === "WriteLanded") {
      const [process, ...rest] = inFlight.get(writeKey(o)) ?? [];
      if (process === undefined) return []; // nothing issued it: no invoke, nothing to say
      inFlight.set(writeKey(o), rest);
      processes.free(process);
      if (o.accepted) return [write(process, "ok", o, o.epoch, time)];
      return [{ ...write(process, "fail", o, o.epoch, time), error: fenced(o) }];
    }
    return [];
  };
}

type Target = { readonly node: NodeId; readonly target: IoTarget };

const writeKey = (o: Target & { readonly epoch: number }): string => `${o.node}/${o.target}/${o.epoch}`;

function write(process: number, type: OpType, o: Target, epoch: number, time: number): Op {
  return { process, type, f: "write", key: o.target, value: epoch, time, node: nodeName(o.node) };
}

function fenced(o: Extract<LeaseOutput, { type: "WriteLanded" }>): string {
  const holder = o.blockHolder === null ? "nobody" : nodeName(o.blockHolder);
  return `rejected by the epoch fence: storage is at epoch ${o.blockEpoch}, held by ${holder}`;
}

/**
 * Jepsen's worker processes: a write takes the lowest process not busy and gives it back when it
 * completes. One left open keeps its process for good, as a crashed Jepsen worker's does.
 */
function pool(first: number): { take: () => number; free: (p: number) => void } {
  const busy = new Set<number>();
  return {
    take: () => {
      let p = first;
      while (busy.has(p)) p++;
      busy.add(p);
      return p;
    },
    free: (p) => void busy.delete(p),
  };
}
