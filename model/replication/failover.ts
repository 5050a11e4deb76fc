/**
 * Crashes, restarts, promotion and the old primary's return. What survives a crash is what was
 * on disk: the binlog (WAL), the engine's committed rows, and a replica's relay log only as far
 * as it was synced; under GTID replication MariaDB also purges the relay log when a replica's
 * threads start (MDEV-4698).
 */
import { nodeId, pickFrom } from "../core/ids.ts";
import type { ReplConfig } from "./config.ts";
import { giveUp } from "./primary.ts";
import { describeNodeFault } from "./reasons.ts";
import { applyAll } from "./replica.ts";
import { held, positionOf, primaryOf, updateNode } from "./state.ts";
import type { NodeId, ReplOutput, ReplState, RNode } from "./types.ts";

type Out = ReplOutput[];

/** Whether `NodeCrashed` takes node `id` down: a primary can always die; whether a replica may is the environment's say. */
export function acceptsCrash(config: ReplConfig, s: ReplState, id: NodeId): boolean {
  const n = s.nodes[id]!;
  return n.up && (n.writable || config.env.replicaRestarts);
}

export function crash(config: ReplConfig, s: ReplState, id: NodeId, out: Out): ReplState {
  if (!acceptsCrash(config, s, id)) return s;
  out.push({ type: "NodeFault", node: id, fault: describeNodeFault({ type: "Crashed" }) });
  let next = s;
  for (const w of s.waiters.filter((x) => x.node === id)) next = giveUp(next, w, { type: "PrimaryCrashed" }, out);
  next = { ...next, waiters: next.waiters.filter((w) => w.node !== id) };
  return updateNode(next, id, (m) => ({
    ...m, up: false, wasPrimary: m.writable, acked: [],
    relay: m.relay.slice(0, m.relayDurable),
  }));
}

export function restart(config: ReplConfig, s: ReplState, id: NodeId, out: Out): ReplState {
  const n = s.nodes[id]!;
  const inPlace = n.wasPrimary && primaryOf(s) === null;
  const allowed = n.wasPrimary ? !inPlace || config.env.primaryRestarts : config.env.replicaRestarts;
  if (n.up || !allowed) return s;
  out.push({ type: "NodeFault", node: id, fault: describeNodeFault({ type: "Restarted" }) });
  // --init-rpl-role=SLAVE is for an old primary that rejoins as a replica; a primary restarting in
  // place starts without it (with it, MariaDB 10.11 can roll back commits its clients were told
  // succeeded: the InnoDB commit is not on disk, only the binlog's XA prepare).
  const rejoining = n.wasPrimary && primaryOf(s) !== null && config.rejoin !== "primary";
  const recovered = updateNode(s, id, (m) => recover(config, m, rejoining));
  if (!n.wasPrimary) return updateNode(recovered, id, (m) => ({ ...m, up: true }));
  const current = primaryOf(recovered);
  if (current === null) return updateNode(recovered, id, (m) => ({ ...m, up: true, writable: true }));
  return rejoin(config, recovered, id, current, out);
}

/**
 * Crash recovery. A primary commits what its binlog holds, except that an old primary rejoining
 * with `init_rpl_role=SLAVE` truncates transactions the engine never committed. A replica
 * under GTID purges its relay log; a PostgreSQL standby keeps its flushed WAL.
 */
function recover(config: ReplConfig, n: RNode, rejoining: boolean): RNode {
  const fresh = { ...n, incarnation: n.incarnation + 1, semisync: { on: true, yesTx: 0, noTx: 0, noTimes: 0 } };
  // A PostgreSQL standby keeps the WAL it flushed; a MariaDB GTID replica purges its relay log.
  if (!n.wasPrimary) return config.flavour === "postgres" ? { ...fresh, relay: fresh.relay.slice(0, fresh.relayDurable) } : { ...fresh, relay: [], relayDurable: 0 };
  const truncate = config.flavour !== "postgres" && config.initRplRole === "SLAVE" && rejoining;
  const log = truncate ? n.log.filter((e) => n.visible.includes(e.id)) : n.log;
  return { ...fresh, log, visible: log.map((e) => e.id) };
}

