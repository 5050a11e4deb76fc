/**
 * Cluster histories that once went wrong without any invariant noticing, each kept so that its
 * fix stays fixed. (Found by reading the composition against the parts' own rules.)
 */
import { describe, expect, it } from "vitest";
import {
  backupLock, clientErrors, clusterConfig, completions, delivered, executed, lease, nodeCrashed, nodeRestarted, outputsOf,
  primaryCrashed, proxyOutputs, repl, run, sent, stmt, switchover, time, times,
} from "./helpers.ts";

describe("cluster regressions", () => {
  it("an elected node that loses its lease while recovering does not open as primary", () => {
    const r = run(clusterConfig("polardb-ordinary-standby"), [primaryCrashed, ...times(5, 5000), lease({ type: "StoragePartitioned", node: 1 }), ...times(4, 5000)]);
    expect(r.violation).toBeNull();
    expect(completions(r)).toEqual([]);
    expect(r.state.primary).toBeNull();
    expect(r.state.failover?.node).toBeNull();
  });

  it("a switchover with no standby ready is refused: the primary keeps serving", () => {
    const r = run(clusterConfig("polardb-hot-standby"), [nodeCrashed(1), time(100), switchover, ...times(3, 10_000), ...stmt("insert-keyed")]);
    expect(r.violation).toBeNull();
    expect(outputsOf(r).some((o) => o.type === "FailoverStarted")).toBe(false);
    expect(r.state.primary).toBe(0);
    expect(clientErrors(r)).toEqual([]);
  });

  it("rds-ha: a secondary restarted during a failover rejoins replication and is promoted once elected", () => {
    const r = run(clusterConfig("rds-ha-mariadb"), [nodeCrashed(1), primaryCrashed, nodeRestarted(1), ...times(30, 10_000)]);
    expect(r.violation).toBeNull();
    expect(completions(r).map((f) => f.node)).toEqual([1]);
    expect(r.state.repl!.nodes[1]!.writable).toBe(true);
  });

  it("rds-ha-lossless: a secondary replication will not let crash does not crash in election either", () => {
    const r = run(clusterConfig("rds-ha-lossless"), [nodeCrashed(1), sent("insert-keyed"), executed(), repl({ type: "ReplicaReceived", node: 1 }), delivered(), backupLock]);
    expect(r.violation).toBeNull();
    expect(r.state.lease.nodes[1]!.up).toBe(true);
    expect(r.state.repl!.nodes[1]!.up).toBe(true);
    expect(outputsOf(r).some((o) => o.type === "GlobalReadLock")).toBe(false);
  });

  it("a hot standby paused before the failover keeps the synced transaction state: the transaction is attached", () => {
    const h = [lease({ type: "NodePaused", node: 1, ms: 200 }), ...times(3, 1000), ...stmt("begin"), ...stmt("blind-update"), primaryCrashed, ...times(6, 5000), ...stmt("commit")];
    const r = run(clusterConfig("polardb-hot-standby"), h);
    expect(r.violation).toBeNull();
    expect(clientErrors(r)).toEqual([]);
    expect(proxyOutputs(outputsOf(r))).toContainEqual(expect.objectContaining({ type: "Attached", result: "attached" }));
  });

  it("a failover that starts with another node's takeover is timed from when the primary stopped serving", () => {
    const cfg = clusterConfig("polardb-no-prefetch", { "env.maxPauseMs": "unbounded" });
    const r = run(cfg, [lease({ type: "NodePaused", node: 0, ms: 60_000 }), ...times(12, 2000)], ["BoundedFailoverTime"]);
    expect(r.violation?.invariant).toBe("BoundedFailoverTime");
    const [f] = completions(run(cfg, [lease({ type: "NodePaused", node: 0, ms: 60_000 }), ...times(12, 2000)], []));
    expect(f!.detectionMs).toBeGreaterThan(3000);
    expect(f!.electionMs).toBe(100);
    expect(f!.detectionMs + f!.electionMs + f!.recoveryMs).toBe(f!.totalMs);
  });

  it("a paused primary executes nothing: the statement hangs until the failover moves it", () => {
    const cfg = clusterConfig("polardb-hot-standby", { "env.maxPauseMs": "unbounded" });
    const r = run(cfg, [lease({ type: "NodePaused", node: 0, ms: 60_000 }), time(1000), ...stmt("insert-keyed")]);
    expect(r.violation).toBeNull();
    expect(r.steps[3]).toEqual([{ type: "StatementStalled", session: 0, why: "n1 is paused" }]);
    expect(r.state.proxy.db.committed).toEqual([]);
  });
});
