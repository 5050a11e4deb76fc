/**
 * The cluster reducer: step(config, state, event) → { state, outputs }. Each event goes to the
 * part it concerns; then the parts are coupled: election's decisions drive the failover, the
 * proxy's commits become replication commits, and a recovered node opens.
 */
import { match } from "ts-pattern";
import { nodeId, nodeName, resolvePick, type NodeId } from "../core/ids.ts";
import type { Transition } from "../core/protocol.ts";
import { releasable } from "../lease/release.ts";
import { isRead, isWrite } from "../proxy/types.ts";
import { acceptsCrash } from "../replication/failover.ts";
import type { ClusterConfig } from "./config.ts";
import { awaitingAck, secondaryFaulty, syncCommits } from "./data.ts";
import { couple, electedLost, startFailover } from "./failover.ts";
import { leaseStep, proxyStep, replStep } from "./parts.ts";
import { advance } from "./time.ts";
import { andThen, emit, stay, type Step } from "./transition.ts";
import type { ClientEvent, ClusterEvent, ClusterOutput, ClusterState } from "./types.ts";

export function stepCluster(config: ClusterConfig, state: ClusterState, event: ClusterEvent): Transition<ClusterState, ClusterOutput> {
  const node = (raw: number): NodeId => nodeId(resolvePick(raw, state.lease.nodes.length));
  const applied = match(event)
    .with({ type: "TimeAdvanced" }, (e) => advance(config, state, e.maxMs))
    .with({ type: "Client" }, (e) => client(config, state, e.event))
    .with({ type: "PrimaryCrashed" }, () => (state.primary === null ? stay(state) : crash(config, state, state.primary)))
    .with({ type: "NodeCrashed" }, (e) => crash(config, state, node(e.node)))
    .with({ type: "NodeRestarted" }, (e) => restart(config, state, node(e.node)))
    .with({ type: "Lease" }, (e) => leaseStep(config, state, e.event))
    .with({ type: "Replication" }, (e) => replStep(config, state, e.event))
    .with({ type: "SwitchoverRequested" }, () => switchover(config, state))
    .with({ type: "BackupLockTaken" }, () => backupLock(config, state))
    .exhaustive();
  const coupled = andThen(applied, (s) => couple(config, s, applied.news));
  const synced = andThen(coupled, (s) => syncCommits(config, s, null));
  return { state: synced.state, outputs: synced.outputs };
}

function client(c: ClusterConfig, s: ClusterState, e: ClientEvent): Step {
  if (e.type !== "StatementExecuted" && e.type !== "ReplyDelivered") return proxyStep(c, s, e);
  const i = resolvePick(e.session, s.proxy.sessions.length);
  const p = s.proxy.sessions[i]!.pending;
  if (e.type === "ReplyDelivered" && awaitingAck(s, i)) return stay(s);
  if (e.type === "StatementExecuted" && p !== null && s.readLockUntilMs !== null && changesData(p.stmt.kind)) {
    return emit(s, { type: "WriteBlocked", session: i, why: "FLUSH TABLES WITH READ LOCK held by the primary's backup" });
  }
  const stalled = e.type === "StatementExecuted" && p !== null ? stall(c, s, i) : null;
  if (stalled !== null) return emit(s, { type: "StatementStalled", session: i, why: stalled });
  const stepped = proxyStep(c, s, e);
  if (e.type !== "StatementExecuted" || p === null) return stepped;
  // rds-ha: a read on the primary reads what replication's primary shows (NoPhantomRead's "read").
  const read = andThen(stepped, (x) => (isRead(p.stmt.kind) && x.primary !== null ? replStep(c, x, { type: "ClientReadRequested", node: x.primary }) : stay(x)));
  return andThen(read, (x) => syncCommits(c, x, { session: i, stmt: p.stmt.id }));
}

/** Why the server a session's statement is on cannot execute it now (frozen, or cut off from shared storage), or null. */
function stall(c: ClusterConfig, s: ClusterState, i: number): string | null {
  const conn = s.proxy.sessions[i]!.conn;
  const n = conn === null ? undefined : s.lease.nodes[conn.node];
  if (n === undefined || !n.up) return null;
  if (n.pausedUntilMs !== null) return `${nodeName(conn!.node)} is paused`;
  return c.architecture === "polardb" && !n.storageReachable ? `${nodeName(conn!.node)} cannot reach shared storage` : null;
}

