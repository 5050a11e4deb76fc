/**
 * Time in the cluster. Each part keeps its own discrete-event schedule; the cluster advances all
 * of them by the same amount, up to the first instant any part has something due, and keeps
 * going through routine instants (renewals, polls) until something that matters happens: a role
 * changes, an I/O fails or lands a write, a commit is answered, recovery completes.
 */
import { electionNews } from "../lease/election.ts";
import { nextDueMs as leaseDueMs } from "../lease/schedule.ts";
import { stepLease } from "../lease/step.ts";
import { nextDueMs as replDueMs, stepReplication } from "../replication/step.ts";
import type { ClusterConfig } from "./config.ts";
import { proxyStep, routineLease, routineRepl } from "./parts.ts";
import { andThen, emit, type Step } from "./transition.ts";
import type { ClusterOutput, ClusterState } from "./types.ts";

/**
 * How many instants one TimeAdvanced passes through at most. The event means "up to maxMs", as in
 * each part: a day of 10 ms renewals is 8.6 million routine instants, so the cluster stops after
 * this many and the next TimeAdvanced carries on; the trace records the time that really passed.
 * Histories of the catalogue pass through at most about a hundred instants per event.
 */
export const MAX_INSTANTS_PER_EVENT = 10_000;

export function advance(c: ClusterConfig, s: ClusterState, maxMs: number): Step {
  const target = s.nowMs + Math.max(1, Math.trunc(maxMs));
  let cur: Step = emit(s);
  for (let i = 0; i < MAX_INSTANTS_PER_EVENT; i++) {
    const { step, interesting } = instant(c, cur.state, target);
    cur = andThen(cur, () => step);
    if (interesting || cur.state.nowMs >= target) break;
  }
  const passedMs = cur.state.nowMs - s.nowMs;
  return andThen(andThen(cur, (t) => emit(t, { type: "TimeNow", nowMs: t.nowMs })), (t) => proxyStep(c, t, { type: "TimeAdvanced", ms: passedMs }));
}

/**
 * The next instant anything is due: the target, the elected node's readiness, the lock's release,
 * or the first instant election or replication has something due, as each part says.
 */
function nextInstantMs(c: ClusterConfig, s: ClusterState, target: number): number {
  const stops = [target, s.failover?.readyAtMs ?? Infinity, s.readLockUntilMs ?? Infinity].filter((t) => t > s.nowMs);
  const limit = Math.min(...stops) - s.nowMs;
  const leaseMs = leaseDueMs(s.lease) - s.lease.nowMs;
  const replMs = s.repl === null ? Infinity : replDueMs(c.repl, s.repl) - s.repl.nowMs;
  return s.nowMs + Math.min(limit, leaseMs, replMs);
}

/** One move to the next instant something is due, in every part at once. */
function instant(c: ClusterConfig, s: ClusterState, target: number): { step: Step; interesting: boolean } {
  const d = nextInstantMs(c, s, target) - s.nowMs;
  const lease = stepLease(c.lease, s.lease, { type: "TimeAdvanced", maxMs: d });
  const repl = s.repl === null ? null : stepReplication(c.repl, s.repl, { type: "TimeAdvanced", maxMs: d });
  const nowMs = s.nowMs + d;
  const leaseNews = lease.outputs.filter((o) => !routineLease(o));
  const replNews = (repl?.outputs ?? []).filter((o) => !routineRepl(o));
  const outputs: ClusterOutput[] = [
    ...leaseNews.map((o): ClusterOutput => ({ type: "Lease", output: o })),
    ...replNews.map((o): ClusterOutput => ({ type: "Replication", output: o })),
  ];
  let next: ClusterState = { ...s, nowMs, lease: lease.state, repl: repl?.state ?? null };
  const unlocked = next.readLockUntilMs !== null && nowMs >= next.readLockUntilMs;
  if (unlocked) {
    outputs.push({ type: "GlobalReadLock", on: false });
    next = { ...next, readLockUntilMs: null };
  }
  const ready = next.failover?.readyAtMs === nowMs;
  return { step: { state: next, outputs, news: electionNews(lease.outputs) }, interesting: leaseNews.length > 0 || replNews.length > 0 || unlocked || ready };
}
