/**
 * What a running node does when its loop wakes: the leader renews (or steps down when its lease
 * ran out), the follower polls the CAS block and competes once it has seen it unchanged for long
 * enough, and observers poll the registry to learn the topology.
 */
import { match } from "ts-pattern";
import { contenderWaitNs, NS_PER_MS, type LeaseConfig } from "./config.ts";
import { issueCas } from "./io.ts";
import { sameBlock, updateNode } from "./state.ts";
import type { LeaseNode, LeaseOutput, LeaseState, NodeId } from "./types.ts";

type Out = LeaseOutput[];

export function wakeNode(config: LeaseConfig, state: LeaseState, id: NodeId, out: Out): LeaseState {
  const n = state.nodes[id]!;
  return match(n.role)
    .with("Leader", () => leaderWakes(config, state, id, out))
    .with("Follower", () => followerWakes(config, state, id, out))
    .with("Observer", () => observerWakes(config, state, id, out))
    .exhaustive();
}

const pollNs = (config: LeaseConfig): number => config.renewIntervalMs * NS_PER_MS;

function leaderWakes(config: LeaseConfig, state: LeaseState, id: NodeId, out: Out): LeaseState {
  const n = state.nodes[id]!;
  if (n.lease === null || n.localNs >= n.lease.deadlineNs) {
    out.push({ type: "RoleChanged", node: id, role: "Follower", epoch: null, why: "lease expired on its own clock" });
    return updateNode(state, id, (m) => ({ ...m, role: "Follower", lease: null, observed: null, wakeNs: m.localNs }));
  }
  const lease = n.lease;
  const renewed =
    n.casInFlight || !n.storageReachable
      ? state
      : issueCas(config, state, id, "renew",
          { holder: id, epoch: lease.epoch, renewSeq: lease.renewSeq },
          { holder: id, epoch: lease.epoch, renewSeq: lease.renewSeq + 1 }, out);
  return updateNode(renewed, id, (m) => ({ ...m, wakeNs: Math.min(m.localNs + pollNs(config), lease.deadlineNs) }));
}

function followerWakes(config: LeaseConfig, state: LeaseState, id: NodeId, out: Out): LeaseState {
  const n = state.nodes[id]!;
  if (!n.storageReachable) return updateNode(state, id, (m) => ({ ...m, wakeNs: m.localNs + pollNs(config) }));
  const seen = readBlock(state, id, out);
  const read = readRegistry(seen, id, out);
  const m = read.nodes[id]!;
  const observed = m.observed!;
  // A released block (no holder) needs no waiting out: nobody acts on it (planned switchover).
  const readyNs = observed.value.holder === null ? observed.sinceNs : observed.sinceNs + contenderWaitNs(config);
  const competed =
    !m.casInFlight && m.localNs >= readyNs
      ? issueCas(config, read, id, "acquire", observed.value,
          { holder: id, epoch: observed.value.epoch + 1, renewSeq: 0 }, out)
      : read;
  const wakeNs = m.localNs + pollNs(config);
  return updateNode(competed, id, (x) => ({ ...x, wakeNs: readyNs > x.localNs ? Math.min(wakeNs, readyNs) : wakeNs }));
}

function observerWakes(config: LeaseConfig, state: LeaseState, id: NodeId, out: Out): LeaseState {
  const n = state.nodes[id]!;
  const read = n.storageReachable ? readRegistry(state, id, out) : state;
  return updateNode(read, id, (m) => ({ ...m, wakeNs: m.localNs + pollNs(config) }));
}

/** Reads the CAS block; the unchanged-since timer restarts whenever the value differs. */
function readBlock(state: LeaseState, id: NodeId, out: Out): LeaseState {
  const n = state.nodes[id]!;
  if (n.observed !== null && sameBlock(n.observed.value, state.block)) return state;
  out.push({ type: "BlockObserved", node: id, value: state.block, afterRestart: n.incarnation > 0 });
  return updateNode(state, id, (m: LeaseNode) => ({ ...m, observed: { value: state.block, sinceNs: m.localNs } }));
}

/** Reads the registry; observers (and followers) learn the topology only from here. */
function readRegistry(state: LeaseState, id: NodeId, out: Out): LeaseState {
  const n = state.nodes[id]!;
  const reg = state.registry;
  if (n.topology !== null && n.topology.epoch === reg.epoch && n.topology.leader === reg.leader) return state;
  out.push({ type: "TopologyLearned", node: id, leader: reg.leader, epoch: reg.epoch });
  return updateNode(state, id, (m) => ({ ...m, topology: { epoch: reg.epoch, leader: reg.leader } }));
}
