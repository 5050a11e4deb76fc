/**
 * Tests that the composed cluster behaves as the two seed documents describe, on hand-written
 * histories: PolarDB's failover with a hot standby (VDS detection, global prefetching, PolarProxy
 * carrying the session and its transaction) against an ordinary standby and a plain client; a
 * planned switchover; RDS HA Edition's semi-sync replies, their timeout, and FTWRL while the
 * secondary is faulty; and the presets that break BoundedFailoverTime, FencedWrites and
 * NoAckedLoss, each naming the same invariant as the part it comes from.
 */
import { describe, expect, it } from "vitest";
import type { ClusterEvent } from "../../model/cluster/index.ts";
import { leaseInvariants } from "../../model/lease/invariants.ts";
import { proxyInvariants } from "../../model/proxy/invariants.ts";
import { replicationInvariants } from "../../model/replication/invariants.ts";
import { runHistory } from "../../conformance/check/run.ts";
import { kits } from "../../conformance/kits/index.ts";
import { crash as proxyCrash, executed as proxyExecuted, failover as proxyFailover, proxyConfig, run as runProxy, sent as proxySent } from "../proxy/helpers.ts";
import { commit as replCommit, crash as replCrash, failover as replFailover, ioStop, replConfig, time as replTime } from "../replication/helpers.ts";
import {
  backupLock, C, clientErrors, clusterConfig, committedStmts, completions, delivered, executed, lease, nodeCrashed, outputsOf,
  primaryCrashed, proxyOutputs, repl, run, sent, stepOf, stmt, switchover, time, times,
} from "./helpers.ts";

const ok = { rows: null, insertId: null, error: null };

/**
 * s1: BEGIN (#1), a blind update (#2) answered, an insert (#3) executed but unanswered when the
 * primary crashes (step 8); five advances of time reach the end of the failover (step 13); the
 * insert is resent and answered (14, 15); COMMIT (#4) is answered at step 18.
 */
const inFlightAcrossFailover: ClusterEvent[] = [
  ...stmt("begin"), ...stmt("blind-update"), sent("insert-keyed"), executed(), primaryCrashed,
  ...times(5, 5_000), executed(), delivered(), ...stmt("commit"),
];

