/**
 * In-flight I/O to shared storage. A request is issued now and takes effect later: it lands when
 * an `IoProgressed` event picks it, or at the latest `env.maxStorageLatencyMs` after issue (a
 * paused issuer's requests wait out its pause, as a frozen process has not yet submitted them).
 * A CAS then needs its reply delivered to the issuer; a write needs nothing more. The latency
 * bound is a round trip, so unless an event says otherwise a CAS lands halfway through it.
 */
import { holderWindowNs, type LeaseConfig } from "./config.ts";
import { believesLeader, isRunning, sameBlock, updateNode } from "./state.ts";
import type { BlockValue, Io, IoTarget, LeaseOutput, LeaseState, NodeId } from "./types.ts";

type Out = LeaseOutput[];

function deadline(config: LeaseConfig, state: LeaseState): number {
  return state.nowMs + config.env.maxStorageLatencyMs;
}

function push(state: LeaseState, io: Io): LeaseState {
  return { ...state, inflight: [...state.inflight, io], nextIoId: state.nextIoId + 1 };
}

export function issueCas(
  config: LeaseConfig, state: LeaseState, node: NodeId, purpose: "acquire" | "renew", expect: BlockValue, next: BlockValue, out: Out,
): LeaseState {
  const n = state.nodes[node]!;
  out.push({ type: "CasIssued", node, purpose, expect, next });
  const io: Io = {
    kind: "cas", id: state.nextIoId, node, issuedAtMs: state.nowMs,
    deadlineMs: state.nowMs + Math.floor(config.env.maxStorageLatencyMs / 2),
    landed: false, purpose, expect, next, sendNs: n.localNs, ok: false, incarnation: n.incarnation,
  };
  return updateNode(push(state, io), node, (m) => ({ ...m, casInFlight: true }));
}

export function issueWrite(config: LeaseConfig, state: LeaseState, node: NodeId, target: IoTarget, epoch: number, out: Out): LeaseState {
  out.push({ type: "WriteIssued", node, target, epoch });
  return push(state, { kind: "write", id: state.nextIoId, node, issuedAtMs: state.nowMs, deadlineMs: deadline(config, state), target, epoch, held: false });
}

export function issueBlindWrite(config: LeaseConfig, state: LeaseState, node: NodeId, value: BlockValue): LeaseState {
  return push(state, { kind: "blind", id: state.nextIoId, node, issuedAtMs: state.nowMs, deadlineMs: deadline(config, state), value });
}

/** Whether `io` can make progress now: a CAS reply waits while its issuer is paused. */
export function canProgress(state: LeaseState, io: Io): boolean {
  if (io.kind !== "cas" || !io.landed) return true;
  const n = state.nodes[io.node]!;
  return isRunning(n) || !n.up || io.incarnation !== n.incarnation;
}

/** Moves `io` one stage on: it lands, or (for a landed CAS) its reply reaches the issuer. */
export function progressIo(config: LeaseConfig, state: LeaseState, io: Io, out: Out): LeaseState {
  const rest = { ...state, inflight: state.inflight.filter((x) => x.id !== io.id) };
  switch (io.kind) {
    case "write":
      return landWrite(config, rest, io, out);
    case "blind":
      out.push({ type: "BlindWriteLanded", node: io.node, block: io.value });
      return { ...rest, block: io.value, ghost: { ...rest.ghost, blockIssuedAtMs: io.issuedAtMs } };
    case "cas":
      return io.landed ? deliverCasReply(config, rest, io, out) : landCas(config, state, io, out);
  }
}

function landCas(config: LeaseConfig, state: LeaseState, io: Io & { kind: "cas" }, out: Out): LeaseState {
  const ok = sameBlock(state.block, io.expect);
  const block = ok ? io.next : state.block;
  out.push({ type: "CasLanded", node: io.node, purpose: io.purpose, ok, block });
  // The reply is due by the end of the round trip (later by any pause the landing waited out).
  const landed: Io = { ...io, landed: true, ok, deadlineMs: io.deadlineMs + Math.ceil(config.env.maxStorageLatencyMs / 2) };
  const inflight = state.inflight.map((x) => (x.id === io.id ? landed : x));
  const ghost = ok ? { ...state.ghost, blockIssuedAtMs: io.issuedAtMs } : state.ghost;
  return { ...state, inflight, block, ghost };
}

