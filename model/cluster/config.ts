/**
 * Cluster knobs: the architecture, the hot standby and its prefetching, the promised RTO, plus
 * every knob of the three protocols it composes (a knob two of them share, such as
 * `env.partitions`, is one fact about the world and sets both).
 */
import { assert } from "../core/assert.ts";
import { boolKnob, enumKnob, intKnob, knobSpecs, stringKnob, type FlatConfig, type KnobSpec } from "../core/knobs.ts";
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

const knob = {
  architecture: enumKnob({ name: "cluster.architecture", values: ["rds-ha", "polardb"], default: "polardb",
    doc: "rds-ha: a primary and a secondary on local disks with semi-sync binlog replication; polardb: compute nodes on shared storage with physical replication and transaction state synced to the hot standby.",
    mirrors: "ApsaraDB RDS High-availability Edition; PolarDB for MySQL", safe: "any", unsafe: "none" }),
  nodes: intKnob({ name: "cluster.nodes", min: 2, max: 4, default: 3, unit: "nodes",
    doc: "n1 starts as primary, n2 is the standby that election may promote (hot standby on polardb, secondary on rds-ha), the rest are read-only nodes.",
    mirrors: "cluster size", safe: "any", unsafe: "none" }),
  hotStandby: boolKnob({ name: "cluster.hotStandby", default: true,
    doc: "Whether n2 is a hot standby (VDS active, global prefetching, transaction state synced over RDMA) or an ordinary read-only node.",
    mirrors: "PolarDB 'failover with hot standby'", safe: "true", unsafe: "false (failovers take tens of seconds; transactions cannot be attached)" }),
  prefetch: stringKnob({ name: "cluster.prefetch", default: "all", check: prefetchProblem,
    doc: "Which global-prefetching modules the hot standby runs: all, none, or a list of bufferpool, undo, redo, binlog.",
    mirrors: "PolarDB global prefetching system (Buffer Pool, Undo, Redo, Binlog)", safe: "all", unsafe: "none (recovery reads everything cold)" }),
  rtoMs: intKnob({ name: "cluster.rtoMs", min: 100, max: 3_600_000, default: 10_000, unit: "ms",
    doc: "The failover time the configuration promises: detection + election + recovery, when the standby itself stays healthy.",
    mirrors: "the product's RTO (PolarDB with hot standby: seconds; without: 20–30 s)", safe: "what the configuration achieves", unsafe: "less than that" }),
  backupLockMs: intKnob({ name: "cluster.backupLockMs", min: 0, max: 60_000, default: 5_000, unit: "ms",
    doc: "rds-ha: how long the primary's own backup holds FLUSH TABLES WITH READ LOCK while its secondary is faulty; writes block meanwhile.",
    mirrors: "ApsaraDB RDS HA Edition ('a global lock that will be held for up to 5 seconds')", safe: "n/a (the product's)", unsafe: "n/a" }),
};
const own: readonly KnobSpec[] = knobSpecs(knob);

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

/**
 * `cluster.prefetch` read: `all`, `none`, or a comma list of modules; or why the text is none of
 * these. A parser, not a regular expression, so that no text makes validation slow.
 */
function parsePrefetch(text: string): { readonly ok: true; readonly modules: readonly Module[] } | { readonly ok: false; readonly error: string } {
  const t = text.trim();
  if (t === "all") return { ok: true, modules: MODULES };
  if (t === "none") return { ok: true, modules: [] };
  const listed = t.split(",").map((x) => x.trim());
  const bad = listed.find((x) => !MODULES.some((m) => m === x));
  if (bad !== undefined) return { ok: false, error: bad === "" ? "an empty entry in the list" : `unknown module ${JSON.stringify(bad.slice(0, 40))}; all, none, or a list of ${MODULES.join(", ")}` };
  // In the order MODULES gives, each once, however the list was written.
  return { ok: true, modules: MODULES.filter((m) => listed.includes(m)) };
}

function prefetchProblem(text: string): string | null {
  const r = parsePrefetch(text);
  return r.ok ? null : r.error;
}

function modules(text: string): readonly Module[] {
  const r = parsePrefetch(text);
  assert(r.ok, `cluster.prefetch ${JSON.stringify(text.slice(0, 200))} was not validated`);
  return r.modules;
}

export function clusterConfigFromFlat(flat: FlatConfig): ClusterConfig {
  const architecture = knob.architecture.read(flat);
  const hotStandby = knob.hotStandby.read(flat);
  const full: FlatConfig = {
    ...flat,
    "failover.promote": "any", "client.commitTimeoutMs": 3_600_000, "client.retries": 0,
    // Election decides who is deposed; replication decides which commits a failover loses.
    "env.isolatedPrimaries": true, "env.lostCommits": architecture === "rds-ha",
  };
  return {
    architecture,
    nodes: knob.nodes.read(flat),
    hotStandby,
    prefetch: hotStandby ? modules(knob.prefetch.read(flat)) : [],
    rtoMs: knob.rtoMs.read(flat),
    backupLockMs: knob.backupLockMs.read(flat),
    lease: leaseConfigFromFlat(full),
    repl: replConfigFromFlat(full),
    proxy: proxyConfigFromFlat(full),
  };
}
