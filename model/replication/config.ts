/**
 * Replication knobs, named after the MariaDB/MySQL and PostgreSQL settings they mirror, plus the
 * failover policy and what the world may do (`env.*`).
 */
import { boolKnob, enumKnob, intKnob, intOrUnboundedKnob, knobSpecs, stringKnob, type FlatConfig, type KnobSpec } from "../core/knobs.ts";
import { syncStandbyNamesProblem, syncStandbysOf, type SyncStandbys } from "./sync-names.ts";

export type Flavour = "mariadb" | "mysql" | "postgres";
export type CommitLevel = "off" | "local" | "remote_write" | "on" | "remote_apply";

export interface ReplConfig {
  readonly flavour: Flavour;
  readonly nodes: number;
  readonly waitPoint: "AFTER_SYNC" | "AFTER_COMMIT";
  /** null: infinite. */
  readonly timeoutMs: number | null;
  readonly waitNoSlave: boolean;
  readonly waitForSlaveCount: number;
  readonly syncRelayLog: boolean;
  readonly gtidStrictMode: boolean;
  readonly initRplRole: "none" | "SLAVE";
  readonly synchronousCommit: CommitLevel;
  /** What `synchronous_standby_names` means (see sync-names.ts), and its text as configured. */
  readonly syncNames: SyncStandbys;
  readonly syncNamesText: string;
  readonly promote: "most-advanced" | "any";
  readonly rejoin: "rewind" | "as-is" | "primary";
  /** How long a client waits on a commit before giving up (the driver's timeout). */
  readonly commitBoundMs: number;
  /** How often a client that gave up on a commit sends the same insert again. */
  readonly retries: number;
  readonly env: {
    readonly killWaiters: boolean;
    readonly primaryRestarts: boolean;
    readonly replicaRestarts: boolean;
    readonly partitions: boolean;
  };
}

