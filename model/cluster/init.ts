/** The starting cluster: n1 is primary in all three parts, n2 the standby, time zero. */
import { nodeId } from "../core/ids.ts";
import { initLease } from "../lease/init.ts";
import { initProxy } from "../proxy/init.ts";
import { initReplication } from "../replication/init.ts";
import type { ClusterConfig } from "./config.ts";
import type { ClusterState } from "./types.ts";

export function initCluster(c: ClusterConfig): ClusterState {
  return {
    nowMs: 0,
    lease: initLease(c.lease),
    repl: c.architecture === "rds-ha" ? initReplication(c.repl) : null,
    proxy: initProxy(c.proxy),
    primary: nodeId(0),
    failover: null,
    links: [],
    readLockUntilMs: null,
    primarySinceMs: 0,
    incarnationsAtPrimary: Array.from({ length: c.nodes }, () => 0),
    lastAcquireMs: Array.from({ length: c.nodes }, () => null),
  };
}