/** The old primary returns after a failover, as `failover.rejoin` says. */
function rejoin(config: ReplConfig, s: ReplState, id: NodeId, primary: NodeId, out: Out): ReplState {
  if (config.rejoin === "primary") {
    out.push({ type: "NodeFault", node: id, fault: describeNodeFault({ type: "CameBackAsPrimary" }) });
    return updateNode(s, id, (m) => ({ ...m, up: true, writable: true }));
  }
  const target = s.nodes[primary]!;
  const rewind = (m: RNode): RNode => {
    const common = m.log.findIndex((e, i) => positionOf(target.log, e.gtid) !== i + 1);
    const log = common < 0 ? m.log : m.log.slice(0, common);
    return { ...m, log, visible: log.map((e) => e.id) };
  };
  out.push({ type: "NodeFault", node: id, fault: describeNodeFault({ type: "Rejoined", source: primary, rewound: config.rejoin === "rewind" }) });
  return updateNode(s, id, (m) => {
    const base = config.rejoin === "rewind" ? rewind(m) : m;
    return { ...base, up: true, writable: false, source: primary, ioRunning: true, broken: null, relay: [], relayDurable: 0, wasPrimary: false };
  });
}

/**
 * Failover: with no writable primary up, a replica applies what it received and becomes the
 * primary; the others replicate from it. A PostgreSQL standby keeps its own copy of
 * `synchronous_standby_names`, inherited from the old primary by pg_basebackup (R11).
 */
export function promote(config: ReplConfig, s: ReplState, pick: number, out: Out): ReplState {
  const chosen = promotionChoice(config, s, pick);
  return chosen === null ? s : promoteNode(config, s, chosen, out);
}

/** The replicas a failover may promote: none while a writable primary is up. */
function candidates(s: ReplState): NodeId[] {
  if (primaryOf(s) !== null) return [];
  return s.nodes.flatMap((n, i) => (n.up && !n.writable && !n.wasPrimary ? [nodeId(i)] : []));
}

/** The node `FailoverPromoted {pick}` promotes, or null when there is none to promote. */
function promotionChoice(config: ReplConfig, s: ReplState, pick: number): NodeId | null {
  const c = candidates(s);
  if (c.length === 0) return null;
  return config.promote === "most-advanced"
    ? c.reduce((best, i) => (held(s.nodes[i]!).length > held(s.nodes[best]!).length ? i : best))
    : pickFrom(c, pick)!;
}

/**
 * Whether some failover would promote node `id`: a composer whose own election chose the node
 * asks this, then promotes it with `promoteNode`, instead of trying picks until one names it.
 */
export function promotable(config: ReplConfig, s: ReplState, id: NodeId): boolean {
  const c = candidates(s);
  return c.includes(id) && (config.promote !== "most-advanced" || promotionChoice(config, s, 0) === id);
}

/** Promotes node `id`, which `promotable` allows: it applies what it received and the others follow it. */
export function promoteNode(config: ReplConfig, s: ReplState, chosen: NodeId, out: Out): ReplState {
  out.push({ type: "Promoted", node: chosen });
  const promoted = updateNode(s, chosen, (n) => ({
    ...applyAll(n), writable: true, source: null, ioRunning: false, broken: null, acked: [],
  }));
  return {
    ...promoted,
    // CHANGE MASTER purges a MariaDB replica's relay log; a PostgreSQL standby keeps its WAL.
    nodes: promoted.nodes.map((n, i) => (i !== chosen && n.source !== null ? repoint(config, n, promoted.nodes[chosen]!, chosen) : n)),
  };
}

/**
 * A replica now follows the new primary. A PostgreSQL standby that already flushed WAL the new
 * primary never had cannot follow its timeline: the walreceiver refuses at once.
 */
function repoint(config: ReplConfig, n: RNode, target: RNode, source: NodeId): RNode {
  const purged = config.flavour === "postgres" ? n : { ...n, relay: [], relayDurable: 0 };
  const ahead = config.flavour === "postgres" && held(n).some((e) => positionOf(target.log, e.gtid) === 0);
  return { ...purged, source, broken: ahead ? "timeline diverged: the standby has WAL its new primary never had" : null };
}

/** A client reads every row a node shows. */
export function read(s: ReplState, id: NodeId, out: Out): ReplState {
  const n = s.nodes[id]!;
  if (!n.up) {
    out.push({ type: "ReadReplied", node: id, ids: null });
    return s;
  }
  out.push({ type: "ReadReplied", node: id, ids: n.visible });
  return { ...s, trx: s.trx.map((t) => (n.visible.includes(t.id) ? { ...t, read: true } : t)) };
}
