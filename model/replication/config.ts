/**
 * Replication knobs, named after the MariaDB/MySQL and PostgreSQL settings they mirror, plus the
 * failover policy and what the world may do (`env.*`).
 */
import type { FlatConfig, KnobSpec } from "../core/knobs.ts";

export type Flavour = "mariadb" | "mysql" | "postgres";
export type CommitLevel = "off" | "local" | "remote_write" | "on" | "remote_apply";

/** `synchronous_standby_names`: FIRST k or ANY k of the named standbys; k = 0 means none. */
export interface SyncNames {
  readonly method: "FIRST" | "ANY";
  readonly k: number;
  readonly names: readonly string[];
}

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
  readonly syncNames: SyncNames;
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

/** What `synchronous_standby_names` accepts here: '', 'n2', 'FIRST 1 (n2, n3)', 'ANY 2 (n2, n3, n4)'. */
export const SYNC_NAMES_PATTERN_TEXT = String.raw`^\s*$|^\s*(FIRST|ANY)?\s*(\d+)?\s*\(?\s*[\w*]+(\s*,\s*[\w*]+)*\s*\)?\s*$`;

const k = (spec: KnobSpec): KnobSpec => spec;
export const replicationKnobs: readonly KnobSpec[] = [
  k({ name: "replication.flavour", kind: "enum", values: ["mariadb", "mysql", "postgres"], default: "mariadb",
    doc: "Which server's semantics: MariaDB 10.11 or MySQL 8 semi-sync, or PostgreSQL 15 synchronous replication.",
    mirrors: "the server", safe: "any", unsafe: "none" }),
  k({ name: "cluster.nodes", kind: "int", min: 2, max: 4, default: 2, unit: "nodes",
    doc: "A primary (n1) and its replicas (n2, …).", mirrors: "primary + replicas", safe: "any", unsafe: "none" }),
  k({ name: "rpl_semi_sync_master_wait_point", kind: "enum", values: ["AFTER_SYNC", "AFTER_COMMIT"], default: "AFTER_COMMIT",
    doc: "Whether the primary commits in the engine after (AFTER_SYNC) or before (AFTER_COMMIT) waiting for the ACK.",
    mirrors: "rpl_semi_sync_master_wait_point (MariaDB default AFTER_COMMIT; MySQL 5.7+ AFTER_SYNC)",
    safe: "AFTER_SYNC", unsafe: "AFTER_COMMIT (others read a commit no replica has)" }),
  k({ name: "rpl_semi_sync_master_timeout", kind: "int-or-unbounded", min: 0, max: 86_400_000, default: 10_000, unit: "ms",
    doc: "How long a commit waits for an ACK before semi-sync switches to asynchronous (infinite: never).",
    mirrors: "rpl_semi_sync_master_timeout (default 10000)", safe: "infinite", unsafe: "any finite value (the waiter gets OK without an ACK)" }),
  k({ name: "rpl_semi_sync_master_wait_no_slave", kind: "bool", default: true,
    doc: "Whether the primary still waits (out the timeout) when no semi-sync replica is connected.",
    mirrors: "rpl_semi_sync_master_wait_no_slave (default ON)", safe: "true", unsafe: "false" }),
  k({ name: "rpl_semi_sync_master_wait_for_slave_count", kind: "int", min: 1, max: 3, default: 1, unit: "replicas",
    doc: "ACKs needed per commit (MySQL only: MariaDB 10.11 has no such variable and always needs one).",
    mirrors: "rpl_semi_sync_source_wait_for_replica_count", safe: "any", unsafe: "none" }),
  k({ name: "sync_relay_log", kind: "int", min: 0, max: 1_000_000, default: 10_000, unit: "events",
    doc: "1: the replica fsyncs its relay log before it ACKs; otherwise an ACKed event may be lost with the replica's memory.",
    mirrors: "sync_relay_log (default 10000)", safe: "1", unsafe: "anything else" }),
  k({ name: "gtid_strict_mode", kind: "bool", default: false,
    doc: "Whether a replica refuses out-of-order GTIDs (errors 1950/1236) instead of silently diverging.",
    mirrors: "gtid_strict_mode", safe: "true", unsafe: "false" }),
  k({ name: "init_rpl_role", kind: "enum", values: ["none", "SLAVE"], default: "none",
    doc: "On restart, SLAVE truncates binlogged transactions the engine never committed (they were never acknowledged).",
    mirrors: "--init-rpl-role (MariaDB ≥ 10.11.9; MDEV-21117, MDEV-33465)", safe: "SLAVE", unsafe: "none" }),
  k({ name: "synchronous_commit", kind: "enum", values: ["off", "local", "remote_write", "on", "remote_apply"], default: "on",
    doc: "PostgreSQL: what a commit waits for from the synchronous standbys.", mirrors: "synchronous_commit", safe: "on | remote_apply", unsafe: "off | local" }),
  k({ name: "synchronous_standby_names", kind: "string", default: "FIRST 1 (n2)", pattern: SYNC_NAMES_PATTERN_TEXT,
    doc: "PostgreSQL: which standbys are synchronous, e.g. 'FIRST 1 (n2)', 'ANY 1 (n2, n3)', or '' for none. Copied by pg_basebackup, so a promoted standby inherits it.",
    mirrors: "synchronous_standby_names", safe: "names of standbys that exist", unsafe: "'' (asynchronous)" }),
  k({ name: "failover.promote", kind: "enum", values: ["most-advanced", "any"], default: "any",
    doc: "Which replica failover promotes: the one that received the most, or whichever the orchestrator picks.",
    mirrors: "MHA/Orchestrator/Patroni candidate selection", safe: "most-advanced", unsafe: "any" }),
  k({ name: "failover.rejoin", kind: "enum", values: ["rewind", "as-is", "primary"], default: "as-is",
    doc: "How the old primary comes back: discarding what the new primary lacks (rewind, --init-rpl-role=SLAVE), attached with its data as it is, or as a second primary.",
    mirrors: "pg_rewind; MariaDB rejoin procedure; no fencing at all", safe: "rewind", unsafe: "as-is | primary" }),
  k({ name: "client.commitTimeoutMs", kind: "int", min: 100, max: 3_600_000, default: 60_000, unit: "ms",
    doc: "How long a client waits on a commit before it gives up (driver or application timeout).",
    mirrors: "a driver's query timeout", safe: "longer than the semi-sync timeout", unsafe: "shorter" }),
  k({ name: "client.retries", kind: "int", min: 0, max: 3, default: 0, unit: "retries",
    doc: "How often a client that gave up waiting on a commit sends the same insert again (a table without a unique key accepts it twice).",
    mirrors: "application or driver retry on timeout", safe: "0, or idempotent writes", unsafe: "≥ 1 on non-idempotent inserts (R10)" }),
  k({ name: "env.killWaiters", kind: "bool", default: true,
    doc: "Whether a session waiting for its ACK may be killed or cancelled (KILL QUERY, pg_cancel_backend, a driver timeout).",
    mirrors: "operators and drivers", safe: "n/a (a world fact)", unsafe: "n/a" }),
  k({ name: "env.primaryRestarts", kind: "bool", default: true,
    doc: "Whether a crashed primary may restart in place, as the primary. Either way the primary may crash, and after a failover its old self may come back to rejoin the new one.",
    mirrors: "an orchestrator that restarts a failed primary (or one that always fails over)", safe: "false (fail over instead)", unsafe: "true" }),
  k({ name: "env.replicaRestarts", kind: "bool", default: true, doc: "Whether replicas may crash and restart.", mirrors: "crashes", safe: "n/a", unsafe: "n/a" }),
  k({ name: "env.partitions", kind: "bool", default: true,
    doc: "Whether a replica may lose its connection to the primary (or have its IO thread stopped).",
    mirrors: "network interruptions; STOP SLAVE IO_THREAD", safe: "n/a", unsafe: "n/a" }),
];

