/**
 * The scenario catalogue: named configurations from the research table (research/ha-semantics.md
 * §5), each with the invariant it must break (null for a safe configuration), the real-world
 * report it mirrors, and its shrunk counterexample as a golden trace file beside this one. The
 * explorer must find each violation from random seeds; the golden file is what it found.
 */
import type { FlatConfig } from "../model/core/knobs.ts";

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
    id: "R1", protocol: "replication", title: "AFTER_COMMIT: a row read while its writer waited is lost on failover",
    preset: "mariadb-10.11-defaults", set: { "env.killWaiters": false, "env.partitions": false, rpl_semi_sync_master_timeout: "unbounded" },
    invariants: ["NoPhantomRead"], expect: "NoPhantomRead",
    citation: "mariadb-docs semisynchronous-replication.md ('Other clients may see the committed transaction before the committing client'); research §1.2 E1/E5",
    runs: 100_000, maxSteps: 100, golden: "R1.json",
  },
  {
    id: "R2", protocol: "replication", title: "semi-sync timeout returns OK without an ACK; the row is lost on failover",
    preset: "mysql-8-lossless", set: { "env.killWaiters": false }, invariants: ["NoAckedLoss"], expect: "NoAckedLoss",
    citation: "mariadb-docs 'Configuring the Primary Timeout'; semisync_master.cc (switch_off releases all waiters); ApsaraDB RDS 'demoted to the asynchronous mode'; research §1.2 E4",
    runs: 100_000, maxSteps: 100, golden: "R2.json",
  },
  {
    id: "R3", protocol: "replication", title: "a killed AFTER_SYNC waiter commits and returns OK without an ACK",
    preset: "mysql-8-lossless", set: { rpl_semi_sync_master_timeout: "unbounded" }, invariants: ["NoAckedLoss"], expect: "NoAckedLoss",
    citation: "vitessio/vitess#7446; semisync_master.cc (thd_killed → aborted, commit_trx returns 0); research §1.2 E3",
    runs: 100_000, maxSteps: 100, golden: "R3.json",
  },
  {
    id: "R5", protocol: "replication", title: "the old primary rejoins with errant transactions (GTID divergence)",
    preset: "mariadb-10.11-defaults", set: { gtid_strict_mode: true }, invariants: ["NoErrantTransactions"], expect: "NoErrantTransactions",
    citation: "mariadb-docs semisync 'Failover Implications'; MDEV-21117; research §1.2 E6 (errors 1950, 1236)",
    runs: 100_000, maxSteps: 100, golden: "R5.json",
  },
  {
    id: "R9", protocol: "replication", title: "PostgreSQL: a cancelled sync wait commits locally, is acknowledged, and is lost on failover",
    preset: "postgres-15-sync", set: {}, invariants: ["NoAckedLoss"], expect: "NoAckedLoss",
    citation: "syncrep.c WARNING 'canceling wait for synchronous replication'; Paquier, track-commit-synchronous; research §1.1 steps 1–3",
    runs: 100_000, maxSteps: 100, golden: "R9.json",
  },
  {
    id: "R10", protocol: "replication", title: "PostgreSQL: a client gives up on a waiting commit and retries; both commit once a standby returns",
    preset: "postgres-15-sync", set: {}, invariants: ["NoDuplicateRows"], expect: "NoDuplicateRows",
    citation: "Laurenz Albe: statement_timeout does not apply to the commit wait; PostgreSQL docs 'Planning for High Availability'; research §1.1 step 4",
    runs: 100_000, maxSteps: 100, golden: "R10.json",
  },
  {
    id: "R11", protocol: "replication", title: "PostgreSQL: a promoted standby inherits synchronous_standby_names and blocks every write",
    preset: "postgres-15-sync", set: { "cluster.nodes": 2, "failover.rejoin": "rewind" }, invariants: ["CommitTerminates"], expect: "CommitTerminates",
    citation: "PostgreSQL docs ('disable synchronous_standby_names'); research §1.1 step 4",
    runs: 100_000, maxSteps: 100, golden: "R11.json",
  },
  {
    id: "R12", protocol: "replication", title: "PostgreSQL: the old primary comes back as a second primary (pg_rewind impossible or skipped)",
    preset: "postgres-15-sync", set: { "failover.rejoin": "primary" }, invariants: ["SingleWritablePrimary"], expect: "SingleWritablePrimary",
    citation: "pg_rewind docs; PostgreSQL docs on STONITH; research §1.1 step 5 (run 1: pg_is_in_recovery()=f with the stale row)",
    runs: 100_000, maxSteps: 100, golden: "R12.json",
  },
  {
    id: "P1", protocol: "proxy", title: "MaxScale replays a transaction whose interrupted COMMIT took effect: a blind write applied twice",
    preset: "maxscale-legacy", set: { "workload.implicitCommits": false }, invariants: ["AtMostOnceEffects"], expect: "AtMostOnceEffects",
    citation: "MaxScale ReadWriteSplit.md (transaction_replay_safe_commit; 'duplicate transaction execution' for blind updates and PK-less inserts); research §4.2",
    runs: 200_000, maxSteps: 100, golden: "P1.json",
  },
  {
    id: "P1-retry", protocol: "proxy", title: "ProxySQL sends an autocommit write again after its OK was lost: applied twice",
    preset: "proxysql-defaults", set: {}, invariants: ["AtMostOnceEffects"], expect: "AtMostOnceEffects",
    citation: "sysown/proxysql lib/MySQL_Session.cpp (query_retries_on_failure); sapcc/helm-charts#7238 review; research §4.4",
    runs: 100_000, maxSteps: 100, golden: "P1-retry.json",
  },
  {
    id: "P3", protocol: "proxy", title: "replay with transaction_replay_checksum=result_only continues with other auto-increment ids",
    preset: "maxscale-result-only", set: {}, invariants: ["ReplayFidelity"], expect: "ReplayFidelity",
    citation: "MaxScale ReadWriteSplit.md (transaction_replay_checksum: 'only full is guaranteed to retain the consistency'); research §4.2",
    runs: 100_000, maxSteps: 100, golden: "P3.json",
  },
  {
    id: "P5", protocol: "proxy", title: "a reconnected session continues without its temporary tables (strict_tmp_tables off)",
    preset: "maxscale-23.08", set: {}, invariants: ["SessionStateEquivalence"], expect: "SessionStateEquivalence",
    citation: "MaxScale ReadWriteSplit.md (strict_tmp_tables: temporary tables 'appear to disappear'); research §4.2",
    runs: 100_000, maxSteps: 100, golden: "P5.json",
  },
  {
    id: "P6", protocol: "proxy", title: "attach-and-resend without the validity check: the last statement commits outside its transaction",
    preset: "polardb-attach-unvalidated", set: {}, invariants: ["TransactionAtomicity"], expect: "TransactionAtomicity",
    citation: "PolarDB overview (Attach Trx 'determines whether the transaction information is valid'); research §4.1, P6 (b)",
    runs: 100_000, maxSteps: 100, golden: "P6.json",
  },
  {
    id: "P6-stale", protocol: "proxy", title: "a late topology message sends a held transaction to the deposed primary",
    preset: "proxy-no-epoch-check", set: {}, invariants: ["NoReplayToStaleLeader"], expect: "NoReplayToStaleLeader",
    citation: "research §4.6 PX-6 with EL-4; PolarDB VDS epochs in the PCR; P6 (c)",
    runs: 100_000, maxSteps: 100, golden: "P6-stale.json",
  },
  {
    id: "C1", protocol: "cluster", title: "MaxScale replay in front of semi-sync that timed out: the application was told COMMIT OK, and the commit is gone after failover",
    preset: "rds-ha-maxscale-replay", set: {}, invariants: ["AcknowledgedCommitsDurable"], expect: "AcknowledgedCommitsDurable",
    citation: "R2 (semisync_master.cc switch_off) composed with MaxScale transaction_replay; ApsaraDB RDS 'demoted to the asynchronous mode'",
    runs: 100_000, maxSteps: 100, golden: "C1.json",
  },
  {
    id: "C2", protocol: "cluster", title: "unfenced shared storage under the proxy: a paused deposed primary's write lands after the takeover",
    preset: "polardb-unfenced-lease", set: {}, invariants: ["FencedWrites"], expect: "FencedWrites",
    citation: "E2/E5 composed with the cluster: PolarDB-Stack-Storage README (onfly io, SCSI-3 PR); Jepsen etcd 3.4.3",
    runs: 100_000, maxSteps: 100, golden: "C2.json",
  },
  {
    id: "C3", protocol: "cluster", title: "a hot standby without global prefetching misses the hot standby's RTO",
    preset: "polardb-no-prefetch", set: {}, invariants: ["BoundedFailoverTime"], expect: "BoundedFailoverTime",
    citation: "PolarDB 'failover with hot standby' (global prefetching: Buffer Pool, Undo, Redo, Binlog)",
    runs: 100_000, maxSteps: 100, golden: "C3.json",
  },
  {
    id: "C4", protocol: "cluster", title: "no proxy help: an idle connection breaks on a failover of a few seconds",
    preset: "none", set: {}, invariants: ["IdleSessionsSurvive"], expect: "IdleSessionsSurvive",
    citation: "PolarDB persistent connections; RDS Proxy ('Only connections that are in the middle of a transaction or SQL statement are canceled')",
    runs: 100_000, maxSteps: 100, golden: "C4.json",
  },
  {
    id: "lossless-strict", protocol: "replication", title: "semi-sync configured to lose nothing (see the preset's description)",
    preset: "lossless-strict", set: {}, expect: null,
    citation: "mariadb-docs semisync (AFTER_SYNC, 'Recovery Procedure for Guaranteed Consistency'); MDEV-4698; MDEV-21117",
    runs: 20_000, maxSteps: 100, golden: null,
  },
  {
    id: "postgres-lossless", protocol: "replication", title: "PostgreSQL synchronous replication configured to lose nothing",
    preset: "postgres-lossless", set: {}, expect: null,
    citation: "PostgreSQL docs 'Synchronous Replication' and 'Planning for High Availability'; Patroni synchronous_mode",
    runs: 20_000, maxSteps: 100, golden: null,
  },
  {
    id: "polardb-proxy", protocol: "proxy", title: "PolarProxy persistent connections and transaction status preservation",
    preset: "polardb-hot-standby", set: {}, expect: null,
    citation: "PolarDB 'Persistent connections and transaction status preservation'; research §4.1",
    runs: 10_000, maxSteps: 100, golden: null,
  },
  {
    id: "maxscale-safe", protocol: "proxy", title: "MaxScale 24.02 replay with an application that follows its rules",
    preset: "maxscale-24.02-safe-workload", set: {}, expect: null,
    citation: "MaxScale ReadWriteSplit.md (full checksum, safe commit, strict_tmp_tables; no blind writes or implicit commits)",
    runs: 10_000, maxSteps: 100, golden: null,
  },
  {
    id: "polardb-hot-standby", protocol: "cluster", title: "PolarDB with a hot standby: no client error and no violation across failovers",
    preset: "polardb-hot-standby", set: {}, expect: null,
    citation: "PolarDB 'failover with hot standby' (VDS, global prefetching, persistent connections, transaction status preservation)",
    runs: 10_000, maxSteps: 100, golden: null,
  },
  {
    id: "polardb-ordinary", protocol: "cluster", title: "PolarDB with an ordinary read-only node: slower, honest",
    preset: "polardb-ordinary-standby", set: {}, expect: null,
    citation: "PolarDB 'failover with hot standby' (without it: tens of seconds)",
    runs: 10_000, maxSteps: 100, golden: null,
  },
  {
    id: "rds-ha-lossless", protocol: "cluster", title: "RDS HA with lossless semi-sync and persistent connections",
    preset: "rds-ha-lossless", set: {}, expect: null,
    citation: "ApsaraDB RDS HA Edition; mariadb-docs semisync (AFTER_SYNC, guaranteed-consistency recovery)",
    runs: 10_000, maxSteps: 100, golden: null,
  },
  {
    id: "vds-fenced", protocol: "lease", title: "VDS as designed: timer from send, drift compensated, epoch fencing, unbounded pauses",
    preset: "vds-fenced", set: {}, expect: null,
    citation: "PolarDB 'Failover with hot replica – Overview' (VDS); sanlock lver; etcd IsOwner guard",
    runs: 20_000, maxSteps: 100, golden: null,
  },
];
