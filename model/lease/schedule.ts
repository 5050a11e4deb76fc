/**
 * The passage of time as a discrete-event simulation. Time stops at every instant at which
 * something is due (a node's loop, a pause ending, an I/O reaching its latency bound), so that
 * invariants are checked at each of them and no overlap of leases can hide inside one event.
 */
import { nodeId } from "../core/ids.ts";
import { advanceClock, msUntilLocal } from "./clock.ts";
import type { LeaseConfig } from "./config.ts";
import { resumeNode } from "./faults.ts";
import { canProgress, progressIo } from "./io.ts";
import { wakeNode } from "./node.ts";
import { isRunning } from "./state.ts";
import type { LeaseOutput, LeaseState } from "./types.ts";
import { assert } from "../core/assert.ts";

type Out = LeaseOutput[];

/** Bounds the work at one instant; reaching it means the model loops, which is a model bug. */
const MAX_ACTIONS_PER_INSTANT = 10_000;

/** Performs everything due at the current instant: pause ends, forced I/O, node loops. */
export function settle(config: LeaseConfig, state: LeaseState, out: Out): LeaseState {
  let s = state;
  for (let i = 0; i < MAX_ACTIONS_PER_INSTANT; i++) {
    const next = dueNow(config, s, out);
    if (next === null) return s;
    s = next;
  }
  assert(false, `more than ${MAX_ACTIONS_PER_INSTANT} actions at t=${state.nowMs}`);
}

/** Performs one due action, or returns null when nothing is due now. */
function dueNow(config: LeaseConfig, s: LeaseState, out: Out): LeaseState | null {
  const resuming = s.nodes.findIndex((n) => n.up && n.pausedUntilMs !== null && n.pausedUntilMs <= s.nowMs);
  if (resuming >= 0) return resumeNode(s, nodeId(resuming), out);
  const io = s.inflight
    .filter((x) => x.deadlineMs <= s.nowMs && canProgress(s, x))
    .sort((a, b) => a.deadlineMs - b.deadlineMs || a.id - b.id)[0];
  if (io !== undefined) return progressIo(config, s, io, out);
  const waking = s.nodes.findIndex((n) => isRunning(n) && n.localNs >= n.wakeNs);
  if (waking >= 0) return wakeNode(config, s, nodeId(waking), out);
  return null;
}

/** True time of the next instant at which something is due, after the current one. */
export function nextDueMs(s: LeaseState): number {
  let due = Number.POSITIVE_INFINITY;
  for (const n of s.nodes) {
    if (n.up && n.pausedUntilMs !== null) due = Math.min(due, n.pausedUntilMs);
    if (isRunning(n)) due = Math.min(due, s.nowMs + Math.max(1, msUntilLocal(n, n.wakeNs)));
  }
  for (const io of s.inflight) if (canProgress(s, io)) due = Math.min(due, Math.max(s.nowMs + 1, io.deadlineMs));
  return due;
}

/** Advances true time by up to `maxMs`, stopping at the next due instant. */
export function advanceTime(s: LeaseState, maxMs: number, out: Out): LeaseState {
  const to = Math.min(s.nowMs + Math.max(1, Math.trunc(maxMs)), nextDueMs(s));
  const dt = to - s.nowMs;
  out.push({ type: "TimeNow", nowMs: to });
  return { ...s, nowMs: to, nodes: s.nodes.map((n) => advanceClock(n, dt)) };
}