describe("PolarDB with a hot standby (seed: failover with hot standby)", () => {
  it("a write in flight at the crash is held, attached and resent: no client error, the commit holds both writes once", () => {
    const r = run(clusterConfig("polardb-hot-standby"), inFlightAcrossFailover);
    expect(r.violation).toBeNull();
    expect(clientErrors(r)).toEqual([]);
    expect(r.steps[8]).toContainEqual({ type: "FailoverStarted", kind: "failover", from: 0, why: "the primary n1 crashed" });
    expect(proxyOutputs(r.steps[8]!)).toEqual([{ type: "PrimaryLost", node: 0, how: "crash" }, { type: "SessionHeld", session: 0 }]);
    // Time stops at each instant that matters: the acquire CAS, its landing, its reply, the PCR write, recovery done.
    expect(r.states.slice(9, 14).map((s) => s.nowMs)).toEqual([3_201, 3_251, 3_301, 3_401, 3_721]);
    expect(stepOf(r, "FailoverCompleted")).toBe(13);
    expect(completions(r)).toEqual([{
      type: "FailoverCompleted", kind: "failover", node: 1, epoch: 2,
      detectionMs: 3_201, electionMs: 100, recoveryMs: 420, totalMs: 3_721, excused: false,
    }]);
    const [done] = completions(r);
    expect(done!.detectionMs + done!.electionMs + done!.recoveryMs).toBe(done!.totalMs);
    expect(done!.totalMs).toBeGreaterThanOrEqual(3_000);
    expect(done!.totalMs).toBeLessThanOrEqual(10_000);
    // Everything prefetched: the startup of a streamlined node, cached redo, undo played forward for one open transaction.
    expect(r.steps[11]).toContainEqual({
      type: "PrimaryElected", node: 1, epoch: 2,
      recovery: { startupMs: 200, redoMs: 100, undoMs: 70, binlogMs: 50, bufferPoolMs: 0, relayMs: 0, totalMs: 420 },
    });
    expect(proxyOutputs(r.steps[13]!)).toContainEqual({ type: "Attached", session: 0, epoch: 2, result: "attached" });
    expect(proxyOutputs(r.steps[13]!)).toContainEqual({ type: "FailoverCompleted", node: 1, epoch: 2, durationMs: 3_721, stale: false });
    expect(proxyOutputs(r.steps[14]!)).toEqual([expect.objectContaining({ type: "Executed", stmt: { id: 3, kind: "insert-keyed", ctrx: 1 }, node: 1, epoch: 2, again: true })]);
    expect(proxyOutputs(r.steps[15]!)).toEqual([expect.objectContaining({ type: "Replied", stmt: expect.objectContaining({ id: 3 }), outcome: "ok", acrossFailover: true })]);
    expect(proxyOutputs(r.steps[18]!)).toEqual([expect.objectContaining({ type: "Replied", stmt: { id: 4, kind: "commit", ctrx: 1 }, outcome: "ok", digest: ok })]);
    expect(committedStmts(r.state)).toEqual([2, 3]);
    expect(r.state.proxy.db.open).toEqual([]);
    expect(r.state).toMatchObject({ primary: 1, failover: null, lease: { block: { holder: 1, epoch: 2 } } });
  });

  it("with no proxy help (none) the same history ends the session with an error at the crash, and nothing commits", () => {
    const r = run(clusterConfig("none"), inFlightAcrossFailover);
    expect(r.violation).toBeNull();
    expect(proxyOutputs(r.steps[8]!)).toEqual([
      { type: "PrimaryLost", node: 0, how: "crash" },
      expect.objectContaining({ type: "Replied", stmt: expect.objectContaining({ id: 3 }), outcome: "error", why: "connection lost; the transaction was rolled back" }),
      expect.objectContaining({ type: "SessionClosed", session: 0, idleAtLoss: false }),
    ]);
    // The failover itself is the same; only what the client sees differs. The closed session sends nothing more.
    expect(completions(r)).toEqual([expect.objectContaining({ node: 1, totalMs: 3_721, excused: false })]);
    expect(proxyOutputs(r.steps.slice(14).flat())).toEqual([]);
    expect(committedStmts(r.state)).toEqual([]);
    expect(r.state.proxy.sessions[0]!.open).toBe(false);
  });
});

describe("PolarDB with an ordinary standby (seed: 20–30 s without a hot standby)", () => {
  // s2 sets a variable and idles; s1 has a transaction open (BEGIN #2, update #3) when n1 crashes (step 9).
  const h: ClusterEvent[] = [...stmt("set-var", 1), ...stmt("begin"), ...stmt("blind-update"), primaryCrashed, ...times(9, 5_000), ...stmt("read", 1)];

  it("the failover takes tens of seconds; the open transaction cannot be attached, the idle session survives", () => {
    const r = run(clusterConfig("polardb-ordinary-standby"), h);
    expect(r.violation).toBeNull();
    expect(stepOf(r, "FailoverCompleted")).toBe(18);
    expect(completions(r)).toEqual([{
      type: "FailoverCompleted", kind: "failover", node: 1, epoch: 2,
      detectionMs: 10_202, electionMs: 100, recoveryMs: 11_300, totalMs: 21_602, excused: false,
    }]);
    const [done] = completions(r);
    expect(done!.totalMs).toBeGreaterThanOrEqual(20_000);
    expect(done!.totalMs).toBeLessThanOrEqual(30_000);
    // Nothing prefetched: a full startup, cold redo, undo and binlog, and a cold buffer pool.
    expect(outputsOf(r)).toContainEqual({
      type: "PrimaryElected", node: 1, epoch: 2,
      recovery: { startupMs: 2_000, redoMs: 2_500, undoMs: 1_800, binlogMs: 2_000, bufferPoolMs: 3_000, relayMs: 0, totalMs: 11_300 },
    });
    const atEnd = proxyOutputs(r.steps[18]!);
    expect(atEnd).toContainEqual({ type: "Attached", session: 0, epoch: 2, result: "invalid" });
    expect(atEnd).toContainEqual(expect.objectContaining({ type: "SessionClosed", session: 0, why: "the transaction could not be attached on the new primary" }));
    expect(atEnd).toContainEqual({ type: "Reconnected", session: 1, node: 1, epoch: 2, restored: "all", idle: true });
    expect(clientErrors(r).map((o) => ("session" in o ? o.session : null))).toEqual([0]);
    expect(proxyOutputs(r.steps.at(-1)!)).toEqual([expect.objectContaining({ type: "Replied", session: 1, outcome: "ok" })]);
    expect(committedStmts(r.state)).toEqual([]);
    expect(r.state.proxy.sessions[1]).toMatchObject({ open: true, client: { vars: 1 }, backend: { vars: 1 }, conn: { node: 1, epoch: 2 } });
  });
});

