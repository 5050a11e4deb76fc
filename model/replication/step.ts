/**
 * The replication reducer: step(config, state, event) → { state, outputs }. Pure and total; an
 * event that does not apply (receiving on a stopped replica) changes nothing.
 */
import { match } from "ts-pattern";
import { nodeId, nodeIds, pickFrom } from "../core/ids.ts";
import type { Transition } from "../core/protocol.ts";
import type { ReplConfig } from "./config.ts";
import { crash, promote, promoteNode, read, restart } from "./failover.ts";
import { commit, giveUpAndRetry, kill, timeOut } from "./primary.ts";
import { apply, catchUp, receive, setIo } from "./replica.ts";
import { primaryOf, resolveNode, streaming } from "./state.ts";
import type { NodeId, ReplEvent, ReplOutput, ReplState, RestartTaken } from "./types.ts";

export function stepReplication(config: ReplConfig, state: ReplState, event: ReplEvent): Transition<ReplState, ReplOutput> {
  const out: ReplOutput[] = [];
  const node = (raw: number): NodeId => resolveNode(state, raw);
  const next = match(event)
    .with({ type: "TimeAdvanced" }, (e) => advance(config, state, e.maxMs, out))
    .with({ type: "ClientCommitRequested" }, () => commit(config, state, out))
    .with({ type: "ClientReadRequested" }, (e) => read(state, node(e.node), out))
    .with({ type: "ReplicaReceived" }, (e) => receive(config, state, node(e.node), out))
    .with({ type: "ReplicaApplied" }, (e) => apply(config, state, node(e.node), out))
    .with({ type: "ReplicaIoStopped" }, (e) => setIo(config, state, node(e.node), false, out))
    .with({ type: "ReplicaIoStarted" }, (e) => setIo(config, state, node(e.node), true, out))
    .with({ type: "WaiterKilled" }, (e) => kill(config, state, e.pick, out))
    .with({ type: "ClientGaveUp" }, (e) => pickWaiter(state, e.pick, (w) => giveUpAndRetry(config, state, w, { type: "ClientGaveUp" }, out)))
    .with({ type: "NodeCrashed" }, (e) => crash(config, state, node(e.node), out))
    .with({ type: "NodeRestarted" }, (e) => restart(config, state, node(e.node), out))
    .with({ type: "FailoverPromoted" }, (e) => promote(config, state, e.pick, out))
    .with({ type: "CountersRead" }, (e) => readCounters(config, state, node(e.node), out))
    .exhaustive();
  return { state: trackStreaming(state, next), outputs: out };
}

/**
 * A failover that promotes node `node`, as one whole step: for a composer whose own election
 * chose the node (`promotable` says whether replication can take it).
 */
export function stepPromotion(config: ReplConfig, state: ReplState, node: NodeId): Transition<ReplState, ReplOutput> {
  const out: ReplOutput[] = [];
  const next = promoteNode(config, state, node, out);
  return { state: trackStreaming(state, next), outputs: out };
}

/** Ghost bookkeeping for CommitTerminates: when each replica last started streaming. */
function trackStreaming(before: ReplState, after: ReplState): ReplState {
  const since = nodeIds(after.nodes.length).map((i) => {
    if (!streaming(after, i)) return null;
    return streaming(before, i) ? (before.streamingSinceMs[i] ?? after.nowMs) : after.nowMs;
  });
  return { ...after, streamingSinceMs: since };
}

/** Rpl_semi_sync_master_status, _yes_tx, _no_tx, _no_times of a running MariaDB/MySQL server. */
function readCounters(config: ReplConfig, s: ReplState, id: NodeId, out: ReplOutput[]): ReplState {
  const n = s.nodes[id]!;
  if (config.flavour === "postgres" || !n.up) return s;
  out.push({ type: "SemiSyncCounters", node: id, ...n.semisync });
  return s;
}

function pickWaiter(s: ReplState, pick: number, f: (w: ReplState["waiters"][number]) => ReplState): ReplState {
  const live = s.waiters.filter((w) => !w.abandoned);
  const w = pickFrom(live, pick);
  return w === undefined ? s : f(w);
}

/**
 * Time passes up to the next instant a wait can end by itself (a semi-sync timeout, a client's
 * own timeout). Connected replicas catch up meanwhile: replication lag never outlasts a step.
 */
function advance(config: ReplConfig, s: ReplState, maxMs: number, out: ReplOutput[]): ReplState {
  const to = Math.min(s.nowMs + Math.max(1, Math.trunc(maxMs)), nextDueMs(config, s));
  out.push({ type: "TimeNow", nowMs: to });
  const caught = catchUp(config, { ...s, nowMs: to }, out);
  const timed = timeOut(config, caught, out);
  let next = timed;
  for (const w of timed.waiters.filter((x) => !x.abandoned && to - x.sinceMs >= config.commitBoundMs)) {
    next = giveUpAndRetry(config, next, w, { type: "ClientTimedOut", ms: config.commitBoundMs }, out);
  }
  return next;
}

/** True time of the next instant a wait ends by itself, after the current one; infinite when nothing waits. */
export function nextDueMs(config: ReplConfig, s: ReplState): number {
  const due = s.waiters.flatMap((w) => [
    ...(config.timeoutMs === null ? [] : [w.sinceMs + config.timeoutMs]),
    ...(w.abandoned ? [] : [w.sinceMs + config.commitBoundMs]),
  ]).filter((t) => t > s.nowMs);
  return Math.min(Number.POSITIVE_INFINITY, ...due);
}

/**
 * The event as taken: nodes made concrete, time as it really passed, and what the model decided
 * for each fault (whether a crash happened, how a node came back, which replica was promoted),
 * so that an adapter carries out the model's decisions instead of making its own. The reducer
 * recomputes these fields on replay, so a resolved history resolves again to itself.
 */
export function resolveReplEvent(_c: ReplConfig, before: ReplState, after: ReplState, e: ReplEvent): ReplEvent {
  return match(e)
    .with({ type: "TimeAdvanced" }, (): ReplEvent => ({ type: "TimeAdvanced", maxMs: after.nowMs - before.nowMs }))
    .with({ type: "FailoverPromoted" }, (x): ReplEvent => ({ type: "FailoverPromoted", pick: x.pick, node: promotedBetween(before, after) }))
    .with({ type: "NodeCrashed" }, (x): ReplEvent => {
      const id = resolveNode(before, x.node);
      return { type: "NodeCrashed", node: id, crashed: before.nodes[id]!.up && !after.nodes[id]!.up };
    })
    .with({ type: "NodeRestarted" }, (x): ReplEvent => {
      const id = resolveNode(before, x.node);
      return { type: "NodeRestarted", node: id, restart: restartBetween(before, after, id) };
    })
    .otherwise((x) => ("node" in x ? { ...x, node: resolveNode(before, x.node) } : x));
}

/** The node that became writable, when there was no primary before: the one failover promoted. */
function promotedBetween(before: ReplState, after: ReplState): NodeId | null {
  if (primaryOf(before) !== null) return null;
  const i = after.nodes.findIndex((n, k) => n.up && n.writable && !before.nodes[k]!.writable);
  return i < 0 ? null : nodeId(i);
}

function restartBetween(before: ReplState, after: ReplState, id: NodeId): RestartTaken | null {
  const [was, now] = [before.nodes[id]!, after.nodes[id]!];
  if (was.up || !now.up) return null;
  if (now.writable) return { as: "primary" };
  return { as: was.wasPrimary ? "rejoined" : "replica", source: now.source! };
}