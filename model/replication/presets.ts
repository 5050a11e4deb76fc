/** Named replication configurations: products' documented defaults, and the one that loses nothing. */
import type { Preset } from "../core/protocol.ts";

export const replicationPresets: readonly Preset[] = [
  {
    name: "mariadb-10.11-defaults",
    description: "MariaDB 10.11 semi-sync as ApsaraDB RDS HA Edition runs it: AFTER_COMMIT, 10 s timeout, wait_no_slave ON, sync_relay_log 10000, no strict GTID; any replica promoted, old primary reattached as it is.",
    expectedViolation: "NoAckedLoss",
    knobs: {
      "replication.flavour": "mariadb", "rpl_semi_sync_master_wait_point": "AFTER_COMMIT", "rpl_semi_sync_master_timeout": 10_000,
      "rpl_semi_sync_master_wait_no_slave": true, "sync_relay_log": 10_000, "gtid_strict_mode": false, "init_rpl_role": "none",
      "failover.promote": "any", "failover.rejoin": "as-is",
    },
  },
  {
    name: "mysql-8-lossless",
    description: "MySQL 8 'lossless' semi-sync: AFTER_SYNC with its default 10 s timeout (R2: the timeout still returns OK without an ACK).",
    expectedViolation: "NoAckedLoss",
    knobs: {
      "replication.flavour": "mysql", "rpl_semi_sync_master_wait_point": "AFTER_SYNC", "rpl_semi_sync_master_timeout": 10_000,
      "rpl_semi_sync_master_wait_for_slave_count": 1, "sync_relay_log": 10_000, "gtid_strict_mode": true,
      "failover.promote": "any", "failover.rejoin": "as-is",
    },
  },
  {
    name: "postgres-15-sync",
    description: "PostgreSQL 15 with synchronous_commit=on and one named synchronous standby, two standbys made by pg_basebackup, no orchestration, and an application that retries a commit once on timeout (R9, R10, R11).",
    expectedViolation: "NoAckedLoss",
    knobs: {
      "replication.flavour": "postgres", "cluster.nodes": 3, "client.retries": 1, "synchronous_commit": "on", "synchronous_standby_names": "FIRST 1 (n2)",
      "failover.promote": "any", "failover.rejoin": "as-is",
    },
  },
  {
    name: "postgres-lossless",
    description: "PostgreSQL's counterpart of lossless-strict: synchronous_commit=on, every node named (ANY 1 (n1, n2)) so that a promoted standby can be confirmed by the old primary once it rejoins, the most advanced standby promoted, no cancelled waits, no retries, and a crashed primary never restarted in place (its waiting commits would become visible unreplicated): it fails over.",
    expectedViolation: null,
    knobs: {
      "replication.flavour": "postgres", "cluster.nodes": 2, "synchronous_commit": "on", "synchronous_standby_names": "ANY 1 (n1, n2)",
      "failover.promote": "most-advanced", "failover.rejoin": "rewind", "env.killWaiters": false, "client.retries": 0,
      "env.primaryRestarts": false,
    },
  },
  {
    name: "lossless-strict",
    description: "What it takes to lose nothing: AFTER_SYNC, no timeout, relay log synced before the ACK, strict GTID, --init-rpl-role=SLAVE, the most advanced replica promoted; no killed waiters, no replica restarts, and a crashed primary replaced by failover, never restarted in place.",
    expectedViolation: null,
    knobs: {
      "replication.flavour": "mariadb", "cluster.nodes": 2, "rpl_semi_sync_master_wait_point": "AFTER_SYNC",
      "rpl_semi_sync_master_timeout": "unbounded", "rpl_semi_sync_master_wait_no_slave": true, "sync_relay_log": 1,
      "gtid_strict_mode": true, "init_rpl_role": "SLAVE", "failover.promote": "most-advanced", "failover.rejoin": "rewind",
      "env.killWaiters": false, "env.replicaRestarts": false, "env.primaryRestarts": false,
    },
  },
];