describe("a planned switchover (seed: scheduled switchover distinguished from failover)", () => {
  // s1: BEGIN (#1) and an update (#2) answered; the switchover (step 6); four advances reach its end (step 10); COMMIT (#3).
  const h: ClusterEvent[] = [...stmt("begin"), ...stmt("blind-update"), switchover, ...times(5, 5_000), ...stmt("commit")];

  it("the primary releases its lease, so the standby need not wait it out: detection within one poll, no client error", () => {
    const config = clusterConfig("polardb-hot-standby");
    const r = run(config, h);
    expect(r.violation).toBeNull();
    expect(clientErrors(r)).toEqual([]);
    expect(r.steps[6]).toContainEqual({ type: "Lease", output: { type: "RoleChanged", node: 0, role: "Follower", epoch: null, why: "released its lease for a planned switchover" } });
    expect(r.steps[6]).toContainEqual({ type: "FailoverStarted", kind: "switchover", from: 0, why: "planned switchover away from n1" });
    // The release is a CAS that clears the holder; the standby's acquire starts from the cleared block.
    expect(r.states[6]!.lease.inflight).toContainEqual(expect.objectContaining({ kind: "cas", node: 0, next: { holder: null, epoch: 1, renewSeq: 1 } }));
    expect(r.steps[7]).toContainEqual({
      type: "Lease", output: { type: "CasIssued", node: 1, purpose: "acquire", expect: { holder: null, epoch: 1, renewSeq: 1 }, next: { holder: 1, epoch: 2, renewSeq: 0 } },
    });
    const [done] = completions(r);
    expect(done).toEqual({ type: "FailoverCompleted", kind: "switchover", node: 1, epoch: 2, detectionMs: 500, electionMs: 100, recoveryMs: 420, totalMs: 1_020, excused: false });
    expect(done!.detectionMs).toBeLessThanOrEqual(config.lease.renewIntervalMs);
    expect(proxyOutputs(r.steps.at(-1)!)).toEqual([expect.objectContaining({ type: "Replied", stmt: { id: 3, kind: "commit", ctrx: 1 }, outcome: "ok" })]);
    expect(committedStmts(r.state)).toEqual([2]);
  });

  it("a crash of the same primary waits out the whole lease instead", () => {
    const crashed = h.map((e) => (e.type === "SwitchoverRequested" ? primaryCrashed : e));
    const [done] = completions(run(clusterConfig("polardb-hot-standby"), crashed));
    expect(done).toMatchObject({ kind: "failover", detectionMs: 3_201 });
  });
});

