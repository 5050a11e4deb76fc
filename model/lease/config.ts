/**
 * Lease knobs. Each mirrors a real setting (VDS, etcd, Patroni) or says what the world may do
 * (`env.*`). Node logic reads only `lease.*`; the `env.*` knobs bound the faults a history may
 * contain, so a node can never "know" them except through the margins it was configured with.
 */
import { NS_PER_MS } from "../core/time.ts";
import { boolKnob, enumKnob, intKnob, intOrUnboundedKnob, knobSpecs, type FlatConfig, type KnobSpec } from "../core/knobs.ts";

export interface LeaseConfig {
  readonly nodes: number;
  readonly ttlMs: number;
  readonly renewIntervalMs: number;
  readonly marginMs: number;
  readonly timerStart: "send" | "reply";
  readonly driftCompensation: boolean;
  readonly fencing: "none" | "epoch";
  readonly onRestart: "observe" | "resume";
  readonly env: {
    readonly maxClockDriftPpm: number;
    readonly clockJumps: boolean;
    readonly maxPauseMs: number | "unbounded";
    readonly maxStorageLatencyMs: number;
    readonly partitions: boolean;
    readonly crashes: boolean;
  };
}

const knob = {
  nodes: intKnob({ name: "cluster.nodes", min: 2, max: 7, default: 3, unit: "nodes",
    doc: "Compute nodes: one leader, one follower (hot replica), the rest observers (read-only nodes).",
    mirrors: "PolarDB cluster size (primary + hot replica + read-only nodes)", safe: "any", unsafe: "none" }),
  ttlMs: intKnob({ name: "lease.ttlMs", min: 100, max: 600_000, default: 2000, unit: "ms",
    doc: "Lease length L: how long a successful acquire or renew lets the holder act.",
    mirrors: "VDS lease time in the CAS block; etcd lease TTL (`etcdctl lock --ttl`); Patroni `ttl`",
    safe: "any, with a margin and renew interval that fit inside it", unsafe: "shorter than renewIntervalMs + storage latency (spurious takeovers)" }),
  ttlGranularityMs: intKnob({ name: "lease.ttlGranularityMs", min: 1, max: 60_000, default: 1, unit: "ms",
    doc: "Leases are granted in whole multiples of this: the TTL asked for is rounded up to the next multiple.",
    mirrors: "etcd grants TTLs in whole seconds, at least ⌈1.5 × election timeout⌉ (server/lease/lessor.go Grant)",
    safe: "any (the model uses the rounded TTL)", unsafe: "none" }),
  renewIntervalMs: intKnob({ name: "lease.renewIntervalMs", min: 10, max: 600_000, default: 500, unit: "ms",
    doc: "How often the holder renews and the follower and observers poll the block and registry.",
    mirrors: "VDS renew period; etcd keep-alive interval (TTL/3); Patroni `loop_wait`",
    safe: "renewIntervalMs + latency < ttlMs·(1−ρ) − marginMs", unsafe: "≥ ttlMs (the holder loses its lease while healthy)" }),
  marginMs: intKnob({ name: "lease.marginMs", min: 0, max: 600_000, default: 200, unit: "ms",
    doc: "Safety margin m: the holder stops m early and a contender waits m longer; must cover storage latency.",
    mirrors: "Patroni watchdog `safety_margin`; the raft-dev lease-timeout margin",
    safe: "≥ env.maxStorageLatencyMs", unsafe: "0 with latency, or below the storage latency" }),
  timerStart: enumKnob({ name: "lease.timerStart", values: ["send", "reply"], default: "send",
    doc: "Whether the holder's lease clock starts when the renew is sent or when its reply arrives.",
    mirrors: "openraft leader lease (timer from send time); naive clients start it on the reply",
    safe: "send", unsafe: "reply (the holder's lease outlives the block's by the reply latency)" }),
  driftCompensation: boolKnob({ name: "lease.driftCompensation", default: true,
    doc: "Whether both sides scale the lease by the drift bound ρ = env.maxClockDriftPpm: holder L·(1−ρ) − m, contender L·(1+ρ) + m.",
    mirrors: "raft-dev `LT = X + M·(1−X%)`; Consul doubling session TTLs for skew",
    safe: "true", unsafe: "false (holder L − m, contender L + m: drift makes the windows overlap)" }),
  fencing: enumKnob({ name: "lease.fencing", values: ["none", "epoch"], default: "epoch",
    doc: "Whether storage and the registry reject writes carrying an epoch older than the CAS block's.",
    mirrors: "SCSI-3 Persistent Reservation in PolarDB-Stack; etcd compare on the lock key's revision; sanlock `lver`",
    safe: "epoch", unsafe: "none (a paused or slow deposed leader's write lands)" }),
  onRestart: enumKnob({ name: "lease.onRestart", values: ["observe", "resume"], default: "observe",
    doc: "What a restarted former leader does: observe the block and compete by CAS, or resume its persisted lease with a blind write.",
    mirrors: "VDS: the recovered primary fails to acquire the lock and is demoted to hot replica",
    safe: "observe", unsafe: "resume" }),
  maxClockDriftPpm: intKnob({ name: "env.maxClockDriftPpm", min: 0, max: 200_000, default: 200, unit: "ppm",
    doc: "Largest clock rate error ρ of any node, in parts per million.",
    mirrors: "NTP-disciplined crystals: tens of ppm; VMs: far worse", safe: "what your hardware guarantees", unsafe: "n/a (a world fact)" }),
  clockJumps: boolKnob({ name: "env.clockJumps", default: false,
    doc: "Whether a node's clock may step (NTP step, wall clock instead of monotonic).",
    mirrors: "Kleppmann, 'How to do distributed locking' (clock jumps)", safe: "false (monotonic clocks)", unsafe: "true without fencing" }),
  maxPauseMs: intOrUnboundedKnob({ name: "env.maxPauseMs", min: 0, max: 3_600_000, default: "unbounded", unit: "ms",
    doc: "Longest process pause (GC, SIGSTOP, VM freeze); 0 for none.",
    mirrors: "Jepsen etcd 3.4.3 process pauses; Patroni watchdog.rst", safe: "n/a (a world fact)", unsafe: "n/a" }),
  maxStorageLatencyMs: intKnob({ name: "env.maxStorageLatencyMs", min: 0, max: 600_000, default: 100, unit: "ms",
    doc: "Longest time an I/O to the shared block or data plane may take from issue to effect and reply.",
    mirrors: "PolarStore I/O latency; multipath failover stalls ('onfly io')", safe: "n/a (a world fact)", unsafe: "n/a" }),
  partitions: boolKnob({ name: "env.partitions", default: true,
    doc: "Whether a node may lose and regain its path to shared storage.",
    mirrors: "storage network partitions", safe: "n/a (a world fact)", unsafe: "n/a" }),
  crashes: boolKnob({ name: "env.crashes", default: true,
    doc: "Whether nodes may crash and restart.",
    mirrors: "process or host crash", safe: "n/a (a world fact)", unsafe: "n/a" }),
};
export const leaseKnobs: readonly KnobSpec[] = knobSpecs(knob);

