/**
 * Stepping one part of the cluster with its own reducer, and keeping what an observer of the
 * cluster sees of it. Routine chatter (lease renewals, polls, replicas keeping up) is left out of
 * the cluster's outputs; nothing the parts' invariants read is.
 */
import { electionNews } from "../lease/election.ts";
import { stepLease } from "../lease/step.ts";
import type { LeaseEvent, LeaseOutput } from "../lease/index.ts";
import { stepProxy } from "../proxy/step.ts";
import type { ProxyEvent } from "../proxy/index.ts";
import { stepReplication } from "../replication/step.ts";
import type { ReplEvent, ReplOutput, ReplState } from "../replication/index.ts";
import type { Transition } from "../core/protocol.ts";
import type { ClusterConfig } from "./config.ts";
import { stay, type Step } from "./transition.ts";
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

/** Election takes `e`; the failover acts on its news once the whole event is taken. */
export function leaseStep(c: ClusterConfig, s: ClusterState, e: LeaseEvent): Step {
  const t = stepLease(c.lease, s.lease, e);
  return {
    state: { ...s, lease: t.state },
    outputs: t.outputs.flatMap((o): ClusterOutput[] => (routineLease(o) ? [] : [{ type: "Lease", output: o }])),
    news: electionNews(t.outputs),
  };
}

/** Replication takes `e` (nothing happens on shared storage, which has no replication). */
export function replStep(c: ClusterConfig, s: ClusterState, e: ReplEvent): Step {
  return s.repl === null ? stay(s) : replTaken(s, stepReplication(c.repl, s.repl, e));
}

/** A replication step already taken, as the cluster's: every output but the time is seen. */
export function replTaken(s: ClusterState, t: Transition<ReplState, ReplOutput>): Step {
  const outputs = t.outputs.flatMap((o): ClusterOutput[] => (o.type === "TimeNow" ? [] : [{ type: "Replication", output: o }]));
  return { state: { ...s, repl: t.state }, outputs, news: [] };
}

export function proxyStep(c: ClusterConfig, s: ClusterState, e: ProxyEvent): Step {
  const t = stepProxy(c.proxy, s.proxy, e);
  const outputs = t.outputs.flatMap((o): ClusterOutput[] => (o.type === "TimeNow" ? [] : [{ type: "Proxy", output: o }]));
  return { state: { ...s, proxy: t.state }, outputs, news: [] };
}