describe("RDS HA Edition: semi-sync replication decides what the new primary has (seed: High-availability Edition)", () => {
  it("a COMMIT's reply is held until the secondary acknowledges it (rds-ha-lossless)", () => {
    // BEGIN (#1), update (#2), COMMIT (#3) executed at step 7; its reply tries to reach the client at 8, then at 10.
    const h: ClusterEvent[] = [...stmt("begin"), ...stmt("blind-update"), sent("commit"), executed(), delivered(), repl({ type: "ReplicaReceived", node: 1 }), delivered()];
    const r = run(clusterConfig("rds-ha-lossless"), h);
    expect(r.violation).toBeNull();
    expect(r.steps[7]).toContainEqual({ type: "Replication", output: { type: "CommitIssued", id: 1, row: 1, node: 0, gtid: { server: 1, seq: 1 } } });
    expect(r.states[7]!.links).toEqual([{ replId: 1, stmts: [2], session: 0, stmt: 3 }]);
    expect(r.steps[8]).toEqual([]);
    expect(r.states[8]!.proxy.sessions[0]!.pending).toMatchObject({ stmt: { id: 3 }, phase: "executed" });
    expect(r.steps[9]).toContainEqual({ type: "Replication", output: { type: "CommitReplied", id: 1, node: 0, outcome: "ok", why: "semi-sync ACK received" } });
    expect(proxyOutputs(r.steps[10]!)).toEqual([expect.objectContaining({ type: "Replied", stmt: { id: 3, kind: "commit", ctrx: 1 }, outcome: "ok" })]);
  });

  it("with the secondary's IO stopped and no semi-sync timeout, a minute passes and the reply still waits (rds-ha-lossless)", () => {
    // IO stops (step 0); COMMIT (#3) executed at step 8; a minute passes (10); IO restarts (12) and the secondary catches up (13).
    const h: ClusterEvent[] = [
      repl({ type: "ReplicaIoStopped", node: 1 }), ...stmt("begin"), ...stmt("blind-update"), sent("commit"), executed(), delivered(),
      time(60_000), delivered(), repl({ type: "ReplicaIoStarted", node: 1 }), time(1), delivered(),
    ];
    const r = run(clusterConfig("rds-ha-lossless"), h);
    expect(r.violation).toBeNull();
    expect(r.states[10]!.nowMs).toBe(60_000);
    expect([r.steps[9], r.steps[11]]).toEqual([[], []]);
    expect(r.steps[13]).toContainEqual({ type: "Replication", output: { type: "CommitReplied", id: 1, node: 0, outcome: "ok", why: "semi-sync ACK received" } });
    expect(proxyOutputs(r.steps[14]!)).toEqual([expect.objectContaining({ type: "Replied", stmt: { id: 3, kind: "commit", ctrx: 1 }, outcome: "ok" })]);
  });

  // The secondary's IO thread stops (step 0); BEGIN, update (#2), COMMIT (#3) executed at step 8.
  const lost: ClusterEvent[] = [
    repl({ type: "ReplicaIoStopped", node: 1 }), ...stmt("begin"), ...stmt("blind-update"), sent("commit"), executed(), delivered(),
    time(20_000), delivered(), primaryCrashed, ...times(8, 6_000), ...stmt("read"),
  ];

  it("rds-ha-mariadb: with no ACK the commit is answered OK after the 10 s timeout, and the failover loses it (NoAckedLoss)", () => {
    const r = run(clusterConfig("rds-ha-mariadb"), lost);
    expect(r.steps[9]).toEqual([]);
    // Time stops at the timeout: semi-sync switches off and the waiting commit is answered OK.
    expect(r.states[10]!.nowMs).toBe(10_000);
    expect(r.steps[10]).toEqual([
      { type: "Replication", output: { type: "SemiSyncSwitched", node: 0, on: false } },
      { type: "Replication", output: { type: "CommitReplied", id: 1, node: 0, outcome: "ok", why: "semi-sync timed out; switched to asynchronous" } },
      { type: "TimeNow", nowMs: 10_000 },
    ]);
    expect(proxyOutputs(r.steps[11]!)).toEqual([expect.objectContaining({ type: "Replied", stmt: { id: 3, kind: "commit", ctrx: 1 }, outcome: "ok" })]);
    // Replication promotes n2 when election makes it primary: its binlog lacks the commit.
    expect(r.steps[16]).toContainEqual({ type: "Replication", output: { type: "Promoted", node: 1 } });
    expect(r.violation).toEqual({ invariant: "NoAckedLoss", step: 16, message: "row 1 (committed on n1) is missing on the primary n2" });
  });

  it("rds-ha-mariadb, past the violation: the proxy learns the commit is gone when n2 opens, and a read finds nothing", () => {
    const r = run(clusterConfig("rds-ha-mariadb"), lost, ["BoundedFailoverTime"]);
    expect(r.violation).toBeNull();
    const k = stepOf(r, "FailoverCompleted");
    expect(proxyOutputs(r.steps[k]!)).toContainEqual({ type: "CommitsLost", stmts: [2] });
    expect(completions(r)).toEqual([expect.objectContaining({ node: 1, detectionMs: 10_203, electionMs: 100, recoveryMs: 2_500, totalMs: 12_803 })]);
    expect(committedStmts(r.state)).toEqual([]);
    expect(proxyOutputs(r.steps.at(-1)!)).toEqual([expect.objectContaining({ type: "Replied", outcome: "ok", digest: { rows: "c=0 keyed=0 autoinc=0", insertId: null, error: null } })]);
  });

  it("rds-ha-lossless: the same history keeps the commit waiting, and a failover keeps what the client was told", () => {
    const r = run(clusterConfig("rds-ha-lossless"), lost);
    expect(r.violation).toBeNull();
    expect(proxyOutputs(outputsOf(r)).filter((o) => o.type === "Replied" && o.stmt.kind === "commit" && o.outcome === "ok")).toEqual([]);
    expect(clientErrors(r)).toEqual([expect.objectContaining({ type: "Replied", outcome: "error", stmt: expect.objectContaining({ id: 3 }) }), expect.objectContaining({ type: "SessionClosed" })]);
  });

  it("FTWRL: with the secondary down, the primary's backup blocks writes for cluster.backupLockMs; reads go on", () => {
    // The lock is not taken while the secondary is healthy (step 0); n2 crashes (1); the lock is taken at t=0 (2).
    const h: ClusterEvent[] = [
      backupLock, nodeCrashed(1), backupLock, ...stmt("read"), sent("insert-keyed"), executed(), time(3_000), executed(),
      time(3_000), executed(), time(20_000), delivered(),
    ];
    const config = clusterConfig("rds-ha-mariadb");
    const r = run(config, h);
    expect(r.violation).toBeNull();
    expect(r.steps[0]).toEqual([]);
    expect(r.steps[2]).toEqual([{ type: "GlobalReadLock", on: true }]);
    expect(r.states[2]!.readLockUntilMs).toBe(config.backupLockMs);
    expect(proxyOutputs(r.steps[5]!)).toEqual([expect.objectContaining({ type: "Replied", stmt: expect.objectContaining({ kind: "read" }), outcome: "ok" })]);
    const blocked = { type: "WriteBlocked", session: 0, why: "FLUSH TABLES WITH READ LOCK held by the primary's backup" };
    expect(r.steps[7]).toEqual([blocked]);
    expect(r.steps[9]).toEqual([blocked]);
    expect(r.states[9]!.proxy.sessions[0]!.pending).toMatchObject({ stmt: { id: 2 }, phase: "sent" });
    // Time stops when the lock is released, 5 s after it was taken.
    expect(r.states[10]!.nowMs).toBe(5_000);
    expect(r.steps[10]).toContainEqual({ type: "GlobalReadLock", on: false });
    expect(proxyOutputs(r.steps[11]!)).toEqual([expect.objectContaining({ type: "Executed", stmt: { id: 2, kind: "insert-keyed", ctrx: null }, node: 0 })]);
    // No secondary to acknowledge: the write is answered after the semi-sync timeout.
    expect(r.states[12]!.nowMs).toBe(15_000);
    expect(proxyOutputs(r.steps[13]!)).toEqual([expect.objectContaining({ type: "Replied", stmt: expect.objectContaining({ id: 2 }), outcome: "ok" })]);
    expect(committedStmts(r.state)).toEqual([2]);
  });
});

