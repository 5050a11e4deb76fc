/**
 * Tests that each proxy strategy carries a session across a primary failover as
 * research/ha-semantics.md §4 describes, on hand-written histories: what the client is told,
 * what the database holds, and which invariant (P1, P3, P5, P6 of §5) breaks at which step.
 */
import { describe, expect, it } from "vitest";
import type { ProxyEvent } from "../../model/proxy/index.ts";
import {
  committedStmts, crash, delivered, executed, failover, isolated, other, outputsOf, P, proxyConfig, run, sent, stale, stmt, streamed, time,
} from "./helpers.ts";

const ok = { rows: null, insertId: null, error: null };

describe("PolarProxy: Attach Trx and resend (research §4.1)", () => {
  // s1: BEGIN (#1), a blind update (#2) answered, an insert (#3) executed but unanswered when n1 dies.
  const inFlight = (trxState: boolean): ProxyEvent[] => [
    ...stmt("begin"), ...stmt("blind-update"), sent("insert-keyed"), executed(), crash, failover(trxState),
  ];

  it("hot standby with the transaction rebuilt: held, attached, the write resent once, then COMMIT commits both writes once", () => {
    const h = [...inFlight(true), executed(), delivered(), ...stmt("commit")];
    const r = run(proxyConfig("polardb-hot-standby"), h);
    expect(r.violation).toBeNull();
    expect(r.steps[8]).toEqual([{ type: "PrimaryLost", node: 0, how: "crash" }, { type: "SessionHeld", session: 0 }]);
    expect(r.steps[9]).toContainEqual({ type: "Attached", session: 0, epoch: 2, result: "attached" });
    const again = outputsOf(r).filter((o) => o.type === "Executed" && o.again);
    expect(again).toEqual([expect.objectContaining({ stmt: { id: 3, kind: "insert-keyed", ctrx: 1 }, node: 1, epoch: 2, digest: ok })]);
    expect(r.steps[11]).toEqual([expect.objectContaining({ type: "Replied", stmt: expect.objectContaining({ id: 3 }), outcome: "ok", acrossFailover: true })]);
    expect(r.steps[14]).toEqual([expect.objectContaining({ type: "Replied", stmt: expect.objectContaining({ kind: "commit" }), outcome: "ok" })]);
    expect(committedStmts(r.state)).toEqual([2, 3]);
    expect(r.state.db.open).toEqual([]);
    expect(r.state.sessions[0]).toMatchObject({ open: true, trx: null, pending: null, conn: { node: 1, epoch: 2 } });
  });

  it("the transaction not rebuilt: Attach Trx says invalid and the session closes with the error (honest, nothing committed)", () => {
    const r = run(proxyConfig("polardb-hot-standby"), [...inFlight(false), ...stmt("commit")]);
    expect(r.violation).toBeNull();
    expect(r.steps[9]).toContainEqual({ type: "Attached", session: 0, epoch: 2, result: "invalid" });
    expect(r.steps[9]).toContainEqual(expect.objectContaining({
      type: "Replied", stmt: expect.objectContaining({ id: 3 }), outcome: "error", why: "the transaction could not be attached on the new primary",
    }));
    expect(r.steps[9]).toContainEqual(expect.objectContaining({ type: "SessionClosed", session: 0, idleAtLoss: false }));
    // The closed session takes no more statements: its COMMIT is never sent.
    expect(r.steps.slice(10).flat()).toEqual([]);
    expect(committedStmts(r.state)).toEqual([]);
    expect(r.state.sessions[0]!.open).toBe(false);
  });

  it("without the validity check the last statement runs on its own, outside its lost transaction (P6): TransactionAtomicity", () => {
    const h = [...inFlight(false), executed(), delivered()];
    const r = run(proxyConfig("polardb-attach-unvalidated"), h);
    expect(r.steps[9]).toContainEqual({ type: "Attached", session: 0, epoch: 2, result: "unvalidated" });
    expect(r.violation).toMatchObject({ invariant: "TransactionAtomicity", step: 11 });
    expect(r.violation?.message).toBe("s1's transaction holds effects of statements [3] in the database, but its client was told [2,3]");
    // The resent insert autocommitted: the client still believes its transaction is open.
    expect(committedStmts(r.state)).toEqual([3]);
    expect(r.state.sessions[0]!.trx?.ctrx).toBe(1);
  });

  it("a statement sent during the failover is held and runs on the new primary", () => {
    const h = [crash, sent("insert-keyed"), failover(true), executed(), delivered()];
    const r = run(proxyConfig("polardb-hot-standby"), h);
    expect(r.violation).toBeNull();
    expect(r.steps[1]).toEqual([]);
    expect(r.state.sessions[0]!.heldSinceMs).toBeNull();
    expect(r.steps[3]).toEqual([expect.objectContaining({ type: "Executed", node: 1, epoch: 2, again: false })]);
    expect(r.steps[4]).toEqual([expect.objectContaining({ type: "Replied", outcome: "ok" })]);
  });

  it("a reply in flight when the connection broke never arrives; the held read is sent again", () => {
    const r = run(proxyConfig("polardb-hot-standby"), [sent("read"), executed(), crash, delivered(), failover(true), executed(), delivered()]);
    expect(r.violation).toBeNull();
    expect(r.steps[3]).toEqual([]);
    expect(r.steps[5]).toEqual([expect.objectContaining({ type: "Executed", node: 1, epoch: 2, again: true })]);
    expect(r.steps[6]).toEqual([expect.objectContaining({ type: "Replied", outcome: "ok", acrossFailover: true })]);
  });

  it("without any proxy help a statement sent during the failover fails at once, and the session stays open", () => {
    const r = run(proxyConfig("none"), [crash, sent("insert-keyed")]);
    expect(r.steps[1]).toEqual([expect.objectContaining({ type: "Replied", outcome: "error", why: "no primary" })]);
    expect(r.state.sessions[0]).toMatchObject({ open: true, pending: null });
  });
});

