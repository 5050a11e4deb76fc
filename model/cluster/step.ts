/**
 * The cluster reducer: step(config, state, event) → { state, outputs }. Each event goes to the
 * part it concerns; then the parts are coupled: election's outcome drives the failover, the
 * proxy's commits become replication commits, and a recovered node opens.
 */
import { match } from "ts-pattern";
import type { Transition } from "../core/protocol.ts";
import { isRead, isWrite } from "../proxy/types.ts";
import type { ClusterConfig } from "./config.ts";
import { awaitingAck, secondaryFaulty, syncCommits } from "./data.ts";
import { couple, electedLost, startFailover } from "./failover.ts";
import { leaseStep, proxyStep, replStep } from "./parts.ts";
import { advance } from "./time.ts";
import type { ClientEvent, ClusterEvent, ClusterOutput, ClusterState } from "./types.ts";

export function stepCluster(config: ClusterConfig, state: ClusterState, event: ClusterEvent): Transition<ClusterState, ClusterOutput> {
  const out: ClusterOutput[] = [];
  const node = (raw: number): number => Math.abs(Math.trunc(raw)) % state.lease.nodes.length;
  const applied = match(event)
    .with({ type: "TimeAdvanced" }, (e) => advance(config, state, e.maxMs, out))
    .with({ type: "Client" }, (e) => client(config, state, e.event, out))
    .with({ type: "PrimaryCrashed" }, () => (state.primary === null ? state : crash(config, state, state.primary, out)))
    .with({ type: "NodeCrashed" }, (e) => crash(config, state, node(e.node), out))
    .with({ type: "NodeRestarted" }, (e) => restart(config, state, node(e.node), out))
    .with({ type: "Lease" }, (e) => leaseStep(config, state, e.event, out))
    .with({ type: "Replication" }, (e) => replStep(config, state, e.event, out).s)
    .with({ type: "SwitchoverRequested" }, () => switchover(config, state, out))
    .with({ type: "BackupLockTaken" }, () => backupLock(config, state, out))
    .exhaustive();
  const coupled = couple(config, applied, [...out], out);
  return { state: syncCommits(config, coupled, null, out), outputs: out };
}

function client(c: ClusterConfig, s: ClusterState, e: ClientEvent, out: ClusterOutput[]): ClusterState {
  if (e.type === "StatementExecuted" || e.type === "ReplyDelivered") {
    const i = Math.abs(Math.trunc(e.session)) % s.proxy.sessions.length;
    const p = s.proxy.sessions[i]!.pending;
    if (e.type === "ReplyDelivered" && awaitingAck(s, i)) return s;
    if (e.type === "StatementExecuted" && p !== null && s.readLockUntilMs !== null && changesData(p.stmt.kind)) {
      out.push({ type: "WriteBlocked", session: i, why: "FLUSH TABLES WITH READ LOCK held by the primary's backup" });
      return s;
    }
    const stalled = e.type === "StatementExecuted" && p !== null ? stall(c, s, i) : null;
    if (stalled !== null) {
      out.push({ type: "StatementStalled", session: i, why: stalled });
      return s;
    }
    const stepped = proxyStep(c, s, e, out);
    if (e.type !== "StatementExecuted" || p === null) return stepped;
    // rds-ha: a read on the primary reads what replication's primary shows (NoPhantomRead's "read").
    const read = isRead(p.stmt.kind) && stepped.primary !== null ? replStep(c, stepped, { type: "ClientReadRequested", node: stepped.primary }, out).s : stepped;
    return syncCommits(c, read, { session: i, stmt: p.stmt.id }, out);
  }
  return proxyStep(c, s, e, out);
}

/** Why the server a session's statement is on cannot execute it now (frozen, or cut off from shared storage), or null. */
function stall(c: ClusterConfig, s: ClusterState, i: number): string | null {
  const conn = s.proxy.sessions[i]!.conn;
  const n = conn === null ? undefined : s.lease.nodes[conn.node];
  if (n === undefined || !n.up) return null;
  if (n.pausedUntilMs !== null) return `n${conn!.node + 1} is paused`;
  return c.architecture === "polardb" && !n.storageReachable ? `n${conn!.node + 1} cannot reach shared storage` : null;
}

