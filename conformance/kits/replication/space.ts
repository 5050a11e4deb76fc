/**
 * The replication search space. Time moves to the next instant a wait can end by itself (a
 * semi-sync or client timeout), or by the longest timeout when none is pending: between those
 * instants only the connected replicas catching up happens, and time does that anyway. Faults
 * are only those the `env.*` knobs allow, as in conformance/histories/replication.ts.
 * `CountersRead` is left out: it reads the status counters and changes nothing an invariant sees.
 *
 * Symmetry: the replicas (n2 and up) start alike, so a state is identified with its images
 * under every permutation of them, renamed everywhere an id appears (sources, acks, GTIDs'
 * server ids, waiters, transactions, streaming times). That is sound only where the protocol
 * treats replicas alike, so it is off when the configuration singles one out: PostgreSQL's
 * `synchronous_standby_names` naming some replicas or ranking them (FIRST), `failover.promote=
 * most-advanced` (ties go to the lowest id), or `failover.rejoin=primary` (two writable nodes,
 * the lower id taking the writes).
 */
import type { ReplConfig } from "../../../model/replication/config.ts";
import { nodeId, nodeName, type NodeId } from "../../../model/core/ids.ts";
import { primaryOf, streaming } from "../../../model/replication/state.ts";
import { NO_PRIMARY, type Entry, type ReplEvent, type ReplState, type RNode } from "../../../model/replication/types.ts";
import { standbyPriority } from "../../../model/replication/sync-names.ts";
import { relabellings } from "../../explore/permutations.ts";
import type { Choice, SearchSpace } from "../../explore/space.ts";

type C = Choice<ReplEvent>;

/** Longer than any timeout: a step that waits this long lets every pending wait end. */
export const longestWaitMs = (c: ReplConfig): number => Math.max(c.timeoutMs ?? 0, c.commitBoundMs) + 1;

export const replicationSpace: SearchSpace<ReplConfig, ReplState, ReplEvent> = {
  budgets: [
    { name: "commits", limit: 2, counts: "ClientCommitRequested (a retry after giving up is the model's, not a new commit)" },
    { name: "reads", limit: 1, counts: "ClientReadRequested (on any running node)" },
    { name: "faults", limit: 2, counts: "NodeCrashed, ReplicaIoStopped, WaiterKilled, ClientGaveUp (NodeRestarted and ReplicaIoStarted are free: each undoes a fault paid for)" },
  ],
  choices: (c, s) => [
    { event: { type: "TimeAdvanced", maxMs: longestWaitMs(c) } },
    { event: { type: "ClientCommitRequested" }, spends: "commits" },
    ...s.nodes.flatMap((n, i) => nodeChoices(c, s, n, i)),
    ...waiterChoices(c, s),
    ...promotions(c, s),
  ],
  symmetry: (c) => (replicasAlike(c) ? (s) => relabellings(c.nodes, replicaIds(c)).map((map) => relabel(s, map)) : null),
  describe: (c) => [
    `time: to the next timeout, or ${longestWaitMs(c)} ms when none is pending`,
    `nodes: n1..n${c.nodes}; failover picks ${c.promote === "any" ? "any up replica" : "the most advanced replica"}`,
    `faults allowed by env: crashes${c.env.partitions ? ", IO thread stops" : ""}${c.env.killWaiters ? ", killed waiters" : ""}, clients giving up`,
    `symmetry: ${replicasAlike(c) ? `replicas n2..n${c.nodes} interchangeable` : c.nodes < 3 ? "none (one replica)" : "none (this configuration singles a replica out)"}`,
  ],
};

function nodeChoices(c: ReplConfig, s: ReplState, n: RNode, node: number): C[] {
  const out: C[] = [];
  if (n.up) out.push({ event: { type: "ClientReadRequested", node }, spends: "reads" });
  if (streaming(s, nodeId(node))) out.push({ event: { type: "ReplicaReceived", node } });
  if (n.up && n.relay.length > 0) out.push({ event: { type: "ReplicaApplied", node } });
  if (c.env.partitions && n.up && n.source !== null) {
    out.push(n.ioRunning ? { event: { type: "ReplicaIoStopped", node }, spends: "faults" } : { event: { type: "ReplicaIoStarted", node } });
  }
  out.push(n.up ? { event: { type: "NodeCrashed", node }, spends: "faults" } : { event: { type: "NodeRestarted", node } });
  return out;
}

function waiterChoices(c: ReplConfig, s: ReplState): C[] {
  const live = s.waiters.filter((w) => !w.abandoned);
  return [
    ...(c.env.killWaiters ? s.waiters.map((_, pick): C => ({ event: { type: "WaiterKilled", pick }, spends: "faults" })) : []),
    ...live.map((_, pick): C => ({ event: { type: "ClientGaveUp", pick }, spends: "faults" })),
  ];
}

/** With no primary, failover: each candidate under `promote=any`, the one it would pick otherwise. */
function promotions(c: ReplConfig, s: ReplState): C[] {
  if (primaryOf(s) !== null) return [];
  const candidates = s.nodes.filter((n) => n.up && !n.writable && !n.wasPrimary).length;
  const picks = c.promote === "any" ? candidates : Math.min(1, candidates);
  return Array.from({ length: picks }, (_, pick): C => ({ event: { type: "FailoverPromoted", pick } }));
}

const replicaIds = (c: ReplConfig): number[] => Array.from({ length: c.nodes - 1 }, (_, i) => i + 1);

function replicasAlike(c: ReplConfig): boolean {
  if (c.nodes < 3 || c.promote !== "any" || c.rejoin === "primary") return false;
  const sync = c.syncNames;
  if (c.flavour !== "postgres" || sync.method === "none" || (sync.names.includes("*") && sync.method === "ANY")) return true;
  const named = replicaIds(c).map((r) => standbyPriority(sync, nodeName(r)) > 0);
  return sync.method === "ANY" && named.every((x) => x === named[0]);
}

/** The state with node i renamed map[i] wherever an id appears. */
function relabel(s: ReplState, map: readonly number[]): ReplState {
  const id = (i: number): NodeId => nodeId(map[i]!);
  const entry = (e: Entry): Entry => ({ ...e, gtid: { server: id(e.gtid.server - 1) + 1, seq: e.gtid.seq } });
  const nodes: RNode[] = new Array<RNode>(s.nodes.length);
  s.nodes.forEach((n, i) => {
    nodes[id(i)] = {
      ...n,
      log: n.log.map(entry),
      relay: n.relay.map(entry),
      source: n.source === null ? null : id(n.source),
      acked: n.acked.map((a) => ({ ...a, replica: id(a.replica) })).sort((a, b) => a.replica - b.replica),
    };
  });
  const streamingSinceMs = new Array<number | null>(s.nodes.length);
  s.streamingSinceMs.forEach((t, i) => (streamingSinceMs[id(i)] = t));
  return {
    ...s, nodes, streamingSinceMs,
    waiters: s.waiters.map((w) => ({ ...w, node: id(w.node) })),
    trx: s.trx.map((t) => (t.node === NO_PRIMARY ? t : { ...t, node: id(t.node) })),
  };
}