describe("an autocommit write executed but unanswered when the primary dies", () => {
  const h: ProxyEvent[] = [sent("insert-autoinc"), executed(), crash, failover(true), executed(), delivered()];

  it("PolarProxy: Attach Trx says committed [derived]; the client is told OK with its insert id, the write committed once", () => {
    const r = run(proxyConfig("polardb-hot-standby"), h);
    expect(r.violation).toBeNull();
    expect(r.steps[3]).toContainEqual({ type: "Attached", session: 0, epoch: 2, result: "committed" });
    expect(r.steps[3]).toContainEqual(expect.objectContaining({
      type: "Replied", outcome: "ok", digest: { rows: null, insertId: 1, error: null }, why: "committed before the failover", acrossFailover: true,
    }));
    expect(outputsOf(r).filter((o) => o.type === "Executed" && o.again)).toEqual([]);
    expect(committedStmts(r.state)).toEqual([1]);
  });

  it("ProxySQL: retried on the new primary, so it takes effect twice (AtMostOnceEffects)", () => {
    const r = run(proxyConfig("proxysql-defaults"), h);
    expect(r.steps[3]).not.toContainEqual(expect.objectContaining({ type: "SessionClosed" }));
    expect(r.steps[4]).toEqual([expect.objectContaining({
      type: "Executed", node: 1, epoch: 2, again: true, alreadyApplied: true, digest: { rows: null, insertId: 2, error: null },
    })]);
    expect(r.violation).toEqual({ invariant: "AtMostOnceEffects", step: 4, message: "statement #1 (insert-autoinc) took effect twice" });
  });

  it("ProxySQL: a keyed insert retried fails with a duplicate key, so the client is told an error for a write that committed", () => {
    const r = run(proxyConfig("proxysql-defaults"), [sent("insert-keyed"), executed(), crash, failover(true), executed(), delivered()]);
    expect(r.violation).toBeNull();
    expect(r.steps[5]).toEqual([expect.objectContaining({ type: "Replied", outcome: "error", why: "duplicate key", acrossFailover: true })]);
    expect(committedStmts(r.state)).toEqual([1]);
  });

  it("MaxScale 24.02 (replay, no retry once sent): the client gets an error and the write is not sent again", () => {
    const r = run(proxyConfig("maxscale-24.02-safe-workload"), h);
    expect(r.violation).toBeNull();
    expect(r.steps[3]).toContainEqual(expect.objectContaining({ type: "Replied", outcome: "error", why: "connection lost during the statement" }));
    expect(r.steps[3]).toContainEqual(expect.objectContaining({ type: "SessionClosed", session: 0 }));
    expect(outputsOf(r).filter((o) => o.type === "Executed" && o.again)).toEqual([]);
    expect(committedStmts(r.state)).toEqual([1]);
  });
});

