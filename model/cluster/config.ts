/**
 * Cluster knobs: the architecture, the hot standby and its prefetching, the promised RTO, plus
 * every knob of the three protocols it composes (a knob two of them share, such as
 * `env.partitions`, is one fact about the world and sets both).
 */
import type { FlatConfig, KnobSpec } from "../core/knobs.ts";
import { leaseConfigFromFlat, leaseKnobs, type LeaseConfig } from "../lease/config.ts";
import { proxyConfigFromFlat, proxyKnobs, type ProxyConfig } from "../proxy/config.ts";
import { replConfigFromFlat, replicationKnobs, type ReplConfig } from "../replication/config.ts";

export type Architecture = "rds-ha" | "polardb";
export type Module = "bufferpool" | "undo" | "redo" | "binlog";
export const MODULES: readonly Module[] = ["bufferpool", "undo", "redo", "binlog"];

export interface ClusterConfig {
  readonly architecture: Architecture;
  readonly nodes: number;
  readonly hotStandby: boolean;
  /** The prefetch modules in effect (none without a hot standby). */
  readonly prefetch: readonly Module[];
  readonly rtoMs: number;
  readonly backupLockMs: number;
  readonly lease: LeaseConfig;
  readonly repl: ReplConfig;
  readonly proxy: ProxyConfig;
}

const own: readonly KnobSpec[] = [
  { name: "cluster.architecture", kind: "enum", values: ["rds-ha", "polardb"], default: "polardb",
    doc: "rds-ha: a primary and a secondary on local disks with semi-sync binlog replication; polardb: compute nodes on shared storage with physical replication and transaction state synced to the hot standby.",
    mirrors: "ApsaraDB RDS High-availability Edition; PolarDB for MySQL", safe: "any", unsafe: "none" },
  { name: "cluster.nodes", kind: "int", min: 2, max: 4, default: 3, unit: "nodes",
    doc: "n1 starts as primary, n2 is the standby that election may promote (hot standby on polardb, secondary on rds-ha), the rest are read-only nodes.",
    mirrors: "cluster size", safe: "any", unsafe: "none" },
  { name: "cluster.hotStandby", kind: "bool", default: true,
    doc: "Whether n2 is a hot standby (VDS active, global prefetching, transaction state synced over RDMA) or an ordinary read-only node.",
    mirrors: "PolarDB 'failover with hot standby'", safe: "true", unsafe: "false (failovers take tens of seconds; transactions cannot be attached)" },
  { name: "cluster.prefetch", kind: "string", default: "all", pattern: String.raw`^\s*(all|none|(bufferpool|undo|redo|binlog)(\s*,\s*(bufferpool|undo|redo|binlog))*)\s*$`,
    doc: "Which global-prefetching modules the hot standby runs: all, none, or a list of bufferpool, undo, redo, binlog.",
    mirrors: "PolarDB global prefetching system (Buffer Pool, Undo, Redo, Binlog)", safe: "all", unsafe: "none (recovery reads everything cold)" },
  { name: "cluster.rtoMs", kind: "int", min: 100, max: 3_600_000, default: 10_000, unit: "ms",
    doc: "The failover time the configuration promises: detection + election + recovery, when the standby itself stays healthy.",
    mirrors: "the product's RTO (PolarDB with hot standby: seconds; without: 20–30 s)", safe: "what the configuration achieves", unsafe: "less than that" },
  { name: "cluster.backupLockMs", kind: "int", min: 0, max: 60_000, default: 5_000, unit: "ms",
    doc: "rds-ha: how long the primary's own backup holds FLUSH TABLES WITH READ LOCK while its secondary is faulty; writes block meanwhile.",
    mirrors: "ApsaraDB RDS HA Edition ('a global lock that will be held for up to 5 seconds')", safe: "n/a (the product's)", unsafe: "n/a" },
];

/** Knobs the cluster decides itself: election picks the node to promote, the proxy is the only client. */
const decidedHere = new Set(["failover.promote", "client.commitTimeoutMs", "client.retries", "env.lostCommits", "env.isolatedPrimaries"]);

export const clusterKnobs: readonly KnobSpec[] = (() => {
  const seen = new Set<string>();
  const all: KnobSpec[] = [];
  for (const k of [...own, ...leaseKnobs, ...replicationKnobs, ...proxyKnobs]) {
    if (seen.has(k.name) || decidedHere.has(k.name)) continue;
    seen.add(k.name);
    all.push(k);
  }
  return all;
})();

function modules(text: string): readonly Module[] {
  const t = text.trim();
  if (t === "all") return MODULES;
  if (t === "none") return [];
  return MODULES.filter((m) => t.split(",").map((x) => x.trim()).includes(m));
}

export function clusterConfigFromFlat(flat: FlatConfig): ClusterConfig {
  const architecture = flat["cluster.architecture"] as Architecture;
  const hotStandby = flat["cluster.hotStandby"] as boolean;
  const full: FlatConfig = {
    ...flat,
    "failover.promote": "any", "client.commitTimeoutMs": 3_600_000, "client.retries": 0,
    // Election decides who is deposed; replication decides which commits a failover loses.
    "env.isolatedPrimaries": true, "env.lostCommits": architecture === "rds-ha",
  };
  return {
    architecture,
    nodes: flat["cluster.nodes"] as number,
    hotStandby,
    prefetch: hotStandby ? modules(flat["cluster.prefetch"] as string) : [],
    rtoMs: flat["cluster.rtoMs"] as number,
    backupLockMs: flat["cluster.backupLockMs"] as number,
    lease: leaseConfigFromFlat(full),
    repl: replConfigFromFlat(full),
    proxy: proxyConfigFromFlat(full),
  };
}
