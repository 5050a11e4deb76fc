/**
 * The lease search space. Time moves only to the next instant at which something is due (one
 * large quantum), so every fault and request happens at an instant where the model acts, and
 * a run of time events is the one deterministic path between them. Faults are only those the
 * `env.*` knobs allow, as in the random histories (conformance/kits/lease/histories.ts); a planned
 * `LeaseReleased` is left out, as there: it is the cluster's switchover, not a lease fault.
 *
 * Symmetry: observers (n3 and up) never compete, issue no I/O and are named nowhere in the
 * block, the registry or another node's state; at one instant they act in index order, but an
 * observer's poll only reads. So observers are interchangeable, and a state is identified with
 * the one whose observers are sorted. The leader and the follower (n1, n2) are not: their roles
 * and ids are in the block, the registry and every in-flight I/O.
 */
import { contenderWaitNs, NS_PER_MS, stabilityWindowMs, type LeaseConfig } from "../../../model/lease/config.ts";
import { canProgress } from "../../../model/lease/io.ts";
import { isRunning } from "../../../model/lease/state.ts";
import type { IoTarget, LeaseEvent, LeaseNode, LeaseState } from "../../../model/lease/types.ts";
import type { Choice, SearchSpace } from "../../explore/space.ts";

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
  choices: (c, s) => {
    const d = domain(c);
    const out: C[] = [d.time];
    s.nodes.forEach((n, i) => nodeChoices(c, d.nodes[i]!, n, out));
    let pick = 0;
    for (const io of s.inflight) if (canProgress(s, io)) out.push(d.progress(pick++));
    return out;
  },
  symmetry: (c) => (c.nodes - FIRST_OBSERVER < 2 ? null : sortObservers),
  describe: (c) => [
    `time: to the next instant anything is due (at most ${largeQuantumMs(c)} ms when nothing is)`,
    `nodes: n1..n${c.nodes}; pauses of ${pauseLengthsMs(c).join(" or ") || "none (env.maxPauseMs=0)"} ms`,
    `faults allowed by env: ${allowedFaults(c).join(", ") || "none"}`,
    `symmetry: ${c.nodes - FIRST_OBSERVER < 2 ? "none (fewer than two observers)" : `observers n3..n${c.nodes} interchangeable`}`,
  ],
};

/**
 * Every choice a node can offer, made once per configuration: a search asks for them millions
 * of times, and the events are immutable, so states share them.
 */
interface NodeDomain {
  readonly whileRunning: readonly C[];
  readonly crash: C;
  readonly restart: C;
  readonly partition: C;
  readonly heal: C;
  readonly rates: readonly (readonly [number, C])[];
  readonly jumps: readonly C[];
}

interface Domain {
  readonly time: C;
  readonly nodes: readonly NodeDomain[];
  readonly progress: (pick: number) => C;
}

const domains = new WeakMap<LeaseConfig, Domain>();

function domain(c: LeaseConfig): Domain {
  const known = domains.get(c);
  if (known !== undefined) return known;
  const picks: C[] = [];
  const made: Domain = {
    time: { event: { type: "TimeAdvanced", maxMs: largeQuantumMs(c) } },
    nodes: Array.from({ length: c.nodes }, (_, node) => nodeDomain(c, node)),
    progress: (pick) => (picks[pick] ??= { event: { type: "IoProgressed", pick }, spends: "jitter" }),
  };
  domains.set(c, made);
  return made;
}

function nodeDomain(c: LeaseConfig, node: number): NodeDomain {
  const fault = (event: LeaseEvent): C => ({ event, spends: "faults" });
  const rho = c.env.maxClockDriftPpm;
  return {
    whileRunning: [
      ...(["data", "registry"] as const satisfies readonly IoTarget[]).map((target): C => ({ event: { type: "LeaderWriteRequested", node, target }, spends: "writes" })),
      { event: { type: "NodeWoke", node }, spends: "jitter" },
      ...pauseLengthsMs(c).map((ms) => fault({ type: "NodePaused", node, ms })),
    ],
    crash: fault({ type: "NodeCrashed", node }),
    // A recovery is free: it can only follow the fault it undoes, which was paid for.
    restart: { event: { type: "NodeRestarted", node } },
    partition: fault({ type: "StoragePartitioned", node }),
    heal: { event: { type: "StorageHealed", node } },
    rates: (rho > 0 ? [rho, -rho] : []).map((ppm) => [ppm, fault({ type: "ClockRateChanged", node, ppm })] as const),
    jumps: c.env.clockJumps ? [c.ttlMs, -c.ttlMs].map((ms) => fault({ type: "ClockJumped", node, ms })) : [],
  };
}

function nodeChoices(c: LeaseConfig, d: NodeDomain, n: LeaseNode, out: C[]): void {
  if (isRunning(n)) out.push(...d.whileRunning);
  if (c.env.crashes) out.push(n.up ? d.crash : d.restart);
  if (c.env.partitions) out.push(n.storageReachable ? d.partition : d.heal);
  for (const [ppm, choice] of d.rates) if (n.driftPpm !== ppm) out.push(choice);
  out.push(...d.jumps);
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
