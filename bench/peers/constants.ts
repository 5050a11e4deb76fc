/**
 * The constants of the peer specifications (bench/peers/quint/lease.qnt and
 * bench/peers/spin/lease.pml), derived from a haspec lease preset, so that all three run the
 * same configuration. Durations are in quanta of `quantumMs`: 1 for Quint (real milliseconds),
 * coarser for SPIN, whose exhaustive search needs a small time domain. Rounding keeps a safe
 * preset safe: the holder's window rounds down, the contender's wait and the storage latency
 * round up, so a coarse quantum never makes leases overlap that did not.
 */
import { buildConfig } from "../../conformance/kits/config.ts";
import { kits } from "../../conformance/kits/index.ts";
import { contenderWaitNs, holderWindowNs, leaseConfigFromFlat, NS_PER_MS } from "../../model/lease/config.ts";

export interface PeerConstants {
  /** Nodes: the leader and the follower (observers are left out of the peer models). */
  readonly nodes: number;
  readonly quantumMs: number;
  readonly ttl: number;
  readonly renew: number;
  readonly latency: number;
  /** The holder's window from sending a renew: ttl·(1−ρ) − margin. */
  readonly hold: number;
  /** The contender's wait for an unchanged block: ttl·(1+ρ) + margin. */
  readonly wait: number;
  readonly fencing: boolean;
  readonly crashes: boolean;
  readonly partitions: boolean;
  /** Pauses of any length (the peers model `env.maxPauseMs = unbounded`, or none). */
  readonly pauses: boolean;
}

export function peerConstants(preset: string, quantumMs: number): PeerConstants {
  const c = leaseConfigFromFlat(buildConfig(kits.lease.model, preset, {}));
  const quantumNs = quantumMs * NS_PER_MS;
  return {
    nodes: 2,
    quantumMs,
    ttl: Math.ceil(c.ttlMs / quantumMs),
    renew: Math.max(1, Math.round(c.renewIntervalMs / quantumMs)),
    latency: Math.max(1, Math.ceil(c.env.maxStorageLatencyMs / quantumMs)),
    hold: Math.floor(holderWindowNs(c) / quantumNs),
    wait: Math.ceil(contenderWaitNs(c) / quantumNs),
    fencing: c.fencing === "epoch",
    crashes: c.env.crashes,
    partitions: c.env.partitions,
    pauses: c.env.maxPauseMs === "unbounded" || c.env.maxPauseMs > 0,
  };
}

/** One line for a report: the constants as the peers see them. */
export function describeConstants(k: PeerConstants): string {
  const unit = k.quantumMs === 1 ? "ms" : `×${k.quantumMs} ms`;
  return `nodes ${k.nodes}, ttl ${k.ttl}, renew ${k.renew}, latency ${k.latency}, hold ${k.hold}, wait ${k.wait} (${unit}); ` +
    `fencing ${k.fencing ? "epoch" : "none"}, crashes ${k.crashes}, partitions ${k.partitions}, pauses ${k.pauses}`;
}
