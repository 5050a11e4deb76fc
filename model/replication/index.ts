/** Semi-synchronous and synchronous replication, as one protocol value for the engine and the CLI. */
import type { Protocol } from "../core/protocol.ts";
import { replConfigFromFlat, replicationKnobs, type ReplConfig } from "./config.ts";
import { initReplication } from "./init.ts";
import { replicationInvariants } from "./invariants.ts";
import { replicationPresets } from "./presets.ts";
import { resolveReplEvent, stepReplication } from "./step.ts";
import type { ReplEvent, ReplOutput, ReplState } from "./types.ts";
import { replicationWitnesses } from "./witnesses.ts";

export const replicationProtocol: Protocol<ReplConfig, ReplState, ReplEvent, ReplOutput> = {
  name: "replication",
  knobs: replicationKnobs,
  presets: replicationPresets,
  configFromFlat: replConfigFromFlat,
  init: initReplication,
  nowMs: (s) => s.nowMs,
  step: stepReplication,
  resolve: resolveReplEvent,
  invariants: replicationInvariants,
  witnesses: replicationWitnesses,
};

export type { ReplConfig } from "./config.ts";
export type * from "./types.ts";
