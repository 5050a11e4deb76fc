/**
 * Named cluster configurations: the two architectures of the seeds with their documented
 * behaviour, and the compositions that break a guarantee (E- and R- faults under the proxy).
 */
import type { Preset } from "../core/protocol.ts";

/**
 * PolarDB's VDS lease (the lease protocol's vds-fenced): seconds-long, fenced by epoch. An RTO is
 * only a promise under bounded pauses: a primary frozen with a renewal in flight delays detection
 * by the length of its pause (the renewal lands late), so these presets bound pauses at 2 s.
 */
const vds = {
  "lease.ttlMs": 3_000, "lease.renewIntervalMs": 500, "lease.marginMs": 200, "lease.timerStart": "send",
  "lease.driftCompensation": true, "lease.fencing": "epoch", "env.maxPauseMs": 2_000,
};
/** Without a hot standby there is no VDS: the HA manager's heartbeat timeout detects failure. */
const haManager = { ...vds, "lease.ttlMs": 10_000, "lease.renewIntervalMs": 1_000 };
const polarProxy = {
  "proxy.persistentConnections": true, "proxy.transactionPreservation": "attach", "proxy.sessionRestore": "full",
  "proxy.attachValidation": true, "proxy.epochCheck": true, "proxy.retriesOnFailure": 0, "proxy.holdTimeoutMs": 30_000,
};
const rdsProxy = {
  "proxy.persistentConnections": true, "proxy.transactionPreservation": "none", "proxy.sessionRestore": "full",
  "proxy.retriesOnFailure": 0, "proxy.holdTimeoutMs": 30_000,
};
const maxscale = {
  "proxy.persistentConnections": true, "proxy.transactionPreservation": "replay", "proxy.replayChecksum": "full",
  "proxy.safeCommit": true, "proxy.sessionRestore": "sescmd", "proxy.strictTmpTables": true, "proxy.retriesOnFailure": 0, "proxy.holdTimeoutMs": 30_000,
};
const rdsHa = { "cluster.architecture": "rds-ha", "cluster.nodes": 2, "cluster.rtoMs": 30_000, ...haManager };

export const clusterPresets: readonly Preset[] = [
  {
    name: "polardb-hot-standby",
    description: "PolarDB with a hot standby: VDS lease (3 s), all four prefetch modules, PolarProxy persistent connections and transaction status preservation; promises failover in seconds with no client error.",
    expectedViolation: null,
    knobs: { "cluster.architecture": "polardb", "cluster.nodes": 3, "cluster.hotStandby": true, "cluster.prefetch": "all", "cluster.rtoMs": 10_000, ...vds, ...polarProxy },
  },
  {
    name: "polardb-ordinary-standby",
    description: "PolarDB without a hot standby: an ordinary read-only node takes over after the HA manager's 10 s detection and a cold recovery; persistent connections only help idle sessions. Promises 30 s.",
    expectedViolation: null,
    knobs: { "cluster.architecture": "polardb", "cluster.nodes": 3, "cluster.hotStandby": false, "cluster.prefetch": "none", "cluster.rtoMs": 30_000, ...haManager, ...polarProxy },
  },
  {
    name: "polardb-no-prefetch",
    description: "A hot standby with global prefetching off, still promised the hot standby's 10 s: the cold recovery alone nearly uses it up.",
    expectedViolation: "BoundedFailoverTime",
    knobs: { "cluster.architecture": "polardb", "cluster.nodes": 3, "cluster.hotStandby": true, "cluster.prefetch": "none", "cluster.rtoMs": 10_000, ...vds, ...polarProxy },
  },
  {
    name: "none",
    description: "PolarDB with a hot standby but no proxy help (what a plain client sees): every connection breaks on failover.",
    expectedViolation: "IdleSessionsSurvive",
    knobs: {
      "cluster.architecture": "polardb", "cluster.nodes": 3, "cluster.hotStandby": true, "cluster.prefetch": "all", "cluster.rtoMs": 10_000, ...vds,
      "proxy.persistentConnections": false, "proxy.transactionPreservation": "none", "proxy.retriesOnFailure": 0, "proxy.sessionRestore": "none",
    },
  },
  {
    name: "polardb-unfenced-lease",
    description: "PolarDB whose storage and registry check no epoch, with unbounded pauses: a paused deposed primary's in-flight write lands after the takeover (E2/E5 under the proxy).",
    expectedViolation: "FencedWrites",
    knobs: { "cluster.architecture": "polardb", "cluster.nodes": 3, "cluster.hotStandby": true, "cluster.prefetch": "all", "cluster.rtoMs": 10_000, ...vds, "lease.fencing": "none", "env.maxPauseMs": "unbounded", ...polarProxy },
  },
  {
    name: "rds-ha-mariadb",
    description: "ApsaraDB RDS HA Edition on MariaDB 10.11 defaults (AFTER_COMMIT, 10 s semi-sync timeout), a secondary clients cannot reach, the RDS proxy's persistent connections: a commit acknowledged after the timeout is lost on failover (R2 under the proxy).",
    expectedViolation: "NoAckedLoss",
    knobs: {
      ...rdsHa, ...rdsProxy,
      "replication.flavour": "mariadb", "rpl_semi_sync_master_wait_point": "AFTER_COMMIT", "rpl_semi_sync_master_timeout": 10_000,
      "rpl_semi_sync_master_wait_no_slave": true, "sync_relay_log": 10_000, "gtid_strict_mode": false, "init_rpl_role": "none", "failover.rejoin": "as-is",
    },
  },
  {
    name: "rds-ha-maxscale-replay",
    description: "MaxScale 24.02 transaction replay in front of MySQL 8 AFTER_SYNC semi-sync with its 10 s timeout: replay carries transactions over, but a commit acknowledged after the timeout is still lost beneath it.",
    expectedViolation: "NoAckedLoss",
    knobs: {
      ...rdsHa, ...maxscale,
      "replication.flavour": "mysql", "rpl_semi_sync_master_wait_point": "AFTER_SYNC", "rpl_semi_sync_master_timeout": 10_000,
      "sync_relay_log": 10_000, "gtid_strict_mode": true, "failover.rejoin": "as-is",
    },
  },
  {
    name: "rds-ha-lossless",
    description: "RDS HA with the replication protocol's lossless-strict settings (AFTER_SYNC, infinite timeout, sync_relay_log=1, strict GTID, rejoin with --init-rpl-role=SLAVE) and persistent connections.",
    expectedViolation: null,
    knobs: {
      ...rdsHa, ...rdsProxy,
      "replication.flavour": "mariadb", "rpl_semi_sync_master_wait_point": "AFTER_SYNC", "rpl_semi_sync_master_timeout": "unbounded",
      "rpl_semi_sync_master_wait_no_slave": true, "sync_relay_log": 1, "gtid_strict_mode": true, "init_rpl_role": "SLAVE", "failover.rejoin": "rewind",
      "env.killWaiters": false, "env.replicaRestarts": false, "env.primaryRestarts": false,
    },
  },
];