describe("ProxySQL retries only what is safe to retry (research §4.4)", () => {
  it("not a read whose result had started to stream", () => {
    const r = run(proxyConfig("proxysql-defaults"), [sent("read"), executed(), streamed(), streamed(), crash, failover(true)]);
    expect(r.violation).toBeNull();
    expect(r.steps[2]).toEqual([expect.objectContaining({ type: "PartialResult", session: 0 })]);
    expect(r.steps[3]).toEqual([]);
    expect(r.steps[4]).toContainEqual(expect.objectContaining({ type: "SessionClosed", why: "connection lost after part of the result was sent" }));
    expect(r.steps[5]).toEqual([expect.objectContaining({ type: "FailoverCompleted" })]);
  });

  it("not a statement inside a transaction", () => {
    const r = run(proxyConfig("proxysql-defaults"), [...stmt("begin"), sent("blind-update"), executed(), crash, failover(true), executed()]);
    expect(r.violation).toBeNull();
    expect(r.steps[5]).toContainEqual(expect.objectContaining({ type: "Replied", outcome: "error", why: "connection lost; the transaction was rolled back" }));
    expect(committedStmts(r.state)).toEqual([]);
  });
});

describe("MaxScale transaction_replay (research §4.2)", () => {
  // BEGIN (#1), a blind update (#2), COMMIT (#3) executed on n1, which dies before the OK.
  const commitInterrupted: ProxyEvent[] = [...stmt("begin"), ...stmt("blind-update"), sent("commit"), executed(), crash, failover(false), executed(), delivered()];

  it("without safe commit (before 23.08) the committed transaction is replayed and commits again (P1)", () => {
    const r = run(proxyConfig("maxscale-legacy"), commitInterrupted);
    // The blind update's OK packet is the same on replay, so even a full checksum matches.
    expect(r.steps[9]).toContainEqual({ type: "Replayed", session: 0, epoch: 2, statements: 1, continued: true, checksumMismatch: false, differs: false });
    expect(r.violation).toEqual({ invariant: "AtMostOnceEffects", step: 10, message: "statement #2 (blind-update) took effect twice" });
    expect(committedStmts(r.state)).toEqual([2, 2]);
  });

  it("without safe commit, CommitOutcomeHonesty sees the COMMIT sent again after it took effect", () => {
    const r = run(proxyConfig("maxscale-legacy"), commitInterrupted, ["CommitOutcomeHonesty"]);
    expect(r.violation).toEqual({ invariant: "CommitOutcomeHonesty", step: 10, message: "s1's COMMIT was sent again after it had taken effect" });
  });

  it("with safe commit (23.08) the session closes with an error and nothing is duplicated", () => {
    const r = run(proxyConfig("maxscale-23.08"), commitInterrupted);
    expect(r.violation).toBeNull();
    expect(r.steps[9]).toContainEqual(expect.objectContaining({
      type: "Replied", stmt: expect.objectContaining({ kind: "commit" }), outcome: "error", why: "COMMIT was interrupted; not replayed (transaction_replay_safe_commit)",
    }));
    expect(r.steps[9]).toContainEqual(expect.objectContaining({ type: "SessionClosed", session: 0 }));
    expect(outputsOf(r).some((o) => o.type === "Replayed")).toBe(false);
    expect(committedStmts(r.state)).toEqual([2]);
  });

  it("a transaction with an implicit commit is replayed whole, committing its prefix twice (24.02's limitation)", () => {
    const h = [...stmt("begin"), ...stmt("blind-update"), ...stmt("implicit-commit"), crash, failover(false)];
    const r = run(proxyConfig("maxscale-24.02"), h);
    expect(r.steps[10]).toContainEqual(expect.objectContaining({ type: "Replayed", statements: 2, continued: true }));
    expect(r.violation).toEqual({ invariant: "AtMostOnceEffects", step: 10, message: "statement #2 (blind-update) took effect twice" });
  });

  it("an application that follows the replay rules cannot send what breaks it: the safe workload ignores blind writes", () => {
    const r = run(proxyConfig("maxscale-24.02-safe-workload"), [...stmt("begin"), sent("blind-update"), executed()]);
    expect(r.steps.slice(3).flat()).toEqual([]);
    expect(r.state.nextStmt).toBe(2);
  });

  it("a replay in which the same statements get the same responses continues", () => {
    const h = [...stmt("begin"), ...stmt("insert-keyed"), ...stmt("read"), crash, failover(false), ...stmt("commit")];
    const r = run(proxyConfig("maxscale-24.02-safe-workload"), h);
    expect(r.violation).toBeNull();
    expect(r.steps[10]).toContainEqual({ type: "Replayed", session: 0, epoch: 2, statements: 2, continued: true, checksumMismatch: false, differs: false });
    expect(committedStmts(r.state)).toEqual([2]);
  });
});