describe("BoundedFailoverTime", () => {
  const crash: ClusterEvent[] = [...stmt("begin"), ...stmt("blind-update"), primaryCrashed];

  it("polardb-no-prefetch: a hot standby that prefetches nothing recovers cold and misses the 10 s RTO", () => {
    const r = run(clusterConfig("polardb-no-prefetch"), [...crash, ...times(6, 5_000)]);
    expect(r.violation).toEqual({
      invariant: "BoundedFailoverTime", step: 12,
      message: "the failover to n2 took 12801 ms (detection 3201, election 100, recovery 9500), over the 10000 ms RTO",
    });
    expect(r.steps[12]).toContainEqual(expect.objectContaining({ type: "FailoverCompleted", totalMs: 12_801, excused: false }));
  });

  it.each<[string, ClusterEvent[]]>([
    ["paused", [lease({ type: "NodePaused", node: 1, ms: 1_000 })]],
    ["cut off from storage", [lease({ type: "StoragePartitioned", node: 1 }), time(1_000), lease({ type: "StorageHealed", node: 1 })]],
  ])("polardb-no-prefetch: a failover whose standby was itself %s is excused", (_what, fault) => {
    const r = run(clusterConfig("polardb-no-prefetch"), [...crash, ...fault, ...times(8, 5_000)]);
    expect(r.violation).toBeNull();
    expect(completions(r)).toEqual([expect.objectContaining({ node: 1, totalMs: 12_801, excused: true })]);
  });

  it("polardb-hot-standby: every part stays within the RTO on the same crash", () => {
    const r = run(clusterConfig("polardb-hot-standby"), [...crash, ...times(6, 5_000)], ["BoundedFailoverTime"]);
    expect(r.violation).toBeNull();
    expect(completions(r)).toEqual([expect.objectContaining({ totalMs: 3_721, excused: false })]);
  });
});

