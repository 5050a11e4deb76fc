/**
 * What the world does to a node: pauses, crashes and restarts, storage partitions, and clock
 * faults. Each handler is a no-op when the fault does not apply (a crashed node cannot pause).
 */
import { holderWindowNs, NS_PER_MS, type LeaseConfig } from "./config.ts";
import { issueBlindWrite } from "./io.ts";
import { describeLeaseFault } from "./reasons.ts";
import { updateNode } from "./state.ts";
import type { LeaseNode, LeaseOutput, LeaseState, NodeId } from "./types.ts";

type Out = LeaseOutput[];

const fault = (n: LeaseNode, nowMs: number): LeaseNode => ({ ...n, ghost: { ...n.ghost, lastFaultMs: nowMs } });

/**
 * A frozen process has not submitted what it was about to write, and cannot take replies: its
 * in-flight requests are held for the length of the pause.
 */
export function pauseNode(config: LeaseConfig, state: LeaseState, id: NodeId, ms: number, out: Out): LeaseState {
  const n = state.nodes[id]!;
  const limit = config.env.maxPauseMs === "unbounded" ? Number.MAX_SAFE_INTEGER : config.env.maxPauseMs;
  const length = Math.min(Math.max(1, ms), limit);
  if (!n.up || n.pausedUntilMs !== null || limit <= 0) return state;
  out.push({ type: "NodeFault", node: id, fault: describeLeaseFault({ type: "Paused", ms: length }) });
  const inflight = state.inflight.map((io) =>
    io.node !== id ? io : io.kind === "write" ? { ...io, deadlineMs: io.deadlineMs + length, held: true } : { ...io, deadlineMs: io.deadlineMs + length });
  return updateNode({ ...state, inflight }, id, (m) => fault({ ...m, pausedUntilMs: state.nowMs + length }, state.nowMs));
}

export function resumeNode(state: LeaseState, id: NodeId, out: Out): LeaseState {
  out.push({ type: "NodeFault", node: id, fault: describeLeaseFault({ type: "Resumed" }) });
  return updateNode(state, id, (m) => fault({ ...m, pausedUntilMs: null }, state.nowMs));
}

/**
 * A crash loses everything volatile, including writes a pause held back. Requests already
 * submitted to storage may still land (that is the "onfly io" problem); replies to the dead
 * process are lost.
 */
export function crashNode(config: LeaseConfig, state: LeaseState, id: NodeId, out: Out): LeaseState {
  const n = state.nodes[id]!;
  if (!n.up || !config.env.crashes) return state;
  out.push({ type: "NodeFault", node: id, fault: describeLeaseFault({ type: "Crashed" }) });
  const inflight = state.inflight.filter((io) => !(io.node === id && io.kind === "write" && io.held));
  return updateNode({ ...state, inflight }, id, (m) =>
    fault({
      ...m, up: false, pausedUntilMs: null, lease: null, observed: null, casInFlight: false,
      ghost: { ...m.ghost, crashedAsLeader: m.role === "Leader" },
    }, state.nowMs));
}

/**
 * A restarted node comes back as a follower (observers stay observers). With `onRestart=resume`
 * a former leader instead trusts its persisted lease and blindly rewrites the block: the bug
 * the VDS design rules out ("the original primary fails to acquire a lock and is degraded").
 */
export function restartNode(config: LeaseConfig, state: LeaseState, id: NodeId, out: Out): LeaseState {
  const n = state.nodes[id]!;
  if (n.up || !config.env.crashes) return state;
  out.push({ type: "NodeFault", node: id, fault: describeLeaseFault({ type: "Restarted" }) });
  const role = n.role === "Observer" ? "Observer" : "Follower";
  const back = updateNode(state, id, (m) =>
    fault({ ...m, up: true, role, wakeNs: m.localNs, incarnation: m.incarnation + 1, ghost: { ...m.ghost, leaseFromIncarnation: null } }, state.nowMs));
  if (config.onRestart === "observe" || !n.ghost.crashedAsLeader || n.persisted === null) return back;
  return resumePersistedLease(config, back, id, n.persisted, out);
}

function resumePersistedLease(
  config: LeaseConfig, state: LeaseState, id: NodeId, persisted: { epoch: number; renewSeq: number }, out: Out,
): LeaseState {
  const renewSeq = persisted.renewSeq + 1;
  out.push({ type: "RoleChanged", node: id, role: "Leader", epoch: persisted.epoch, why: "resumed its persisted lease after restart" });
  const led = updateNode(state, id, (m) => ({
    ...m, role: "Leader",
    lease: { epoch: persisted.epoch, renewSeq, deadlineNs: m.localNs + holderWindowNs(config) },
    ghost: { ...m.ghost, trueLeaseEndMs: state.nowMs + config.ttlMs },
  }));
  return issueBlindWrite(config, led, id, { holder: id, epoch: persisted.epoch, renewSeq });
}

export function setStorageReachable(config: LeaseConfig, state: LeaseState, id: NodeId, reachable: boolean, out: Out): LeaseState {
  const n = state.nodes[id]!;
  if (!config.env.partitions || n.storageReachable === reachable) return state;
  out.push({ type: "NodeFault", node: id, fault: describeLeaseFault({ type: reachable ? "StorageHealed" : "StoragePartitioned" }) });
  return updateNode(state, id, (m) => fault({ ...m, storageReachable: reachable }, state.nowMs));
}

export function setClockRate(config: LeaseConfig, state: LeaseState, id: NodeId, ppm: number, out: Out): LeaseState {
  const bound = config.env.maxClockDriftPpm;
  const driftPpm = Math.max(-bound, Math.min(bound, Math.trunc(ppm)));
  if (state.nodes[id]!.driftPpm === driftPpm) return state;
  out.push({ type: "NodeFault", node: id, fault: describeLeaseFault({ type: "ClockRateChanged", ppm: driftPpm }) });
  return updateNode(state, id, (m) => ({ ...m, driftPpm }));
}

export function jumpClock(config: LeaseConfig, state: LeaseState, id: NodeId, ms: number, out: Out): LeaseState {
  const step = Math.trunc(ms);
  if (!config.env.clockJumps || step === 0) return state;
  out.push({ type: "NodeFault", node: id, fault: describeLeaseFault({ type: "ClockJumped", ms: step }) });
  return updateNode(state, id, (m) => fault({ ...m, localNs: m.localNs + step * NS_PER_MS }, state.nowMs));
}