describe("replay checksums (P3)", () => {
  // BEGIN (#1), an auto-increment insert answered with id 1; n1 dies; the replay gets id 2.
  const autoinc: ProxyEvent[] = [...stmt("begin"), ...stmt("insert-autoinc"), crash, failover(false)];

  it("result_only does not compare OK packets: the replay got another insert id and continues (ReplayFidelity)", () => {
    const r = run(proxyConfig("maxscale-result-only"), autoinc);
    expect(r.steps[4]).toEqual([expect.objectContaining({ type: "Executed", digest: { rows: null, insertId: 1, error: null } })]);
    expect(r.steps[7]).toContainEqual(expect.objectContaining({ type: "Executed", again: true, digest: { rows: null, insertId: 2, error: null } }));
    expect(r.steps[7]).toContainEqual({ type: "Replayed", session: 0, epoch: 2, statements: 1, continued: true, checksumMismatch: false, differs: true });
    expect(r.violation).toEqual({ invariant: "ReplayFidelity", step: 7, message: "s1 continued after a replay whose responses differ from what its client was told" });
  });

  it("no_insert_id behaves as result_only here (LAST_INSERT_ID() reads are not modelled)", () => {
    const r = run(proxyConfig("maxscale-24.02", { "proxy.replayChecksum": "no_insert_id" }), autoinc);
    expect(r.violation).toMatchObject({ invariant: "ReplayFidelity", step: 7 });
  });

  it("the full checksum sees the other insert id: the session closes and the replayed transaction is rolled back", () => {
    const r = run(proxyConfig("maxscale-24.02"), autoinc);
    expect(r.violation).toBeNull();
    expect(r.steps[7]).toContainEqual({ type: "Replayed", session: 0, epoch: 2, statements: 1, continued: false, checksumMismatch: true, differs: true });
    expect(r.steps[7]).toContainEqual(expect.objectContaining({ type: "SessionClosed", session: 0, why: "transaction replay failed: checksum mismatch" }));
    expect(r.state.db.open).toEqual([]);
    expect(committedStmts(r.state)).toEqual([]);
  });

  it("result_only still compares result sets: a server-specific read (NOW(), @@server_id) fails the replay", () => {
    const r = run(proxyConfig("maxscale-result-only"), [...stmt("begin"), ...stmt("read-nondet"), crash, failover(false)]);
    expect(r.violation).toBeNull();
    expect(r.steps[7]).toContainEqual(expect.objectContaining({ type: "Replayed", continued: false, checksumMismatch: true }));
  });

  it("a locked read that another writer changed in between fails the replay", () => {
    const r = run(proxyConfig("maxscale-24.02-safe-workload"), [...stmt("begin"), ...stmt("read"), other, crash, failover(false)]);
    expect(r.violation).toBeNull();
    expect(r.steps[8]).toContainEqual(expect.objectContaining({ type: "Replayed", continued: false, checksumMismatch: true }));
  });
});

describe("session state across a reconnect (P5)", () => {
  const tmpTable: ProxyEvent[] = [...stmt("create-tmp"), crash, failover(false)];

  it("MaxScale 23.08 (strict_tmp_tables off): the temporary table silently vanishes (SessionStateEquivalence)", () => {
    const r = run(proxyConfig("maxscale-23.08"), tmpTable);
    expect(r.steps[4]).toContainEqual({ type: "Reconnected", session: 0, node: 1, epoch: 2, restored: "some", idle: true });
    expect(r.violation).toMatchObject({ invariant: "SessionStateEquivalence", step: 4 });
    expect(r.state.sessions[0]).toMatchObject({ client: { tmp: [1] }, backend: { tmp: [] } });
  });

  it("MaxScale 24.02 (strict_tmp_tables): the session is closed instead, and is no idle casualty", () => {
    const r = run(proxyConfig("maxscale-24.02"), tmpTable);
    expect(r.violation).toBeNull();
    expect(r.steps[4]).toContainEqual(expect.objectContaining({
      type: "SessionClosed", session: 0, why: "temporary tables cannot be restored (strict_tmp_tables)", idleAtLoss: true, restorable: false,
    }));
  });

  it("MaxScale's session-command history restores variables and prepared statements", () => {
    const r = run(proxyConfig("maxscale-23.08"), [...stmt("set-var"), ...stmt("prepare"), crash, failover(false)]);
    expect(r.violation).toBeNull();
    expect(r.steps[7]).toContainEqual(expect.objectContaining({ type: "Reconnected", restored: "all", idle: true }));
    expect(r.state.sessions[0]!.backend).toEqual({ vars: 1, tmp: [], prepared: [2] });
  });

  it("RDS Proxy: a pinned session's variables are not restored on the new writer [derived] (SessionStateEquivalence)", () => {
    const r = run(proxyConfig("rds-proxy"), [...stmt("set-var"), crash, failover(false)]);
    expect(r.violation).toMatchObject({ invariant: "SessionStateEquivalence", step: 4 });
  });
});