/**
 * Data and registry writes land subject to fencing: with `epoch` fencing storage rejects a write
 * whose epoch is not the block's, and the registry also rejects one from a node not holding it.
 */
function landWrite(config: LeaseConfig, state: LeaseState, io: Io & { kind: "write" }, out: Out): LeaseState {
  const current = io.epoch === state.block.epoch && (io.target === "data" || io.node === state.block.holder);
  const accepted = config.fencing === "none" || current;
  const { epoch: blockEpoch, holder: blockHolder } = state.block;
  out.push({ type: "WriteLanded", node: io.node, target: io.target, epoch: io.epoch, blockEpoch, blockHolder, accepted });
  if (!accepted || io.target !== "registry") return state;
  return { ...state, registry: { epoch: io.epoch, leader: io.node, writer: io.node } };
}

function deliverCasReply(config: LeaseConfig, state: LeaseState, io: Io & { kind: "cas" }, out: Out): LeaseState {
  const n = state.nodes[io.node]!;
  // The connection that asked died with the process; a restarted node never hears the answer.
  if (!n.up || io.incarnation !== n.incarnation) return state;
  out.push({ type: "CasReplied", node: io.node, purpose: io.purpose, ok: io.ok });
  const cleared = updateNode(state, io.node, (m) => ({ ...m, casInFlight: false }));
  if (!io.ok) return casFailed(cleared, io, out);
  if (io.purpose === "acquire") return becomeLeader(config, cleared, io, out);
  // A renew reply for a lease the node has already given up changes nothing: it stays follower.
  if (n.role !== "Leader" || n.lease === null || n.lease.epoch !== io.next.epoch) return cleared;
  return updateNode(cleared, io.node, (m) => ({
    ...m,
    lease: { epoch: io.next.epoch, renewSeq: io.next.renewSeq, deadlineNs: timerStartNs(config, io, m.localNs) + holderWindowNs(config) },
    persisted: { epoch: io.next.epoch, renewSeq: io.next.renewSeq },
    ghost: { ...m.ghost, trueLeaseEndMs: io.issuedAtMs + config.ttlMs },
  }));
}

function timerStartNs(config: LeaseConfig, io: Io & { kind: "cas" }, replyNs: number): number {
  return config.timerStart === "send" ? io.sendNs : replyNs;
}

function casFailed(state: LeaseState, io: Io & { kind: "cas" }, out: Out): LeaseState {
  const n = state.nodes[io.node]!;
  if (io.purpose === "renew" && n.role === "Leader") {
    out.push({ type: "RoleChanged", node: io.node, role: "Follower", epoch: null, why: "renew CAS failed: the block changed" });
    return updateNode(state, io.node, (m) => ({ ...m, role: "Follower", lease: null, observed: null, wakeNs: m.localNs }));
  }
  return updateNode(state, io.node, (m) => ({ ...m, observed: null, wakeNs: m.localNs }));
}

/** A won acquire: the node leads at the new epoch and records the topology in the registry. */
function becomeLeader(config: LeaseConfig, state: LeaseState, io: Io & { kind: "cas" }, out: Out): LeaseState {
  const epoch = io.next.epoch;
  out.push({ type: "RoleChanged", node: io.node, role: "Leader", epoch, why: "acquire CAS succeeded" });
  const led = updateNode(state, io.node, (m) => ({
    ...m,
    role: "Leader",
    lease: { epoch, renewSeq: io.next.renewSeq, deadlineNs: timerStartNs(config, io, m.localNs) + holderWindowNs(config) },
    persisted: { epoch, renewSeq: io.next.renewSeq },
    observed: null,
    wakeNs: m.localNs,
    ghost: { ...m.ghost, trueLeaseEndMs: io.issuedAtMs + config.ttlMs, leaseFromIncarnation: io.incarnation },
  }));
  const n = led.nodes[io.node]!;
  // The registry write is an action like any other: only within the lease, by the node's clock.
  return believesLeader(n) && n.storageReachable ? issueWrite(config, led, io.node, "registry", epoch, out) : led;
}