const changesData = (k: Parameters<typeof isWrite>[0]): boolean => isWrite(k) || k === "commit" || k === "implicit-commit";

function crash(c: ClusterConfig, s: ClusterState, n: number, out: ClusterOutput[]): ClusterState {
  const wasUp = s.lease.nodes[n]!.up;
  // A node crashes in every part or in none: replication may rule a crash out (env.replicaRestarts).
  if (s.repl !== null && s.repl.nodes[n]!.up && replStep(c, s, { type: "NodeCrashed", node: n }, []).s.repl!.nodes[n]!.up) return s;
  let next = leaseStep(c, s, { type: "NodeCrashed", node: n }, out);
  if (next.lease.nodes[n]!.up || !wasUp) return next;
  next = replStep(c, next, { type: "NodeCrashed", node: n }, out).s;
  if (n === next.primary && next.failover === null) return startFailover(c, next, "failover", `the primary ${`n${n + 1}`} crashed`, out);
  return electedLost(next, n);
}

/**
 * A node comes back. On rds-ha its database restarts too, except that a former primary rejoins
 * replication (as `failover.rejoin` says) only once a primary is serving: during a failover the
 * HA system keeps it fenced.
 */
function restart(c: ClusterConfig, s: ClusterState, n: number, out: ClusterOutput[]): ClusterState {
  const next = leaseStep(c, s, { type: "NodeRestarted", node: n }, out);
  if (next.repl === null || (next.primary === null && next.repl.nodes[n]!.wasPrimary)) return next;
  return replStep(c, next, { type: "NodeRestarted", node: n }, out).s;
}

/** A planned switchover: the primary releases its lease so the standby need not wait it out, then stops. */
function switchover(c: ClusterConfig, s: ClusterState, out: ClusterOutput[]): ClusterState {
  const p = s.primary;
  if (p === null || s.failover !== null || s.lease.nodes[p]!.role !== "Leader" || !standbyReady(s)) return s;
  const released = leaseStep(c, s, { type: "LeaseReleased", node: p }, out);
  if (released.lease.nodes[p]!.role === "Leader") return s;
  const started = startFailover(c, released, "switchover", `planned switchover away from n${p + 1}`, out);
  const stopped = leaseStep(c, started, { type: "NodeCrashed", node: p }, out);
  return stopped.repl !== null && stopped.repl.nodes[p]!.up ? replStep(c, stopped, { type: "NodeCrashed", node: p }, out).s : stopped;
}

/** A planned switchover needs somewhere to go: a running standby that reaches storage (and, on rds-ha, replicates). */
function standbyReady(s: ClusterState): boolean {
  return s.lease.nodes.some((n, i) =>
    i !== s.primary && n.role === "Follower" && n.up && n.pausedUntilMs === null && n.storageReachable &&
    (s.repl === null || (s.repl.nodes[i]!.up && s.repl.nodes[i]!.broken === null && s.repl.nodes[i]!.ioRunning)));
}

/** rds-ha: with its secondary faulty the primary backs itself up and, near the end, holds FTWRL. */
function backupLock(c: ClusterConfig, s: ClusterState, out: ClusterOutput[]): ClusterState {
  if (c.architecture !== "rds-ha" || s.primary === null || s.readLockUntilMs !== null || !secondaryFaulty(s) || c.backupLockMs === 0) return s;
  out.push({ type: "GlobalReadLock", on: true });
  return { ...s, readLockUntilMs: s.nowMs + c.backupLockMs };
}

/** The event as taken: the crashed primary named, time as it really passed. */
export function resolveClusterEvent(_c: ClusterConfig, before: ClusterState, after: ClusterState, e: ClusterEvent): ClusterEvent {
  if (e.type === "TimeAdvanced") return { type: "TimeAdvanced", maxMs: after.nowMs - before.nowMs };
  if (e.type === "PrimaryCrashed" && before.primary !== null) return { type: "NodeCrashed", node: before.primary };
  return e;
}
