/**
 * The lease search space. Time moves only to the next instant at which something is due (one
 * large quantum), so every fault and request happens at an instant where the model acts, and
 * a run of time events is the one deterministic path between them. Faults are only those the
 * `env.*` knobs allow, as in the random histories (conformance/histories/lease.ts); a planned
 * `LeaseReleased` is left out, as there: it is the cluster's switchover, not a lease fault.
 *
 * Symmetry: observers (n3 and up) never compete, issue no I/O and are named nowhere in the
 * block, the registry or another node's state; at one instant they act in index order, but an
 * observer's poll only reads. So observers are interchangeable, and a state is identified with
 * the one whose observers are sorted. The leader and the follower (n1, n2) are not: their roles
 * and ids are in the block, the registry and every in-flight I/O.
 */
import { contenderWaitNs, NS_PER_MS, stabilityWindowMs, type LeaseConfig } from "../../model/lease/config.ts";
import { canProgress } from "../../model/lease/io.ts";
import { isRunning } from "../../model/lease/state.ts";
import type { IoTarget, LeaseEvent, LeaseNode, LeaseState } from "../../model/lease/types.ts";
import type { Choice, SearchSpace } from "./space.ts";

type C = Choice<LeaseEvent>;

/** The first node that can only ever be an observer. */
const FIRST_OBSERVER = 2;

/**
 * Time enough for anything to become due: when nothing is, one step waits this long, which is
 * longer than any bound a liveness invariant measures.
 */
export const largeQuantumMs = (c: LeaseConfig): number => stabilityWindowMs(c);

/**
 * Two pause lengths: half the TTL (the holder misses renewals but no one may take over), and
 * just long enough for a follower that saw the block as the pause began to win it and the
 * paused node's I/O to land after (the E2 shape). A bounded `env.maxPauseMs` caps both.
 */
export function pauseLengthsMs(c: LeaseConfig): readonly number[] {
  if (c.env.maxPauseMs === 0) return [];
  const takeover = Math.ceil(contenderWaitNs(c) / NS_PER_MS) + c.env.maxStorageLatencyMs;
  const cap = c.env.maxPauseMs === "unbounded" ? Number.MAX_SAFE_INTEGER : c.env.maxPauseMs;
  return [...new Set([Math.floor(c.ttlMs / 2), takeover].map((ms) => Math.max(1, Math.min(ms, cap))))];
}

export const leaseSpace: SearchSpace<LeaseConfig, LeaseState, LeaseEvent> = {
  budgets: [
    { name: "writes", limit: 1, counts: "LeaderWriteRequested (data or registry, to any running node)" },
    { name: "faults", limit: 1, counts: "NodePaused, NodeCrashed, StoragePartitioned, ClockRateChanged, ClockJumped (NodeRestarted and StorageHealed are free: each undoes a fault paid for)" },
    { name: "jitter", limit: 1, counts: "NodeWoke (a loop runs early), IoProgressed (an I/O lands or is answered before its bound)" },
  ],
  choices: (c, s) => [
    { event: { type: "TimeAdvanced", maxMs: largeQuantumMs(c) } },
    ...s.nodes.flatMap((n, i) => nodeChoices(c, n, i)),
    ...s.inflight.filter((io) => canProgress(s, io)).map((_, pick): C => ({ event: { type: "IoProgressed", pick }, spends: "jitter" })),
  ],
  symmetry: (c) => (c.nodes - FIRST_OBSERVER < 2 ? null : sortObservers),
  describe: (c) => [
    `time: to the next instant anything is due (at most ${largeQuantumMs(c)} ms when nothing is)`,
    `nodes: n1..n${c.nodes}; pauses of ${pauseLengthsMs(c).join(" or ") || "none (env.maxPauseMs=0)"} ms`,
    `faults allowed by env: ${allowedFaults(c).join(", ") || "none"}`,
    `symmetry: ${c.nodes - FIRST_OBSERVER < 2 ? "none (fewer than two observers)" : `observers n3..n${c.nodes} interchangeable`}`,
  ],
};

function nodeChoices(c: LeaseConfig, n: LeaseNode, node: number): C[] {
  const out: C[] = [];
  const fault = (event: LeaseEvent): void => void out.push({ event, spends: "faults" });
  if (isRunning(n)) {
    for (const target of ["data", "registry"] as const satisfies readonly IoTarget[]) {
      out.push({ event: { type: "LeaderWriteRequested", node, target }, spends: "writes" });
    }
    out.push({ event: { type: "NodeWoke", node }, spends: "jitter" });
    for (const ms of pauseLengthsMs(c)) fault({ type: "NodePaused", node, ms });
  }
  // A recovery is free: it can only follow the fault it undoes, which was paid for.
  if (c.env.crashes) n.up ? fault({ type: "NodeCrashed", node }) : out.push({ event: { type: "NodeRestarted", node } });
  if (c.env.partitions) {
    n.storageReachable ? fault({ type: "StoragePartitioned", node }) : out.push({ event: { type: "StorageHealed", node } });
  }
  const rho = c.env.maxClockDriftPpm;
  for (const ppm of rho > 0 ? [rho, -rho] : []) if (n.driftPpm !== ppm) fault({ type: "ClockRateChanged", node, ppm });
  if (c.env.clockJumps) for (const ms of [c.ttlMs, -c.ttlMs]) fault({ type: "ClockJumped", node, ms });
  return out;
}

function allowedFaults(c: LeaseConfig): string[] {
  return [
    ...(pauseLengthsMs(c).length > 0 ? ["pauses"] : []),
    ...(c.env.crashes ? ["crashes"] : []),
    ...(c.env.partitions ? ["storage partitions"] : []),
    ...(c.env.maxClockDriftPpm > 0 ? [`clock rates ±${c.env.maxClockDriftPpm} ppm`] : []),
    ...(c.env.clockJumps ? [`clock jumps ±${c.ttlMs} ms`] : []),
  ];
}

/**
 * One canonical member of the class: observers sorted by their JSON text (equal observers have
 * equal text, as the state key assumes; see key.ts).
 */
function sortObservers(s: LeaseState): readonly unknown[] {
  const observers = s.nodes.slice(FIRST_OBSERVER).map((n) => [JSON.stringify(n), n] as const);
  observers.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return [{ ...s, nodes: [...s.nodes.slice(0, FIRST_OBSERVER), ...observers.map(([, n]) => n)] }];
}
