/**
 * Histories for lease election: time, client writes, I/O progress, and only the faults the
 * `env.*` knobs allow. Nodes and I/Os are chosen by position (resolved modulo the count in the
 * reducer), so any shrunk or truncated history is still a valid one.
 */
import fc from "fast-check";
import type { LeaseConfig, LeaseEvent } from "../../../model/lease/index.ts";
import type { HistoryBounds } from "../../histories/bounds.ts";


export function leaseEventArb(c: LeaseConfig): fc.Arbitrary<LeaseEvent> {
  // Faults matter most on the leader and the follower (n1 and n2 at the start), so they are
  // drawn more often; every node stays possible.
  const node = fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.constant(1) }, { weight: 2, arbitrary: fc.nat({ max: c.nodes - 1 }) });
  const pauseMax = c.env.maxPauseMs === "unbounded" ? 4 * c.ttlMs : c.env.maxPauseMs;
  const drift = c.env.maxClockDriftPpm;
  const choices: { weight: number; arbitrary: fc.Arbitrary<LeaseEvent> }[] = [
    { weight: 12, arbitrary: fc.record({ type: fc.constant("TimeAdvanced" as const), maxMs: fc.integer({ min: 1, max: c.ttlMs }) }) },
    { weight: 4, arbitrary: fc.record({ type: fc.constant("LeaderWriteRequested" as const), node, target: fc.constantFrom("data" as const, "registry" as const) }) },
    { weight: 3, arbitrary: fc.record({ type: fc.constant("IoProgressed" as const), pick: fc.nat({ max: 3 }) }) },
    { weight: 2, arbitrary: fc.record({ type: fc.constant("NodeWoke" as const), node }) },
  ];
  if (pauseMax > 0) {
    choices.push({ weight: 2, arbitrary: fc.record({ type: fc.constant("NodePaused" as const), node, ms: fc.integer({ min: 1, max: pauseMax }) }) });
  }
  if (c.env.crashes) {
    choices.push({ weight: 1, arbitrary: fc.record({ type: fc.constant("NodeCrashed" as const), node }) });
    choices.push({ weight: 1, arbitrary: fc.record({ type: fc.constant("NodeRestarted" as const), node }) });
  }
  if (c.env.partitions) {
    choices.push({ weight: 1, arbitrary: fc.record({ type: fc.constant("StoragePartitioned" as const), node }) });
    choices.push({ weight: 1, arbitrary: fc.record({ type: fc.constant("StorageHealed" as const), node }) });
  }
  if (drift > 0) {
    choices.push({ weight: 1, arbitrary: fc.record({ type: fc.constant("ClockRateChanged" as const), node, ppm: extreme(drift) }) });
  }
  if (c.env.clockJumps) {
    choices.push({ weight: 1, arbitrary: fc.record({ type: fc.constant("ClockJumped" as const), node, ms: fc.integer({ min: -c.ttlMs, max: c.ttlMs }) }) });
  }
  return fc.oneof(...choices);
}

/**
 * Time stops at every instant at which something is due, so reaching a takeover takes a dozen
 * time events in a row; histories are built from chunks, a chunk being one event or a run of
 * time, so that random histories do reach the interesting instants.
 */
/** A value in [−bound, bound], drawn at the bounds half of the time: that is where drift bites. */
function extreme(bound: number): fc.Arbitrary<number> {
  return fc.oneof(fc.constant(bound), fc.constant(-bound), fc.integer({ min: -bound, max: bound }));
}

export function leaseHistoryArb(c: LeaseConfig, bounds: HistoryBounds): fc.Arbitrary<LeaseEvent[]> {
  const timeRun = fc.array(fc.record({ type: fc.constant("TimeAdvanced" as const), maxMs: fc.integer({ min: 1, max: c.ttlMs }) }), {
    minLength: 1,
    maxLength: 16,
  });
  const chunk = fc.oneof({ weight: 2, arbitrary: leaseEventArb(c).map((e) => [e]) }, { weight: 1, arbitrary: timeRun as fc.Arbitrary<LeaseEvent[]> });
  return fc
    .array(chunk, { minLength: 1, maxLength: Math.max(1, Math.ceil(bounds.maxSteps / 3)), size: "medium" })
    .map((chunks) => chunks.flat().slice(0, bounds.maxSteps));
}
