/**
 * Stepping one part of the cluster with its own reducer, and keeping what an observer of the
 * cluster sees of it. Routine chatter (lease renewals, polls, replicas keeping up) is left out of
 * the cluster's outputs; nothing the parts' invariants read is.
 */
import { stepLease } from "../lease/step.ts";
import type { LeaseEvent, LeaseOutput } from "../lease/index.ts";
import { stepProxy } from "../proxy/step.ts";
import type { ProxyEvent } from "../proxy/index.ts";
import { stepReplication } from "../replication/step.ts";
import type { ReplEvent, ReplOutput } from "../replication/index.ts";
import type { ClusterConfig } from "./config.ts";
import type { ClusterOutput, ClusterState } from "./types.ts";

export function routineLease(o: LeaseOutput): boolean {
  if (o.type === "TimeNow" || o.type === "TopologyLearned") return true;
  // A restarted node's first look at the block is what RestartedLeaderFindsNewerEpoch reads.
  if (o.type === "BlockObserved") return !o.afterRestart;
  return (o.type === "CasIssued" || ((o.type === "CasLanded" || o.type === "CasReplied") && o.ok)) && o.purpose === "renew";
}

export function routineRepl(o: ReplOutput): boolean {
  return o.type === "TimeNow" || o.type === "Received" || o.type === "Applied";
}

export function leaseStep(c: ClusterConfig, s: ClusterState, e: LeaseEvent, out: ClusterOutput[]): ClusterState {
  const t = stepLease(c.lease, s.lease, e);
  for (const o of t.outputs) if (!routineLease(o)) out.push({ type: "Lease", output: o });
  return { ...s, lease: t.state };
}

export function replStep(c: ClusterConfig, s: ClusterState, e: ReplEvent, out: ClusterOutput[], keepRoutine = true): { s: ClusterState; outputs: readonly ReplOutput[] } {
  if (s.repl === null) return { s, outputs: [] };
  const t = stepReplication(c.repl, s.repl, e);
  for (const o of t.outputs) if (o.type !== "TimeNow" && (keepRoutine || !routineRepl(o))) out.push({ type: "Replication", output: o });
  return { s: { ...s, repl: t.state }, outputs: t.outputs };
}

export function proxyStep(c: ClusterConfig, s: ClusterState, e: ProxyEvent, out: ClusterOutput[]): ClusterState {
  const t = stepProxy(c.proxy, s.proxy, e);
  for (const o of t.outputs) if (o.type !== "TimeNow") out.push({ type: "Proxy", output: o });
  return { ...s, proxy: t.state };
}