describe("idle and in-transaction sessions (PX-L1, research §4.3)", () => {
  it("no proxy help: an idle session loses its connection though the failover was quick (IdleSessionsSurvive)", () => {
    const r = run(proxyConfig("none"), [...stmt("read"), crash, failover(false)]);
    expect(r.steps[3]).toContainEqual({ type: "SessionClosed", session: 0, why: "connection lost", idleAtLoss: true, restorable: true });
    expect(r.violation).toEqual({ invariant: "IdleSessionsSurvive", step: 4, message: "s1 lost the connection while idle, though the failover took only 0 ms" });
  });

  it("RDS Proxy: the idle session survives; the one in a transaction is cancelled with an error", () => {
    const h = [...stmt("read", 0), ...stmt("begin", 1), sent("insert-keyed", 1), executed(1), crash, failover(false), ...stmt("read", 0)];
    const r = run(proxyConfig("rds-proxy"), h);
    expect(r.violation).toBeNull();
    expect(r.steps[8]).toContainEqual({ type: "SessionHeld", session: 0 });
    expect(r.steps[8]).toContainEqual(expect.objectContaining({ type: "Replied", session: 1, outcome: "error", why: "connection lost; the transaction was rolled back" }));
    expect(r.steps[8]).toContainEqual(expect.objectContaining({ type: "SessionClosed", session: 1, idleAtLoss: false }));
    expect(r.steps[9]).toContainEqual({ type: "Reconnected", session: 0, node: 1, epoch: 2, restored: "all", idle: true });
    expect(r.steps[11]).toEqual([expect.objectContaining({ type: "Executed", session: 0, node: 1, epoch: 2 })]);
    expect(r.state.sessions.map((x) => x.open)).toEqual([true, false]);
    expect(committedStmts(r.state)).toEqual([]);
  });

  it("RDS Proxy queues a request that arrives while the writer is unavailable and sends it to the new writer", () => {
    const r = run(proxyConfig("rds-proxy"), [crash, sent("insert-keyed"), failover(false), executed(), delivered()]);
    expect(r.violation).toBeNull();
    expect(r.steps[2]).toContainEqual(expect.objectContaining({ type: "Reconnected", session: 0, idle: false }));
    expect(r.steps[3]).toEqual([expect.objectContaining({ type: "Executed", node: 1, epoch: 2, again: false })]);
    expect(r.steps[4]).toEqual([expect.objectContaining({ type: "Replied", outcome: "ok", acrossFailover: false })]);
    expect(committedStmts(r.state)).toEqual([1]);
  });
});

