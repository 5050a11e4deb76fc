/** Lease election over a CAS block, as one protocol value for the engine and the CLI. */
import type { Protocol } from "../core/protocol.ts";
import { leaseConfigFromFlat, leaseKnobs, type LeaseConfig } from "./config.ts";
import { initLease } from "./init.ts";
import { leaseInvariants } from "./invariants.ts";
import { leasePresets } from "./presets.ts";
import { resolveLeaseEvent, stepLease } from "./step.ts";
import type { LeaseEvent, LeaseOutput, LeaseState } from "./types.ts";
import { leaseWitnesses } from "./witnesses.ts";

export const leaseProtocol: Protocol<LeaseConfig, LeaseState, LeaseEvent, LeaseOutput> = {
  name: "lease",
  knobs: leaseKnobs,
  presets: leasePresets,
  configFromFlat: leaseConfigFromFlat,
  init: initLease,
  nowMs: (s) => s.nowMs,
  step: stepLease,
  resolve: resolveLeaseEvent,
  invariants: leaseInvariants,
  witnesses: leaseWitnesses,
};

export type { LeaseConfig } from "./config.ts";
export type * from "./types.ts";
