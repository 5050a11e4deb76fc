/**
 * The protocols the engine knows, each with its history generator. Adding a protocol means one
 * entry here; the CLI, the trace decoder and the scenario runner read only this table.
 */
import type fc from "fast-check";
import type { AnyProtocol, Preset } from "../model/core/protocol.ts";
import { resolveConfig, type FlatConfig } from "../model/core/knobs.ts";
import { leaseProtocol, type LeaseState } from "../model/lease/index.ts";
import { replicationProtocol } from "../model/replication/index.ts";
import { replicationHistoryArb } from "./histories/replication.ts";
import { proxyProtocol } from "../model/proxy/index.ts";
import { proxyHistoryArb } from "./histories/proxy.ts";
import { clusterProtocol } from "../model/cluster/index.ts";
import { clusterHistoryArb } from "./histories/cluster.ts";
import { checkReplicationHistory, replicationBoundaries, replicationFinalReads, replicationOutcomes, replicationSettled } from "./conform/replication-outcomes.ts";
import type { Violation } from "./check/run.ts";
import { leaseHistoryArb, type HistoryBounds } from "./histories/lease.ts";
import { leaseBoundaries, leaseOutcomes } from "./conform/lease-outcomes.ts";
import type { Boundary, Outcome } from "./conform/outcome.ts";
import { clusterFailoverTimes, type FailoverTime } from "./check/failover-times.ts";

type Events = readonly { readonly type: string }[];

export interface Entry {
  readonly protocol: AnyProtocol;
  readonly histories: (config: unknown, bounds: HistoryBounds) => fc.Arbitrary<{ readonly type: string }[]>;
  /** What a history decided, comparable between the model and a real system. */
  readonly outcomes: (events: Events, outputs: readonly (readonly unknown[])[], times: readonly number[]) => Outcome[];
  /** Model instants near which real timing may legitimately decide otherwise. */
  readonly boundaries: (run: { states: readonly unknown[]; outputs: readonly (readonly unknown[])[]; times: readonly number[] }, config: unknown) => Boundary[];
  /** No client operation is still in flight: a history may end here and be compared. */
  readonly settled: (state: unknown) => boolean;
  /** What a settled history ends with: the final reads that say what survived (Jepsen style). */
  readonly finalEvents: (state: unknown) => Events;
  /**
   * The black-box checkers over the whole client history, for protocols whose clients read and
   * write data; `finalFrom` is the first step of the final reads.
   */
  readonly checkClientHistory: (outputs: readonly (readonly unknown[])[], times: readonly number[], finalFrom: number) => Violation | null;
  /** False for a protocol no adapter drives yet: `conform` refuses it rather than compare nothing. */
  readonly conformable?: boolean;
  /** The failovers a step's outputs report as completed, for protocols that time them. */
  readonly failoverTimes?: (outputs: readonly unknown[]) => readonly FailoverTime[];
}

export const protocols: Readonly<Record<string, Entry>> = {
  lease: {
    protocol: leaseProtocol,
    histories: leaseHistoryArb as Entry["histories"],
    outcomes: leaseOutcomes as Entry["outcomes"],
    boundaries: leaseBoundaries as Entry["boundaries"],
    settled: (s) => (s as LeaseState).inflight.every((io) => io.kind !== "write"),
    // Lease clients read nothing back: the observable invariants (FencedWrites) are the check.
    finalEvents: () => [],
    checkClientHistory: () => null,
  },
  replication: {
    protocol: replicationProtocol,
    histories: replicationHistoryArb as Entry["histories"],
    outcomes: replicationOutcomes as Entry["outcomes"],
    boundaries: replicationBoundaries as Entry["boundaries"],
    settled: replicationSettled as Entry["settled"],
    finalEvents: replicationFinalReads as Entry["finalEvents"],
    checkClientHistory: checkReplicationHistory as Entry["checkClientHistory"],
  },
  proxy: modelOnly(proxyProtocol, proxyHistoryArb as Entry["histories"]),
  cluster: { ...modelOnly(clusterProtocol, clusterHistoryArb as Entry["histories"]), failoverTimes: clusterFailoverTimes },
};

/**
 * A protocol no adapter drives yet: `conform` refuses it, so its conformance hooks are never
 * reached; they say nothing rather than guess.
 */
function modelOnly(protocol: AnyProtocol, histories: Entry["histories"]): Entry {
  return {
    protocol, histories, conformable: false,
    outcomes: () => [], boundaries: () => [], settled: () => true, finalEvents: () => [], checkClientHistory: () => null,
  };
}

export class UsageError extends Error {}

export function findProtocol(name: string): Entry {
  const entry = protocols[name];
  if (entry === undefined) throw new UsageError(`unknown protocol ${name} (known: ${Object.keys(protocols).join(", ")})`);
  return entry;
}

export function findPreset(protocol: AnyProtocol, name: string): Preset {
  const preset = protocol.presets.find((p) => p.name === name);
  if (preset === undefined) {
    throw new UsageError(`unknown preset ${name} for ${protocol.name} (known: ${protocol.presets.map((p) => p.name).join(", ")})`);
  }
  return preset;
}

/** Defaults, then the preset, then each `--set`, validated; any problem is a UsageError. */
export function buildConfig(protocol: AnyProtocol, preset: string | undefined, sets: FlatConfig): FlatConfig {
  const layers = [preset === undefined ? {} : findPreset(protocol, preset).knobs, sets];
  const resolved = resolveConfig(protocol.knobs, layers);
  if (!resolved.ok) throw new UsageError(resolved.error);
  return resolved.config;
}

export function checkInvariantNames(protocol: AnyProtocol, names: readonly string[] | undefined): void {
  for (const name of names ?? []) {
    if (!protocol.invariants.some((i) => i.name === name)) {
      throw new UsageError(`unknown invariant ${name} for ${protocol.name} (known: ${protocol.invariants.map((i) => i.name).join(", ")})`);
    }
  }
}
