/** Each protocol's timeline view, by protocol name. */
import { clusterView } from "./cluster.ts";
import { leaseView } from "./lease.ts";
import { proxyView } from "./proxy.ts";
import { replicationView } from "./replication.ts";
import type { TimelineView } from "./view.ts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const views: Readonly<Record<string, TimelineView<any, any, any>>> = { lease: leaseView, replication: replicationView, proxy: proxyView, cluster: clusterView };
