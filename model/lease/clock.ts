/**
 * Local clocks. A node's clock counts nanoseconds and runs at (1 + ppm/10⁶) times true time, so
 * drift is exact integer arithmetic: no floating point in state.
 */
import { NS_PER_MS } from "./config.ts";
import type { LeaseNode } from "./types.ts";

export function advanceClock(node: LeaseNode, dtMs: number): LeaseNode {
  return { ...node, localNs: node.localNs + dtMs * (NS_PER_MS + node.driftPpm) };
}

/** True milliseconds until `node`'s clock reads at least `targetNs` (0 if it already does). */
export function msUntilLocal(node: LeaseNode, targetNs: number): number {
  const remaining = targetNs - node.localNs;
  if (remaining <= 0) return 0;
  return Math.ceil(remaining / (NS_PER_MS + node.driftPpm));
}

/** Upper bound in true ms for `localNs` of local time to pass on the slowest allowed clock. */
export function worstCaseTrueMs(localNs: number, maxDriftPpm: number): number {
  return Math.ceil(localNs / (NS_PER_MS - maxDriftPpm));
}