describe("stale topology (P6)", () => {
  // BEGIN (#1), an insert (#2); n1 is deposed but keeps running; a late message names it again.
  const deposed: ProxyEvent[] = [...stmt("begin"), ...stmt("insert-keyed"), isolated, stale];

  it("without an epoch check the held session goes back to the deposed primary (NoReplayToStaleLeader)", () => {
    const r = run(proxyConfig("proxy-no-epoch-check"), deposed);
    expect(r.steps[6]).toEqual([{ type: "PrimaryLost", node: 0, how: "isolated" }, { type: "SessionHeld", session: 0 }]);
    expect(r.steps[7]).toContainEqual({ type: "FailoverCompleted", node: 0, epoch: 1, durationMs: 0, stale: true });
    expect(r.steps[7]).toContainEqual(expect.objectContaining({ type: "Reconnected", node: 0, epoch: 1 }));
    expect(r.violation).toEqual({
      invariant: "NoReplayToStaleLeader", step: 7, message: "s1 was carried over to a server at epoch 1, but the newest primary epoch is 2",
    });
  });

  it("with the epoch check the stale message changes nothing, and the real failover then attaches the transaction", () => {
    const r = run(proxyConfig("polardb-hot-standby"), [...deposed, failover(true), ...stmt("commit")]);
    expect(r.violation).toBeNull();
    expect(r.steps[7]).toEqual([]);
    expect(r.steps[8]).toContainEqual({ type: "Attached", session: 0, epoch: 2, result: "attached" });
    expect(committedStmts(r.state)).toEqual([2]);
  });

  it("a deposed primary is read-only: a write the stale message sends it fails there", () => {
    const checked = P.invariants.map((i) => i.name).filter((n) => n !== "NoReplayToStaleLeader");
    // Held while the primary is away, the write goes to the deposed primary the stale message names.
    const r = run(proxyConfig("proxy-no-epoch-check"), [isolated, sent("insert-keyed"), stale, executed(), delivered()], checked);
    expect(r.violation).toBeNull();
    expect(r.steps[3]).toEqual([expect.objectContaining({ type: "Executed", node: 0, epoch: 1, again: false, digest: { rows: null, insertId: null, error: "read-only (--read-only)" } })]);
    expect(r.steps[4]).toEqual([expect.objectContaining({ type: "Replied", outcome: "error", why: "read-only (--read-only)" })]);
    expect(committedStmts(r.state)).toEqual([]);
  });
});

describe("commits the new primary lacks (env.lostCommits: R2 under the proxy)", () => {
  const h: ProxyEvent[] = [...stmt("insert-keyed"), ...stmt("blind-update"), crash, failover(false, 1, 2)];

  it("the last commit is gone from the new primary, and the output says which", () => {
    const r = run(proxyConfig("rds-proxy", { "env.lostCommits": true }), h);
    expect(r.steps[7]).toEqual([{ type: "CommitsLost", stmts: [2] }, expect.objectContaining({ type: "FailoverCompleted", node: 2 }), expect.objectContaining({ type: "Reconnected", session: 0, node: 2 })]);
    expect(committedStmts(r.state)).toEqual([1]);
  });

  it("without env.lostCommits the event's count is ignored (shared storage)", () => {
    const r = run(proxyConfig("rds-proxy"), h);
    expect(outputsOf(r).some((o) => o.type === "CommitsLost")).toBe(false);
    expect(committedStmts(r.state)).toEqual([1, 2]);
  });
});

describe("the hold timeout", () => {
  // s1 idle with a variable set; s2 in a transaction with an insert executed and unanswered.
  const held: ProxyEvent[] = [...stmt("set-var", 0), ...stmt("begin", 1), sent("insert-keyed", 1), executed(1), crash];
  const why = "the primary did not come back within the 30000 ms hold timeout";

  it("a session held past the timeout is closed with the hold-timeout error; a late failover is no IdleSessionsSurvive breach", () => {
    const r = run(proxyConfig("polardb-hot-standby"), [...held, time(30_000), time(1), failover(true)]);
    expect(r.violation).toBeNull();
    expect(r.steps[9]).toEqual([{ type: "TimeNow", nowMs: 30_000 }]);
    expect(r.steps[10]).toEqual([
      { type: "TimeNow", nowMs: 30_001 },
      { type: "SessionClosed", session: 0, why, idleAtLoss: true, restorable: true },
      expect.objectContaining({ type: "Replied", session: 1, outcome: "error", why }),
      { type: "SessionClosed", session: 1, why, idleAtLoss: false, restorable: true },
    ]);
    expect(r.steps[11]).toEqual([{ type: "FailoverCompleted", node: 1, epoch: 2, durationMs: 30_001, stale: false }]);
    expect(r.state.sessions.map((x) => x.open)).toEqual([false, false]);
  });

  it("IdleSessionsSurvive excuses an idle casualty only when the failover took longer than the hold timeout", () => {
    const idle = [...stmt("read"), crash];
    expect(run(proxyConfig("none"), [...idle, time(30_001), failover(false)]).violation).toBeNull();
    expect(run(proxyConfig("none"), [...idle, time(30_000), failover(false)]).violation).toMatchObject({ invariant: "IdleSessionsSurvive", step: 5 });
  });
});
