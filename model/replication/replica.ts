/**
 * The replica's side: the IO thread (walreceiver) receives the next event from its source and
 * acknowledges it; the SQL thread (startup process) applies it. A replica asks for what follows
 * the last GTID it holds; if its source does not have that GTID the histories have diverged:
 * with gtid_strict_mode it stops with an error, without it it carries on, silently diverged.
 */
import { nodeIds } from "../core/ids.ts";
import type { ReplConfig } from "./config.ts";
import { releaseAcked } from "./primary.ts";
import { describeNodeFault } from "./reasons.ts";
import { gtidText, held, positionOf, streaming, updateNode, withVisible } from "./state.ts";
import type { Entry, NodeId, ReplOutput, ReplState, RNode } from "./types.ts";

type Out = ReplOutput[];

/** Index in the source's log of the next entry this replica needs, or an error. */
function nextIndex(config: ReplConfig, r: RNode, source: RNode): number | string {
  const mine = held(r);
  const last = mine[mine.length - 1];
  if (last === undefined) return 0;
  const at = positionOf(source.log, last.gtid);
  if (at > 0) return at;
  if (config.gtidStrictMode || config.flavour === "postgres") {
    return config.flavour === "postgres"
      ? "timeline diverged: the standby has WAL its new primary never had"
      : `1236: requested to start from GTID ${gtidText(last.gtid)}, which is not in the master's binlog`;
  }
  // Without strict mode MariaDB resumes from the next sequence number: divergence goes unnoticed.
  const after = source.log.findIndex((e) => e.gtid.seq > last.gtid.seq);
  return after < 0 ? source.log.length : after;
}

export function receive(config: ReplConfig, s: ReplState, id: NodeId, out: Out): ReplState {
  if (!streaming(s, id)) return s;
  const r = s.nodes[id]!;
  const src = r.source!;
  const at = nextIndex(config, r, s.nodes[src]!);
  if (typeof at === "string") return breakReplication(s, id, at, out);
  const entry = s.nodes[src]!.log[at];
  if (entry === undefined) return s;
  out.push({ type: "Received", node: id, gtid: entry.gtid });
  // MariaDB syncs the relay log before its ACK only with sync_relay_log=1; a PostgreSQL standby
  // has flushed what it confirms, except under remote_write, which confirms an OS write only.
  const durable = config.flavour === "postgres" ? config.synchronousCommit !== "remote_write" : config.syncRelayLog;
  const got = updateNode(s, id, (n) => ({ ...n, relay: [...n.relay, entry], relayDurable: durable ? n.relay.length + 1 : n.relayDurable }));
  return acknowledge(config, got, id, out);
}

export function apply(config: ReplConfig, s: ReplState, id: NodeId, out: Out): ReplState {
  const r = s.nodes[id]!;
  const entry = r.relay[0];
  if (!r.up || entry === undefined) return s;
  out.push({ type: "Applied", node: id, gtid: entry.gtid });
  const done = updateNode(s, id, (n) => applyFirst(n));
  return done.nodes[id]!.source === null ? done : acknowledge(config, done, id, out);
}

function applyFirst(n: RNode): RNode {
  const [entry, ...rest] = n.relay as [Entry, ...Entry[]];
  return withVisible({ ...n, log: [...n.log, entry], relay: rest, relayDurable: Math.max(0, n.relayDurable - 1) }, entry.id);
}

/** Applies everything received: promotion and catch-up do this. */
export function applyAll(n: RNode): RNode {
  let m = n;
  while (m.relay.length > 0) m = applyFirst(m);
  return m;
}

/** Reports this replica's received and applied positions in its source's log (cumulative ACK). */
function acknowledge(config: ReplConfig, s: ReplState, id: NodeId, out: Out): ReplState {
  const r = s.nodes[id]!;
  const src = r.source;
  if (src === null || !streaming(s, id)) return s;
  const source = s.nodes[src]!;
  const pos = (entries: readonly Entry[]): number => {
    const last = entries[entries.length - 1];
    return last === undefined ? 0 : positionOf(source.log, last.gtid);
  };
  const ack = { replica: id, received: pos(held(r)), applied: pos(r.log) };
  const acked = updateNode(s, src, (n) => ({ ...n, acked: [...n.acked.filter((a) => a.replica !== id), ack] }));
  return releaseAcked(config, acked, src, out);
}

function breakReplication(s: ReplState, id: NodeId, error: string, out: Out): ReplState {
  if (s.nodes[id]!.broken !== null) return s;
  out.push({ type: "ReplicationBroken", node: id, error });
  return updateNode(s, id, (n) => ({ ...n, broken: error }));
}

/** Time passing lets every connected replica catch up: replication lag is bounded by a step. */
export function catchUp(config: ReplConfig, s: ReplState, out: Out): ReplState {
  let next = s;
  for (const id of nodeIds(next.nodes.length)) {
    for (let guard = 0; guard < 10_000 && streaming(next, id); guard++) {
      const before = held(next.nodes[id]!).length;
      next = receive(config, next, id, out);
      if (held(next.nodes[id]!).length === before) break;
    }
    while (next.nodes[id]!.up && next.nodes[id]!.relay.length > 0) next = apply(config, next, id, out);
  }
  return next;
}

export function setIo(config: ReplConfig, s: ReplState, id: NodeId, running: boolean, out: Out): ReplState {
  const r = s.nodes[id]!;
  if (!config.env.partitions || r.source === null || !r.up || r.ioRunning === running) return s;
  out.push({ type: "NodeFault", node: id, fault: describeNodeFault({ type: "IoThread", running }) });
  const next = updateNode(s, id, (n) => ({ ...n, ioRunning: running }));
  return running ? acknowledge(config, next, id, out) : next;
}
