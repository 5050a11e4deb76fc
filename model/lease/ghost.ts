/**
 * Ghost bookkeeping after each event, for the liveness invariants: how many takeovers happened,
 * and since when a takeover has been due. Never read by the protocol itself.
 *
 * A takeover is due once (a) no lease is valid in true time, (b) the block has not changed since,
 * and (c) some follower has been running, connected and undisturbed since then. The latest of
 * these three moments starts the clock of EventualTakeover.
 */
import { nodeIds } from "../core/ids.ts";
import type { LeaseConfig } from "./config.ts";
import { isRunning, resolveNode, sameBlock, updateNode } from "./state.ts";
import type { LeaseEvent, LeaseNode, LeaseState } from "./types.ts";

export function updateGhost(config: LeaseConfig, before: LeaseState, after: LeaseState, event: LeaseEvent): LeaseState {
  const changed = !sameBlock(before.block, after.block);
  const takeover = before.block.holder !== null && after.block.holder !== null && after.block.holder !== before.block.holder;
  const jumped = event.type === "ClockJumped" ? resolveNode(after, event.node) : null;
  let s = after;
  for (const i of nodeIds(s.nodes.length)) s = updateNode(s, i, (n) => withEligibility(n, before.nodes[i]!, s.nowMs, i === jumped));
  const blockChangedAtMs = changed ? s.nowMs : s.ghost.blockChangedAtMs;
  const ghost = { ...s.ghost, blockChangedAtMs, takeovers: s.ghost.takeovers + (takeover ? 1 : 0) };
  return { ...s, ghost: { ...ghost, leaderlessSinceMs: takeoverDueSince(config, { ...s, ghost }) } };
}

function eligible(n: LeaseNode): boolean {
  return n.role === "Follower" && isRunning(n) && n.storageReachable;
}

function withEligibility(n: LeaseNode, was: LeaseNode, nowMs: number, jumped: boolean): LeaseNode {
  const since = !eligible(n) ? null : !eligible(was) || jumped || n.ghost.eligibleSinceMs === null ? nowMs : n.ghost.eligibleSinceMs;
  return since === n.ghost.eligibleSinceMs ? n : { ...n, ghost: { ...n.ghost, eligibleSinceMs: since } };
}

function takeoverDueSince(config: LeaseConfig, s: LeaseState): number | null {
  const expiry = s.ghost.blockIssuedAtMs + config.ttlMs;
  if (s.nowMs < expiry) return null;
  const ready = s.nodes.flatMap((n) => (n.ghost.eligibleSinceMs === null ? [] : [n.ghost.eligibleSinceMs]));
  if (ready.length === 0) return null;
  return Math.max(expiry, s.ghost.blockChangedAtMs, Math.min(...ready));
}
