/**
 * The lease reducer: step(config, state, event) → { state, outputs }. Pure and total: every
 * event is handled, and one that does not apply (restarting a running node) changes nothing.
 */
import { match } from "ts-pattern";
import { pickFrom } from "../core/ids.ts";
import type { Transition } from "../core/protocol.ts";
import { requestWrite } from "./client.ts";
import { releaseLease } from "./release.ts";
import type { LeaseConfig } from "./config.ts";
import { crashNode, jumpClock, pauseNode, restartNode, setClockRate, setStorageReachable } from "./faults.ts";
import { updateGhost } from "./ghost.ts";
import { canProgress, progressIo } from "./io.ts";
import { advanceTime, settle } from "./schedule.ts";
import { isRunning, resolveNode, updateNode } from "./state.ts";
import type { LeaseEvent, LeaseOutput, LeaseState, NodeId } from "./types.ts";

export function stepLease(config: LeaseConfig, state: LeaseState, event: LeaseEvent): Transition<LeaseState, LeaseOutput> {
  const out: LeaseOutput[] = [];
  const node = (raw: number): NodeId => resolveNode(state, raw);
  const applied = match(event)
    .with({ type: "TimeAdvanced" }, (e) => advanceTime(state, e.maxMs, out))
    .with({ type: "LeaderWriteRequested" }, (e) => requestWrite(config, state, node(e.node), e.target, out))
    .with({ type: "IoProgressed" }, (e) => progressPicked(config, state, e.pick, out))
    .with({ type: "NodeWoke" }, (e) => wakeEarly(state, node(e.node)))
    .with({ type: "NodePaused" }, (e) => pauseNode(config, state, node(e.node), e.ms, out))
    .with({ type: "NodeCrashed" }, (e) => crashNode(config, state, node(e.node), out))
    .with({ type: "NodeRestarted" }, (e) => restartNode(config, state, node(e.node), out))
    .with({ type: "StoragePartitioned" }, (e) => setStorageReachable(config, state, node(e.node), false, out))
    .with({ type: "StorageHealed" }, (e) => setStorageReachable(config, state, node(e.node), true, out))
    .with({ type: "ClockRateChanged" }, (e) => setClockRate(config, state, node(e.node), e.ppm, out))
    .with({ type: "ClockJumped" }, (e) => jumpClock(config, state, node(e.node), e.ms, out))
    .with({ type: "LeaseReleased" }, (e) => releaseLease(config, state, node(e.node), out))
    .exhaustive();
  const settled = settle(config, applied, out);
  return { state: updateGhost(config, state, settled, event), outputs: out };
}

/** The event with its node made concrete and, for time, the time that really passed. */
export function resolveLeaseEvent(_config: LeaseConfig, before: LeaseState, after: LeaseState, event: LeaseEvent): LeaseEvent {
  if (event.type === "TimeAdvanced") return { type: "TimeAdvanced", maxMs: after.nowMs - before.nowMs };
  if (event.type === "IoProgressed") return event;
  return { ...event, node: resolveNode(before, event.node) };
}

/** A running node's timer fires now; `settle` then runs its loop. */
function wakeEarly(state: LeaseState, id: NodeId): LeaseState {
  return isRunning(state.nodes[id]!) ? updateNode(state, id, (n) => ({ ...n, wakeNs: n.localNs })) : state;
}

/** The `pick`-th in-flight I/O that can progress, counted modulo their number. */
function progressPicked(config: LeaseConfig, state: LeaseState, pick: number, out: LeaseOutput[]): LeaseState {
  const ready = state.inflight.filter((io) => canProgress(state, io));
  if (ready.length === 0) return state;
  return progressIo(config, state, pickFrom(ready, pick)!, out);
}
