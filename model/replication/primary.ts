/**
 * The primary's side: a commit is written to the binlog (WAL), then waits for acknowledgement as
 * the flavour and wait point say, and returns to its client when acknowledged, timed out,
 * killed, or when semi-sync is off. MariaDB's `commit_trx()` returns success on every one of
 * those paths; only the yes/no counters tell them apart (research §3.1).
 */
import { nodeId, nodeName, pickFrom } from "../core/ids.ts";
import type { ReplConfig } from "./config.ts";
import { lastSeq, primaryOf, streaming, updateNode, updateTrx, withVisible } from "./state.ts";
import { describeCommitReason } from "./reasons.ts";
import { standbyPriority, syncStandbysOf } from "./sync-names.ts";
import { NO_PRIMARY, type CommitReason, type NodeId, type ReplOutput, type ReplState, type Waiter } from "./types.ts";

type Out = ReplOutput[];
type Release = "ack" | "timeout" | "kill" | "off";

export function commit(config: ReplConfig, s: ReplState, out: Out, retryOf: { row: number; attempt: number } | null = null): ReplState {
  const id = s.nextId;
  const row = retryOf?.row ?? id;
  const attempt = retryOf === null ? 0 : retryOf.attempt + 1;
  const p = primaryOf(s);
  const base = { ...s, nextId: id + 1 };
  if (p === null) {
    out.push({ type: "CommitReplied", id, node: NO_PRIMARY, outcome: "error", why: describeCommitReason({ type: "NoPrimary" }) });
    return { ...base, trx: [...s.trx, { id, row, attempt, node: NO_PRIMARY, incarnation: 0, client: "error", counted: null, read: false, startedMs: s.nowMs }] };
  }
  const gtid = { server: p + 1, seq: lastSeq(s.nodes[p]!.log) + 1 };
  out.push({ type: "CommitIssued", id, row, node: p, gtid });
  const logged = updateNode(base, p, (n) => ({ ...n, log: [...n.log, { gtid, id, row }] }));
  const trx = { id, row, attempt, node: p, incarnation: s.nodes[p]!.incarnation, client: "pending" as const, counted: null, read: false, startedMs: s.nowMs };
  const withTrx = { ...logged, trx: [...logged.trx, trx] };
  const why = mustWait(config, withTrx, p);
  if (why !== null) return finish(config, withTrx, { id, node: p, pos: withTrx.nodes[p]!.log.length, sinceMs: s.nowMs, abandoned: false }, "off", why, out);
  const waiter: Waiter = { id, node: p, pos: withTrx.nodes[p]!.log.length, sinceMs: s.nowMs, abandoned: false };
  // AFTER_COMMIT commits in the engine first: other sessions see it while it waits.
  const visible = config.waitPoint === "AFTER_COMMIT" ? updateNode(withTrx, p, (n) => withVisible(n, id)) : withTrx;
  return { ...visible, waiters: [...visible.waiters, waiter] };
}

/** The id the next `ClientCommitRequested` writes to the binlog under, or null when no writable primary takes it. */
export function nextCommitId(s: ReplState): number | null {
  return primaryOf(s) === null ? null : s.nextId;
}

/** Why the commit need not wait (semi-sync off, nobody to wait for), or null when it must. */
function mustWait(config: ReplConfig, s: ReplState, p: NodeId): CommitReason | null {
  const n = s.nodes[p]!;
  if (config.flavour === "postgres") {
    if (config.synchronousCommit === "off" || config.synchronousCommit === "local") return { type: "LocalCommitLevel", level: config.synchronousCommit };
    return syncStandbysOf(n.syncNamesText).method === "none" ? { type: "NoSyncStandby" } : null;
  }
  if (!n.semisync.on) return { type: "SemiSyncOff" };
  const clients = replicasOf(s, p).filter((r) => streaming(s, r)).length;
  return clients === 0 && !config.waitNoSlave ? { type: "NoReplicaNoWait" } : null;
}

export function replicasOf(s: ReplState, p: NodeId): NodeId[] {
  return s.nodes.flatMap((n, i) => (n.source === p ? [nodeId(i)] : []));
}

/**
 * Ends a wait. The commit becomes visible if it was not yet (AFTER_SYNC, PostgreSQL), is
 * counted yes (ACK) or no (anything else), and its client is told OK unless it gave up.
 */
export function finish(config: ReplConfig, s: ReplState, w: Waiter, how: Release, why: CommitReason, out: Out): ReplState {
  const yes = how === "ack";
  const counted = config.flavour === "postgres" ? null : yes ? "yes" : "no";
  let next = updateNode({ ...s, waiters: s.waiters.filter((x) => x.id !== w.id) }, w.node, (n) => {
    const committed = withVisible(n, w.id);
    if (counted === null) return committed;
    const ss = committed.semisync;
    return { ...committed, semisync: yes ? { ...ss, yesTx: ss.yesTx + 1 } : { ...ss, noTx: ss.noTx + 1 } };
  });
  next = updateTrx(next, w.id, (t) => ({ ...t, counted, client: w.abandoned ? t.client : "ok" }));
  if (!w.abandoned) out.push({ type: "CommitReplied", id: w.id, node: w.node, outcome: "ok", why: describeCommitReason(why) });
  return next;
}

