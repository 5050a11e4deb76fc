/** Named lease configurations: the safe design, and the documented ways to get it wrong. */
import type { Preset } from "../core/protocol.ts";

export const leasePresets: readonly Preset[] = [
  {
    name: "vds-fenced",
    description: "PolarDB VDS as designed: timer from send, drift compensated, epoch fencing at storage and registry; unbounded pauses.",
    expectedViolation: null,
    knobs: { "lease.timerStart": "send", "lease.driftCompensation": true, "lease.fencing": "epoch", "env.maxPauseMs": "unbounded" },
  },
  {
    name: "etcd-lock-no-fencing",
    description: "An etcd lease lock (`etcdctl lock --ttl=2`, keep-alive every TTL/3) whose protected resource checks no token; unbounded pauses (E2).",
    expectedViolation: "FencedWrites",
    knobs: {
      "lease.ttlMs": 2000, "lease.ttlGranularityMs": 1000, "lease.renewIntervalMs": 666, "lease.fencing": "none",
      "lease.timerStart": "send", "lease.driftCompensation": true, "env.maxPauseMs": "unbounded",
    },
  },
  {
    name: "lease-no-drift-margin",
    description: "A lease timed from the renew reply with no drift compensation and no margin; no fencing, no pauses (E1).",
    expectedViolation: "SingleLeaseHolder",
    knobs: {
      "lease.timerStart": "reply", "lease.driftCompensation": false, "lease.marginMs": 0, "lease.fencing": "none",
      "env.maxPauseMs": 0, "env.maxClockDriftPpm": 50_000, "env.maxStorageLatencyMs": 50,
    },
  },
  {
    name: "polardb-onfly-io-unfenced",
    description: "VDS timing without storage fencing, on storage whose I/O can stall past the lease (multipath failover): no pauses at all (E5).",
    expectedViolation: "FencedWrites",
    knobs: { "lease.fencing": "none", "env.maxPauseMs": 0, "env.maxStorageLatencyMs": 5000, "env.partitions": false },
  },
  {
    name: "resume-after-restart",
    description: "VDS timing, but a restarted leader resumes its persisted lease with a blind block write instead of competing by CAS.",
    expectedViolation: "ReacquireRequiresObservation",
    knobs: { "lease.onRestart": "resume" },
  },
];
