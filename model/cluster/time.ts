/**
 * Time in the cluster. Each part keeps its own discrete-event schedule; the cluster advances all
 * of them by the same amount, up to the first instant any part has something due, and keeps
 * going through routine instants (renewals, polls) until something that matters happens: a role
 * changes, an I/O fails or lands a write, a commit is answered, recovery completes.
 */
import { assert } from "../core/assert.ts";
import { stepLease } from "../lease/step.ts";
import { stepReplication } from "../replication/step.ts";
import type { ClusterConfig } from "./config.ts";
import { proxyStep, routineLease, routineRepl } from "./parts.ts";
import type { ClusterOutput, ClusterState } from "./types.ts";

const MAX_INSTANTS = 100_000;

export function advance(c: ClusterConfig, s: ClusterState, maxMs: number, out: ClusterOutput[]): ClusterState {
  const target = s.nowMs + Math.max(1, Math.trunc(maxMs));
  let cur = s;
  for (let i = 0; i < MAX_INSTANTS; i++) {
    const { next, interesting } = instant(c, cur, target, out);
    cur = next;
    if (interesting || cur.nowMs >= target) break;
    assert(i < MAX_INSTANTS - 1, `time did not reach ${target} ms`);
  }
  out.push({ type: "TimeNow", nowMs: cur.nowMs });
  return proxyStep(c, cur, { type: "TimeAdvanced", ms: cur.nowMs - s.nowMs }, out);
}

/** One move to the next instant something is due, in every part at once. */
function instant(c: ClusterConfig, s: ClusterState, target: number, out: ClusterOutput[]): { next: ClusterState; interesting: boolean } {
  const stops = [target, s.failover?.readyAtMs ?? Infinity, s.readLockUntilMs ?? Infinity].filter((t) => t > s.nowMs);
  const limit = Math.min(...stops) - s.nowMs;
  let lease = stepLease(c.lease, s.lease, { type: "TimeAdvanced", maxMs: limit });
  let d = lease.state.nowMs - s.lease.nowMs;
  const repl = s.repl === null ? null : stepReplication(c.repl, s.repl, { type: "TimeAdvanced", maxMs: d });
  if (repl !== null && repl.state.nowMs - s.repl!.nowMs < d) {
    // Replication has something due first; nothing is due in election before then, so this lands exactly.
    d = repl.state.nowMs - s.repl!.nowMs;
    lease = stepLease(c.lease, s.lease, { type: "TimeAdvanced", maxMs: d });
  }
  const nowMs = s.nowMs + d;
  const leaseNews = lease.outputs.filter((o) => !routineLease(o));
  const replNews = (repl?.outputs ?? []).filter((o) => !routineRepl(o));
  for (const o of leaseNews) out.push({ type: "Lease", output: o });
  for (const o of replNews) out.push({ type: "Replication", output: o });
  let next: ClusterState = { ...s, nowMs, lease: lease.state, repl: repl?.state ?? null };
  const unlocked = next.readLockUntilMs !== null && nowMs >= next.readLockUntilMs;
  if (unlocked) {
    out.push({ type: "GlobalReadLock", on: false });
    next = { ...next, readLockUntilMs: null };
  }
  const ready = next.failover?.readyAtMs === nowMs;
  return { next, interesting: leaseNews.length > 0 || replNews.length > 0 || unlocked || ready };
}