/** Reads `synchronous_standby_names`: 'n2' and 'n2, n3' mean FIRST 1; '' means no sync standby. */
export function parseSyncNames(text: string): SyncNames {
  const m = /^\s*(FIRST|ANY)?\s*(\d+)?\s*\(?([^)]*)\)?\s*$/.exec(text);
  const names = (m?.[3] ?? "").split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (names.length === 0) return { method: "FIRST", k: 0, names: [] };
  const k = Math.min(names.length, Number(m?.[2] ?? "1"));
  return { method: (m?.[1] as "FIRST" | "ANY" | undefined) ?? "FIRST", k, names };
}

const num = (flat: FlatConfig, key: string): number => flat[key] as number;

export function replConfigFromFlat(flat: FlatConfig): ReplConfig {
  const flavour = flat["replication.flavour"] as Flavour;
  const timeout = flat["rpl_semi_sync_master_timeout"];
  return {
    flavour,
    nodes: num(flat, "cluster.nodes"),
    // PostgreSQL waits AFTER_SYNC-like: the commit is in the WAL but invisible while it waits.
    waitPoint: flavour === "postgres" ? "AFTER_SYNC" : (flat["rpl_semi_sync_master_wait_point"] as ReplConfig["waitPoint"]),
    timeoutMs: flavour === "postgres" || timeout === "unbounded" ? null : (timeout as number),
    waitNoSlave: flat["rpl_semi_sync_master_wait_no_slave"] as boolean,
    // MariaDB 10.11 has no wait_for_slave_count: one ACK from any replica is enough.
    waitForSlaveCount: flavour === "mysql" ? num(flat, "rpl_semi_sync_master_wait_for_slave_count") : 1,
    syncRelayLog: num(flat, "sync_relay_log") === 1,
    gtidStrictMode: flat["gtid_strict_mode"] as boolean,
    initRplRole: flat["init_rpl_role"] as "none" | "SLAVE",
    synchronousCommit: flat["synchronous_commit"] as CommitLevel,
    syncNames: parseSyncNames(flat["synchronous_standby_names"] as string),
    syncNamesText: flat["synchronous_standby_names"] as string,
    promote: flat["failover.promote"] as ReplConfig["promote"],
    rejoin: flat["failover.rejoin"] as ReplConfig["rejoin"],
    commitBoundMs: num(flat, "client.commitTimeoutMs"),
    retries: num(flat, "client.retries"),
    env: {
      killWaiters: flat["env.killWaiters"] as boolean,
      primaryRestarts: flat["env.primaryRestarts"] as boolean,
      replicaRestarts: flat["env.replicaRestarts"] as boolean,
      partitions: flat["env.partitions"] as boolean,
    },
  };
}
