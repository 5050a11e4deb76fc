/** Tests that the PostgreSQL synchronous-replication model follows research §1.1 and §3.2. */
import { describe, expect, it } from "vitest";
import { commit, crash, failover, fold, ioStop, kill, readOn, receive, replConfig, replies, restart, time, violation } from "./helpers.ts";

const pg = (set = {}) => replConfig("postgres-15-sync", { "client.retries": 0, ...set });
const giveUp = { type: "ClientGaveUp", pick: 0 } as const;

describe("postgres synchronous commit", () => {
  it("a waiting commit is invisible to other sessions (it stays in the procarray)", () => {
    const { outputs } = fold(pg(), [ioStop(1), commit, readOn(0)]);
    expect(outputs).toContainEqual({ type: "ReadReplied", node: 0, ids: [] });
  });

  it("ANY 1 (n2, n3) is satisfied by either standby; FIRST 1 (n2) only by n2", () => {
    expect(replies(fold(pg({ synchronous_standby_names: "ANY 1 (n2, n3)" }), [ioStop(1), commit, receive(2)]).outputs)).toEqual(["1:ok"]);
    expect(replies(fold(pg(), [ioStop(1), commit, receive(2)]).outputs)).toEqual([]);
  });

  it("pg_cancel_backend (R9): the commit completes locally, becomes visible, and is lost on failover", () => {
    const history = [ioStop(1), ioStop(2), commit, kill, readOn(0), crash(0), failover];
    const { outputs } = fold(pg(), history);
    expect(outputs.find((o) => o.type === "CommitReplied")).toMatchObject({ outcome: "ok", why: expect.stringMatching(/already committed locally/) });
    expect(outputs).toContainEqual({ type: "ReadReplied", node: 0, ids: [1] });
    expect(violation(pg(), history)?.invariant).toBe("NoAckedLoss");
  });

  it("a client that gives up leaves the commit waiting; it completes when the standby returns (R10)", () => {
    const { state, outputs } = fold(pg(), [ioStop(1), commit, giveUp, { type: "ReplicaIoStarted", node: 1 }, time(1)]);
    expect(replies(outputs)).toEqual(["1:unknown"]);
    expect(state.nodes[0]!.visible).toEqual([1]);
  });

  it("with one retry, the client's second insert and the commit it gave up on both land (R10)", () => {
    const config = pg({ "client.retries": 1 });
    const history = [ioStop(1), commit, time(60_000), { type: "ReplicaIoStarted", node: 1 } as const, time(1)];
    const { state, outputs } = fold(config, history);
    expect(replies(outputs)).toEqual(["1:unknown", "2:ok"]);
    expect(state.nodes[0]!.log.map((e) => e.row)).toEqual([1, 1]);
    expect(violation(config, history, ["NoDuplicateRows"])?.step).toBe(2);
  });

  it("a primary restarted with waiters marks them committed", () => {
    const { state } = fold(pg({ "failover.rejoin": "rewind" }), [ioStop(1), ioStop(2), commit, crash(0), restart(0)]);
    expect(state.nodes[0]!.visible).toEqual([1]);
    expect(state.nodes[0]!.writable).toBe(true);
  });

  it("a promoted standby keeps the copied synchronous_standby_names, and every write then blocks (R11)", () => {
    const config = pg({ "cluster.nodes": 2, "failover.rejoin": "rewind" });
    const history = [crash(0), failover, restart(0), commit, time(60_000)];
    const { state } = fold(config, history);
    expect(state.nodes[1]!.syncNamesText).toBe("FIRST 1 (n2)");
    expect(state.waiters).toHaveLength(1);
    expect(violation(config, history)?.invariant).toBe("CommitTerminates");
  });

  it("an old primary that comes back without standby.signal is a second primary (R12)", () => {
    const config = pg({ "failover.rejoin": "primary" });
    expect(violation(config, [crash(0), failover, restart(0)])?.invariant).toBe("SingleWritablePrimary");
  });
});

describe("postgres synchronous_commit levels", () => {
  const history = [{ type: "ReplicaIoStopped", node: 2 } as const, commit, receive(1), crash(1), restart(1), crash(0), failover];
  const loses = (level: string) => violation(replConfig("postgres-15-sync", { "client.retries": 0, synchronous_commit: level, "failover.promote": "most-advanced" }), history, ["NoAckedLoss"]);

  it("remote_write confirms what the standby wrote but had not flushed: a standby crash loses it", () => {
    expect(loses("remote_write")?.invariant).toBe("NoAckedLoss");
  });

  it("on confirms flushed WAL, which survives the standby's crash", () => {
    expect(loses("on")).toBeNull();
  });
});
