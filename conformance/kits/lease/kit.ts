/** Lease election's kit: the model of model/lease with everything the tool runs it with. */
import { leaseProtocol, type LeaseConfig, type LeaseEvent, type LeaseOutput, type LeaseState } from "../../../model/lease/index.ts";
import { leaseHistory } from "./client-history.ts";
import { leaseBoundaries, leaseOutcomes } from "./outcomes.ts";
import { leaseSpace } from "./space.ts";
import { leaseHistoryArb } from "./histories.ts";
import { leaseView } from "./view.ts";
import { LeaseEventSchema, LeaseOutputSchema } from "./schema.ts";
import type { ProtocolKit } from "../kit.ts";

export const leaseKit: ProtocolKit<LeaseConfig, LeaseState, LeaseEvent, LeaseOutput> = {
  name: leaseProtocol.name,
  model: leaseProtocol,
  schemas: { events: LeaseEventSchema, outputs: LeaseOutputSchema },
  indexBounds: (c) => ({ nodes: c.nodes, sessions: 0 }),
  histories: leaseHistoryArb,
  space: leaseSpace,
  view: leaseView,
  clientHistory: (run, outputs) => leaseHistory(outputs, run.times),
  conform: {
    outcomes: leaseOutcomes,
    boundaries: (run, config) => leaseBoundaries(run, config),
    settled: (s) => s.inflight.every((io) => io.kind !== "write"),
    settleStep: { type: "TimeAdvanced", maxMs: 600_000 },
    waitStep: (ms) => ({ type: "TimeAdvanced", maxMs: ms }),
    // Lease clients read nothing back: the invariants judged from outputs (FencedWrites) are the check.
    finalEvents: () => [],
    checkClientHistory: () => null,
  },
};