const knob = {
  flavour: enumKnob({ name: "replication.flavour", values: ["mariadb", "mysql", "postgres"], default: "mariadb",
    doc: "Which server's semantics: MariaDB 10.11 or MySQL 8 semi-sync, or PostgreSQL 15 synchronous replication.",
    mirrors: "the server", safe: "any", unsafe: "none" }),
  nodes: intKnob({ name: "cluster.nodes", min: 2, max: 4, default: 2, unit: "nodes",
    doc: "A primary (n1) and its replicas (n2, …).", mirrors: "primary + replicas", safe: "any", unsafe: "none" }),
  waitPoint: enumKnob({ name: "rpl_semi_sync_master_wait_point", values: ["AFTER_SYNC", "AFTER_COMMIT"], default: "AFTER_COMMIT",
    doc: "Whether the primary commits in the engine after (AFTER_SYNC) or before (AFTER_COMMIT) waiting for the ACK.",
    mirrors: "rpl_semi_sync_master_wait_point (MariaDB default AFTER_COMMIT; MySQL 5.7+ AFTER_SYNC)",
    safe: "AFTER_SYNC", unsafe: "AFTER_COMMIT (others read a commit no replica has)" }),
  timeout: intOrUnboundedKnob({ name: "rpl_semi_sync_master_timeout", min: 0, max: 86_400_000, default: 10_000, unit: "ms",
    doc: "How long a commit waits for an ACK before semi-sync switches to asynchronous (infinite: never).",
    mirrors: "rpl_semi_sync_master_timeout (default 10000)", safe: "infinite", unsafe: "any finite value (the waiter gets OK without an ACK)" }),
  waitNoSlave: boolKnob({ name: "rpl_semi_sync_master_wait_no_slave", default: true,
    doc: "Whether the primary still waits (out the timeout) when no semi-sync replica is connected.",
    mirrors: "rpl_semi_sync_master_wait_no_slave (default ON)", safe: "true", unsafe: "false" }),
  waitForSlaveCount: intKnob({ name: "rpl_semi_sync_master_wait_for_slave_count", min: 1, max: 3, default: 1, unit: "replicas",
    doc: "ACKs needed per commit (MySQL only: MariaDB 10.11 has no such variable and always needs one).",
    mirrors: "rpl_semi_sync_source_wait_for_replica_count", safe: "any", unsafe: "none" }),
  syncRelayLog: intKnob({ name: "sync_relay_log", min: 0, max: 1_000_000, default: 10_000, unit: "events",
    doc: "1: the replica fsyncs its relay log before it ACKs; otherwise an ACKed event may be lost with the replica's memory.",
    mirrors: "sync_relay_log (default 10000)", safe: "1", unsafe: "anything else" }),
  gtidStrictMode: boolKnob({ name: "gtid_strict_mode", default: false,
    doc: "Whether a replica refuses out-of-order GTIDs (errors 1950/1236) instead of silently diverging.",
    mirrors: "gtid_strict_mode", safe: "true", unsafe: "false" }),
  initRplRole: enumKnob({ name: "init_rpl_role", values: ["none", "SLAVE"], default: "none",
    doc: "On restart, SLAVE truncates binlogged transactions the engine never committed (they were never acknowledged).",
    mirrors: "--init-rpl-role (MariaDB ≥ 10.11.9; MDEV-21117, MDEV-33465)", safe: "SLAVE", unsafe: "none" }),
  synchronousCommit: enumKnob({ name: "synchronous_commit", values: ["off", "local", "remote_write", "on", "remote_apply"], default: "on",
    doc: "PostgreSQL: what a commit waits for from the synchronous standbys.", mirrors: "synchronous_commit", safe: "on | remote_apply", unsafe: "off | local" }),
  syncNames: stringKnob({ name: "synchronous_standby_names", default: "FIRST 1 (n2)", check: syncStandbyNamesProblem,
    doc: "PostgreSQL: which standbys are synchronous, e.g. 'FIRST 1 (n2)', 'ANY 1 (n2, n3)', or '' for none. Copied by pg_basebackup, so a promoted standby inherits it.",
    mirrors: "synchronous_standby_names", safe: "names of standbys that exist", unsafe: "'' (asynchronous)" }),
  promote: enumKnob({ name: "failover.promote", values: ["most-advanced", "any"], default: "any",
    doc: "Which replica failover promotes: the one that received the most, or whichever the orchestrator picks.",
    mirrors: "MHA/Orchestrator/Patroni candidate selection", safe: "most-advanced", unsafe: "any" }),
  rejoin: enumKnob({ name: "failover.rejoin", values: ["rewind", "as-is", "primary"], default: "as-is",
    doc: "How the old primary comes back: discarding what the new primary lacks (rewind, --init-rpl-role=SLAVE), attached with its data as it is, or as a second primary.",
    mirrors: "pg_rewind; MariaDB rejoin procedure; no fencing at all", safe: "rewind", unsafe: "as-is | primary" }),
  commitTimeoutMs: intKnob({ name: "client.commitTimeoutMs", min: 100, max: 3_600_000, default: 60_000, unit: "ms",
    doc: "How long a client waits on a commit before it gives up (driver or application timeout).",
    mirrors: "a driver's query timeout", safe: "longer than the semi-sync timeout", unsafe: "shorter" }),
  retries: intKnob({ name: "client.retries", min: 0, max: 3, default: 0, unit: "retries",
    doc: "How often a client that gave up waiting on a commit sends the same insert again (a table without a unique key accepts it twice).",
    mirrors: "application or driver retry on timeout", safe: "0, or idempotent writes", unsafe: "≥ 1 on non-idempotent inserts (R10)" }),
  killWaiters: boolKnob({ name: "env.killWaiters", default: true,
    doc: "Whether a session waiting for its ACK may be killed or cancelled (KILL QUERY, pg_cancel_backend, a driver timeout).",
    mirrors: "operators and drivers", safe: "n/a (a world fact)", unsafe: "n/a" }),
  primaryRestarts: boolKnob({ name: "env.primaryRestarts", default: true,
    doc: "Whether a crashed primary may restart in place, as the primary. Either way the primary may crash, and after a failover its old self may come back to rejoin the new one.",
    mirrors: "an orchestrator that restarts a failed primary (or one that always fails over)", safe: "false (fail over instead)", unsafe: "true" }),
  replicaRestarts: boolKnob({ name: "env.replicaRestarts", default: true, doc: "Whether replicas may crash and restart.", mirrors: "crashes", safe: "n/a", unsafe: "n/a" }),
  partitions: boolKnob({ name: "env.partitions", default: true,
    doc: "Whether a replica may lose its connection to the primary (or have its IO thread stopped).",
    mirrors: "network interruptions; STOP SLAVE IO_THREAD", safe: "n/a", unsafe: "n/a" }),
};
export const replicationKnobs: readonly KnobSpec[] = knobSpecs(knob);

export function replConfigFromFlat(flat: FlatConfig): ReplConfig {
  const flavour = knob.flavour.read(flat);
  const timeout = knob.timeout.read(flat);
  const syncNamesText = knob.syncNames.read(flat);
  return {
    flavour,
    nodes: knob.nodes.read(flat),
    // PostgreSQL waits AFTER_SYNC-like: the commit is in the WAL but invisible while it waits.
    waitPoint: flavour === "postgres" ? "AFTER_SYNC" : knob.waitPoint.read(flat),
    timeoutMs: flavour === "postgres" || timeout === "unbounded" ? null : timeout,
    waitNoSlave: knob.waitNoSlave.read(flat),
    // MariaDB 10.11 has no wait_for_slave_count: one ACK from any replica is enough.
    waitForSlaveCount: flavour === "mysql" ? knob.waitForSlaveCount.read(flat) : 1,
    syncRelayLog: knob.syncRelayLog.read(flat) === 1,
    gtidStrictMode: knob.gtidStrictMode.read(flat),
    initRplRole: knob.initRplRole.read(flat),
    synchronousCommit: knob.synchronousCommit.read(flat),
    syncNames: syncStandbysOf(syncNamesText),
    syncNamesText,
    promote: knob.promote.read(flat),
    rejoin: knob.rejoin.read(flat),
    commitBoundMs: knob.commitTimeoutMs.read(flat),
    retries: knob.retries.read(flat),
    env: {
      killWaiters: knob.killWaiters.read(flat),
      primaryRestarts: knob.primaryRestarts.read(flat),
      replicaRestarts: knob.replicaRestarts.read(flat),
      partitions: knob.partitions.read(flat),
    },
  };
}