/** After a replica's progress, every waiter it (with the others) now satisfies is released. */
export function releaseAcked(config: ReplConfig, s: ReplState, p: NodeId, out: Out): ReplState {
  let next = switchOnIfCaughtUp(config, s, p, out);
  for (const w of next.waiters.filter((x) => x.node === p)) {
    if (satisfied(config, next, p, w.pos)) next = finish(config, next, w, "ack", ackWhy(config), out);
  }
  return next;
}

const ackWhy = (config: ReplConfig): CommitReason =>
  config.flavour === "postgres" ? { type: "StandbyConfirmed", level: config.synchronousCommit } : { type: "SemiSyncAcked" };

function satisfied(config: ReplConfig, s: ReplState, p: NodeId, pos: number): boolean {
  const n = s.nodes[p]!;
  const progress = (r: NodeId): number => {
    const a = n.acked.find((x) => x.replica === r);
    return a === undefined ? 0 : config.synchronousCommit === "remote_apply" && config.flavour === "postgres" ? a.applied : a.received;
  };
  const live = replicasOf(s, p).filter((r) => streaming(s, r));
  if (config.flavour !== "postgres") return live.filter((r) => progress(r) >= pos).length >= config.waitForSlaveCount;
  const sync = syncStandbysOf(n.syncNamesText);
  if (sync.method === "none") return false;
  // The candidates in priority order (their first entry in the list; node order among equals).
  const ranked = live.map((r) => ({ r, priority: standbyPriority(sync, nodeName(r)) })).filter((x) => x.priority > 0);
  const named = ranked.sort((a, b) => a.priority - b.priority || a.r - b.r).map((x) => x.r);
  // FIRST k: the k highest-priority candidates must all have it; ANY k: any k of them. With
  // fewer candidates than k the commit waits (PostgreSQL only warns about such a setting).
  const chosen = sync.method === "FIRST" ? named.slice(0, sync.k) : named;
  return chosen.filter((r) => progress(r) >= pos).length >= sync.k;
}

/** MariaDB `try_switch_on`: semi-sync comes back ON when a replica has caught up. */
function switchOnIfCaughtUp(config: ReplConfig, s: ReplState, p: NodeId, out: Out): ReplState {
  const n = s.nodes[p]!;
  if (config.flavour === "postgres" || n.semisync.on) return s;
  if (!n.acked.some((a) => a.received >= n.log.length && streaming(s, a.replica))) return s;
  out.push({ type: "SemiSyncSwitched", node: p, on: true });
  return updateNode(s, p, (m) => ({ ...m, semisync: { ...m.semisync, on: true } }));
}

/** A timed-out wait switches semi-sync OFF, and `switch_off()` releases every waiter. */
export function timeOut(config: ReplConfig, s: ReplState, out: Out): ReplState {
  if (config.timeoutMs === null) return s;
  const late = s.waiters.find((w) => s.nowMs - w.sinceMs >= config.timeoutMs!);
  if (late === undefined) return s;
  out.push({ type: "SemiSyncSwitched", node: late.node, on: false });
  let next = updateNode(s, late.node, (n) => ({ ...n, semisync: { ...n.semisync, on: false, noTimes: n.semisync.noTimes + 1 } }));
  for (const w of next.waiters.filter((x) => x.node === late.node)) next = finish(config, next, w, "timeout", { type: "SemiSyncTimedOut" }, out);
  return timeOut(config, next, out);
}

export function kill(config: ReplConfig, s: ReplState, pick: number, out: Out): ReplState {
  if (!config.env.killWaiters || s.waiters.length === 0) return s;
  const w = pickFrom(s.waiters, pick)!;
  return finish(config, s, w, "kill", { type: "WaitKilled", postgres: config.flavour === "postgres" }, out);
}

/** The client stops waiting (driver timeout, disconnect); the server session waits on. */
export function giveUp(s: ReplState, w: Waiter, why: CommitReason, out: Out): ReplState {
  if (w.abandoned) return s;
  out.push({ type: "CommitReplied", id: w.id, node: w.node, outcome: "unknown", why: describeCommitReason(why) });
  const waiters = s.waiters.map((x) => (x.id === w.id ? { ...x, abandoned: true } : x));
  return updateTrx({ ...s, waiters }, w.id, (t) => ({ ...t, client: "unknown" }));
}

/** A client that gave up on its commit may send the same insert again (`client.retries`). */
export function giveUpAndRetry(config: ReplConfig, s: ReplState, w: Waiter, why: CommitReason, out: Out): ReplState {
  const next = giveUp(s, w, why, out);
  const t = next.trx.find((x) => x.id === w.id)!;
  return w.abandoned || t.attempt >= config.retries ? next : commit(config, next, out, { row: t.row, attempt: t.attempt });
}