describe("FencedWrites (polardb-unfenced-lease)", () => {
  // n1 issues a data write, then freezes for 10 s with it unsubmitted; n2 takes over at 3.3 s.
  const h: ClusterEvent[] = [
    ...stmt("begin"), lease({ type: "LeaderWriteRequested", node: 0, target: "data" }), lease({ type: "NodePaused", node: 0, ms: 10_000 }), ...times(12, 2_000),
  ];

  it("without epoch fencing the paused old primary's write lands after the takeover", () => {
    const r = run(clusterConfig("polardb-unfenced-lease"), h);
    expect(r.steps[8]).toContainEqual({ type: "FailoverStarted", kind: "failover", from: 0, why: "n2 took the lease" });
    expect(r.violation).toEqual({ invariant: "FencedWrites", step: 16, message: "n1's data write from epoch 1 was accepted at epoch 2" });
    expect(r.steps[16]).toContainEqual({
      type: "Lease", output: { type: "WriteLanded", node: 0, target: "data", epoch: 1, blockEpoch: 2, blockHolder: 1, accepted: true },
    });
  });

  it("with epoch fencing storage refuses it", () => {
    const r = run(clusterConfig("polardb-unfenced-lease", { "lease.fencing": "epoch" }), h);
    expect(r.violation).toBeNull();
    expect(outputsOf(r)).toContainEqual({
      type: "Lease", output: { type: "WriteLanded", node: 0, target: "data", epoch: 1, blockEpoch: 2, blockHolder: 1, accepted: false },
    });
  });
});

describe("the parts' invariants, lifted onto the cluster", () => {
  it("every invariant of election, replication and the proxy is the cluster's too, under the same name and statement", () => {
    const byName = new Map(C.invariants.map((i) => [i.name, i.statement]));
    const parts = [...leaseInvariants, ...replicationInvariants.filter((i) => i.name !== "NoDuplicateRows"), ...proxyInvariants];
    for (const inv of parts) expect(byName.get(inv.name), inv.name).toBe(inv.statement);
    expect([...byName.keys()].filter((n) => !parts.some((p) => p.name === n))).toEqual(["BoundedFailoverTime"]);
  });

  it("a lost acknowledged commit names NoAckedLoss with replication's own message", () => {
    const alone = runHistory(
      kits.replication.model, replConfig("mariadb-10.11-defaults"), [ioStop(1), replCommit, replTime(20_000), replCrash(0), replFailover],
    ).violation;
    const inCluster = run(clusterConfig("rds-ha-mariadb"), [
      repl({ type: "ReplicaIoStopped", node: 1 }), sent("insert-keyed"), executed(), time(20_000), primaryCrashed, ...times(8, 6_000),
    ]).violation;
    expect(alone).toMatchObject({ invariant: "NoAckedLoss", message: "row 1 (committed on n1) is missing on the primary n2" });
    expect(inCluster).toMatchObject({ invariant: alone!.invariant, message: alone!.message });
  });

  it("a proxy retry of an executed autocommit insert names AtMostOnceEffects with the proxy's own message", () => {
    const alone = runProxy(proxyConfig("proxysql-defaults"), [proxySent("insert-autoinc"), proxyExecuted(), proxyCrash, proxyFailover(true), proxyExecuted()]).violation;
    expect(alone).toMatchObject({ invariant: "AtMostOnceEffects", message: "statement #1 (insert-autoinc) took effect twice" });
    const r = run(clusterConfig("polardb-hot-standby", { "proxy.transactionPreservation": "none", "proxy.retriesOnFailure": 1 }), [
      sent("insert-autoinc"), executed(), primaryCrashed, ...times(5, 5_000), executed(),
    ]);
    expect(r.violation).toEqual({ invariant: alone!.invariant, step: 8, message: alone!.message });
  });
});