const changesData = (k: Parameters<typeof isWrite>[0]): boolean => isWrite(k) || k === "commit" || k === "implicit-commit";

function crash(c: ClusterConfig, s: ClusterState, n: NodeId): Step {
  const wasUp = s.lease.nodes[n]!.up;
  // A node crashes in every part or in none: replication may rule a crash out (env.replicaRestarts).
  if (s.repl !== null && s.repl.nodes[n]!.up && !acceptsCrash(c.repl, s.repl, n)) return stay(s);
  const inLease = leaseStep(c, s, { type: "NodeCrashed", node: n });
  if (inLease.state.lease.nodes[n]!.up || !wasUp) return inLease;
  const inRepl = andThen(inLease, (x) => replStep(c, x, { type: "NodeCrashed", node: n }));
  return andThen(inRepl, (x) =>
    n === x.primary && x.failover === null ? startFailover(c, x, "failover", `the primary ${nodeName(n)} crashed`) : stay(electedLost(x, n)));
}

/**
 * A node comes back. On rds-ha its database restarts too, except that a former primary rejoins
 * replication (as `failover.rejoin` says) only once a primary is serving: during a failover the
 * HA system keeps it fenced.
 */
function restart(c: ClusterConfig, s: ClusterState, n: NodeId): Step {
  return andThen(leaseStep(c, s, { type: "NodeRestarted", node: n }), (x) =>
    x.repl === null || (x.primary === null && x.repl.nodes[n]!.wasPrimary) ? stay(x) : replStep(c, x, { type: "NodeRestarted", node: n }));
}

/** A planned switchover: the primary releases its lease so the standby need not wait it out, then stops. */
function switchover(c: ClusterConfig, s: ClusterState): Step {
  const p = s.primary;
  if (p === null || s.failover !== null || s.lease.nodes[p]!.role !== "Leader" || !standbyReady(s) || !releasable(s.lease, p)) return stay(s);
  const released = leaseStep(c, s, { type: "LeaseReleased", node: p });
  // With no storage latency the releasing node can win the lease back within the same instant.
  // The hand-over is then called off and the state kept, but what election did in that step is
  // still reported and acted on, as it always was.
  if (released.state.lease.nodes[p]!.role === "Leader") return { ...released, state: s };
  const started = andThen(released, (x) => startFailover(c, x, "switchover", `planned switchover away from ${nodeName(p)}`));
  const stopped = andThen(started, (x) => leaseStep(c, x, { type: "NodeCrashed", node: p }));
  return andThen(stopped, (x) => (x.repl !== null && x.repl.nodes[p]!.up ? replStep(c, x, { type: "NodeCrashed", node: p }) : stay(x)));
}

/** A planned switchover needs somewhere to go: a running standby that reaches storage (and, on rds-ha, replicates). */
function standbyReady(s: ClusterState): boolean {
  return s.lease.nodes.some((n, i) =>
    i !== s.primary && n.role === "Follower" && n.up && n.pausedUntilMs === null && n.storageReachable &&
    (s.repl === null || (s.repl.nodes[i]!.up && s.repl.nodes[i]!.broken === null && s.repl.nodes[i]!.ioRunning)));
}

/** rds-ha: with its secondary faulty the primary backs itself up and, near the end, holds FTWRL. */
function backupLock(c: ClusterConfig, s: ClusterState): Step {
  if (c.architecture !== "rds-ha" || s.primary === null || s.readLockUntilMs !== null || !secondaryFaulty(s) || c.backupLockMs === 0) return stay(s);
  return emit({ ...s, readLockUntilMs: s.nowMs + c.backupLockMs }, { type: "GlobalReadLock", on: true });
}

/** The event as taken: the crashed primary named, time as it really passed. */
export function resolveClusterEvent(_c: ClusterConfig, before: ClusterState, after: ClusterState, e: ClusterEvent): ClusterEvent {
  if (e.type === "TimeAdvanced") return { type: "TimeAdvanced", maxMs: after.nowMs - before.nowMs };
  if (e.type === "PrimaryCrashed" && before.primary !== null) return { type: "NodeCrashed", node: before.primary };
  return e;
}
