/**
 * The cluster search space: the three parts' own spaces, each routed the way the cluster routes
 * events to its parts (clients to the proxy, the world's doings to election and, on rds-ha, to
 * replication), with time, crashes and restarts owned by the cluster. Time moves in one large
 * quantum, which the cluster's own clock cuts short at the first instant anything matters (a
 * role change, an answer, recovery done): so a run of time events is the one deterministic path
 * from one decision to the next, as in the lease space.
 *
 * The budgets are the parts' classes, with small defaults: the composed state is large (three
 * models' states in one key) and every class multiplies the space. One statement and two faults
 * are what the catalogue's cluster stories need (a commit, a replica falling behind or a pause,
 * and the primary's crash); switchovers, other writers, lease-guarded writes and I/O jitter are
 * off by default (`--budget switchovers=1` and so on turn them on).
 *
 * No symmetry: n1 starts as primary and n2 as the standby election may promote; a read-only
 * node is named in the lease block once it competes, and the proxy's sessions are recovered in
 * index order.
 */
import type { ClusterConfig } from "../../../model/cluster/config.ts";
import { isClientEvent, isLeaseWorldEvent, isReplWorldEvent, type ClusterEvent, type ClusterState } from "../../../model/cluster/types.ts";
import { largeQuantumMs, leaseSpace } from "../lease/space.ts";
import { sessionChoices } from "../proxy/space.ts";
import { replicationSpace } from "../replication/space.ts";
import type { Choice, SearchSpace } from "../../explore/space.ts";

type C = Choice<ClusterEvent>;


/** Past every bound anything waits for: the lease's stability window, the RTO, the proxy's hold, a semi-sync timeout. */
export const clusterQuantumMs = (c: ClusterConfig): number =>
  Math.max(largeQuantumMs(c.lease), c.rtoMs, c.proxy.holdTimeoutMs, c.repl.timeoutMs ?? 0) + 1;

export const clusterSpace: SearchSpace<ClusterConfig, ClusterState, ClusterEvent> = {
  budgets: [
    { name: "statements", limit: 1, counts: "a session's StatementSent (any kind the workload sends)" },
    { name: "faults", limit: 2, counts: "PrimaryCrashed, NodeCrashed, and the parts' faults the env knobs allow: pauses, storage partitions, clocks, a replica's IO thread stopping, FTWRL (NodeRestarted, StorageHealed, ReplicaIoStarted are free)" },
    { name: "switchovers", limit: 0, counts: "SwitchoverRequested" },
    { name: "writers", limit: 0, counts: "OtherClientWrote" },
    { name: "writes", limit: 0, counts: "LeaderWriteRequested (lease-guarded writes)" },
    { name: "jitter", limit: 0, counts: "NodeWoke, IoProgressed (election's loops and I/O ahead of their bounds)" },
  ],
  choices: (c, s) => [
    { event: { type: "TimeAdvanced", maxMs: clusterQuantumMs(c) } },
    ...s.proxy.sessions.flatMap((x, i) => routed(sessionChoices(c.proxy, x, i), isClientEvent, (event) => ({ type: "Client", event }))),
    ...(c.proxy.env.otherWriters ? [{ event: { type: "Client", event: { type: "OtherClientWrote" } }, spends: "writers" } as C] : []),
    ...nodeChoices(s),
    ...leaseChoices(c, s),
    ...replChoices(c, s),
    ...(s.primary !== null && s.failover === null ? [{ event: { type: "SwitchoverRequested" }, spends: "switchovers" } as C] : []),
  ],
  symmetry: () => null,
  describe: (c) => [
    `time: one step of up to ${clusterQuantumMs(c)} ms, cut short at the first instant anything matters`,
    `clients: ${c.proxy.workload.join(", ")} on sessions s1..s${c.proxy.sessions}`,
    `faults: the primary or any node crashing (restarts free), ${c.architecture === "rds-ha" ? "replication IO stops and FTWRL, " : ""}and election's faults the env knobs allow`,
    "symmetry: none (n1 starts as primary, n2 as the standby)",
  ],
};

/** A part's choices the cluster routes to it, wrapped as the cluster routes them, spending from the same budget class. */
function routed<E, R extends E>(choices: readonly Choice<E>[], routes: (e: E) => e is R, wrap: (e: R) => ClusterEvent): C[] {
  return choices.flatMap((ch) => (routes(ch.event) ? [{ event: wrap(ch.event), ...(ch.spends === undefined ? {} : { spends: ch.spends }) }] : []));
}

function nodeChoices(s: ClusterState): C[] {
  const out: C[] = [];
  if (s.primary !== null) out.push({ event: { type: "PrimaryCrashed" }, spends: "faults" });
  s.lease.nodes.forEach((n, node) => {
    if (!n.up) out.push({ event: { type: "NodeRestarted", node } });
    else if (node !== s.primary) out.push({ event: { type: "NodeCrashed", node }, spends: "faults" });
  });
  return out;
}

/** Election's world events from its own space: its crashes, restarts and time are the cluster's. */
function leaseChoices(c: ClusterConfig, s: ClusterState): C[] {
  return routed(leaseSpace.choices(c.lease, s.lease), isLeaseWorldEvent, (event) => ({ type: "Lease", event }));
}

/** rds-ha: replication's own pace and its IO-thread faults, from its space; FTWRL while the secondary is faulty. */
function replChoices(c: ClusterConfig, s: ClusterState): C[] {
  if (s.repl === null) return [];
  const repl = routed(replicationSpace.choices(c.repl, s.repl), isReplWorldEvent, (event) => ({ type: "Replication", event }));
  return [...repl, { event: { type: "BackupLockTaken" }, spends: "faults" }];
}