export function leaseConfigFromFlat(flat: FlatConfig): LeaseConfig {
  const granularity = knob.ttlGranularityMs.read(flat);
  return {
    nodes: knob.nodes.read(flat),
    ttlMs: Math.ceil(knob.ttlMs.read(flat) / granularity) * granularity,
    renewIntervalMs: knob.renewIntervalMs.read(flat),
    marginMs: knob.marginMs.read(flat),
    timerStart: knob.timerStart.read(flat),
    driftCompensation: knob.driftCompensation.read(flat),
    fencing: knob.fencing.read(flat),
    onRestart: knob.onRestart.read(flat),
    env: {
      maxClockDriftPpm: knob.maxClockDriftPpm.read(flat),
      clockJumps: knob.clockJumps.read(flat),
      maxPauseMs: knob.maxPauseMs.read(flat),
      maxStorageLatencyMs: knob.maxStorageLatencyMs.read(flat),
      partitions: knob.partitions.read(flat),
      crashes: knob.crashes.read(flat),
    },
  };
}

export { NS_PER_MS };

/** How long, on its own clock, the holder may act after its lease timer starts. */
export function holderWindowNs(c: LeaseConfig): number {
  const rho = c.driftCompensation ? c.env.maxClockDriftPpm : 0;
  return Math.max(0, c.ttlMs * (NS_PER_MS - rho) - c.marginMs * NS_PER_MS);
}

/** How long, on its own clock, a contender must see the block unchanged before it may CAS. */
export function contenderWaitNs(c: LeaseConfig): number {
  const rho = c.driftCompensation ? c.env.maxClockDriftPpm : 0;
  return c.ttlMs * (NS_PER_MS + rho) + c.marginMs * NS_PER_MS;
}

/**
 * Longest true time from the moment a takeover becomes due (no valid lease, a follower able to
 * act, the block last changed) until a follower holds the lease: one poll to see the block, the
 * contender's wait on the slowest clock, and one storage round trip each way.
 */
export function takeoverBoundMs(c: LeaseConfig): number {
  const slow = NS_PER_MS - c.env.maxClockDriftPpm;
  const poll = Math.ceil((c.renewIntervalMs * NS_PER_MS) / slow);
  const wait = Math.ceil(contenderWaitNs(c) / slow);
  return poll + wait + 2 * c.env.maxStorageLatencyMs + 1;
}

/** A holder free of faults for this long must not lose its lease to another node. */
export function stabilityWindowMs(c: LeaseConfig): number {
  return c.ttlMs + takeoverBoundMs(c);
}
