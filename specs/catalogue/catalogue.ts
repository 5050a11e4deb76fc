/**
 * The scenario catalogue: named configurations from the research table (research/ha-semantics.md
 * §5), each with the invariant it must break (null for a safe configuration), the real-world
 * report it mirrors, and its shrunk counterexample as a golden trace file beside this one. The
 * explorer must find each violation from random seeds; the golden file is what it found.
 */
import type { FlatConfig } from "../../model/core/knobs.ts";

export interface Scenario {
  readonly id: string;
  readonly protocol: string;
  readonly title: string;
  readonly preset: string;
  readonly set: FlatConfig;
  /** Only these invariants are checked (all when absent), so the finding is the one named. */
  readonly invariants?: readonly string[];
  readonly expect: string | null;
  readonly citation: string;
  /** Runs per seed: enough to find the violation from any seed, or to trust a safe pass. */
  readonly runs: number;
  readonly maxSteps: number;
  /** Golden trace file name under golden/, for scenarios that break an invariant. */
  readonly golden: string | null;
}

export const catalogue: readonly Scenario[] = [
  {
    id: "E1", protocol: "lease", title: "lease without drift margin: holder and contender overlap",
    preset: "lease-no-drift-margin", set: {}, invariants: ["SingleLeaseHolder"], expect: "SingleLeaseHolder",
    citation: "raft-dev lease formula LT = X + M·(1−X%); openraft leader_lease.md; Kleppmann 'How to do distributed locking'",
    runs: 200_000, maxSteps: 100, golden: "E1.json",
  },
  {
    id: "E2", protocol: "lease", title: "paused holder writes after its lease expired, resource checks no token",
    preset: "etcd-lock-no-fencing", set: {}, expect: "FencedWrites",
    citation: "Jepsen etcd 3.4.3; etcd contrib/lock/README.md; reproduced on etcd 3.4.23 (research §1.3)",
    runs: 200_000, maxSteps: 100, golden: "E2.json",
  },
  {
    id: "E5", protocol: "lease", title: "stale in-flight write or registry write lands after takeover (onfly io)",
    preset: "polardb-onfly-io-unfenced", set: {}, invariants: ["FencedWrites"], expect: "FencedWrites",
    citation: "ApsaraDB/PolarDB-Stack-Storage README-EN.md (onfly io, SCSI-3 PR); PolarDB VDS: only the latest leader writes PCR",
    runs: 200_000, maxSteps: 100, golden: "E5.json",
  },
  {
    id: "vds-fenced", protocol: "lease", title: "VDS as designed: timer from send, drift compensated, epoch fencing, unbounded pauses",
    preset: "vds-fenced", set: {}, expect: null,
    citation: "PolarDB 'Failover with hot replica – Overview' (VDS); sanlock lver; etcd IsOwner guard",
    runs: 20_000, maxSteps: 100, golden: null,
  },
];
