/**
 * Tests that the MariaDB/MySQL semi-sync model follows the documented rules and the loopback
 * observations of research/ha-semantics.md §1.2 and §3.1, counters included.
 */
import { describe, expect, it } from "vitest";
import { commit, crash, failover, fold, ioStart, ioStop, kill, readOn, receive, replConfig, replies, restart, time, violation } from "./helpers.ts";

const mariadb = (set = {}) => replConfig("mariadb-10.11-defaults", set);
const afterSync = (set = {}) => mariadb({ rpl_semi_sync_master_wait_point: "AFTER_SYNC", ...set });

describe("wait points (research §1.2 E1, E2)", () => {
  it("AFTER_COMMIT: another session reads the row while its writer still waits for the ACK", () => {
    const { state, outputs } = fold(mariadb(), [ioStop(1), commit, readOn(0)]);
    expect(state.waiters.map((w) => w.id)).toEqual([1]);
    expect(outputs).toContainEqual({ type: "ReadReplied", node: 0, ids: [1] });
  });

  it("AFTER_SYNC: the row stays invisible while its writer waits", () => {
    const { state, outputs } = fold(afterSync(), [ioStop(1), commit, readOn(0)]);
    expect(state.waiters.map((w) => w.id)).toEqual([1]);
    expect(outputs).toContainEqual({ type: "ReadReplied", node: 0, ids: [] });
  });
});

describe("what ends a wait, and how it is counted", () => {
  it("an ACK: OK, yes_tx 1, and ACKs are cumulative by position", () => {
    const { state, outputs } = fold(afterSync(), [commit, commit, receive(1), receive(1)]);
    expect(replies(outputs)).toEqual(["1:ok", "2:ok"]);
    expect(state.nodes[0]!.semisync).toEqual({ on: true, yesTx: 2, noTx: 0, noTimes: 0 });
  });

  it("KILL QUERY on an AFTER_SYNC waiter (E3): OK, visible, no_tx 0→1, status stays ON", () => {
    const { state, outputs } = fold(afterSync(), [ioStop(1), commit, kill, readOn(0)]);
    expect(replies(outputs)).toEqual(["1:ok"]);
    expect(outputs).toContainEqual({ type: "ReadReplied", node: 0, ids: [1] });
    expect(state.nodes[0]!.semisync).toEqual({ on: true, yesTx: 0, noTx: 1, noTimes: 0 });
  });

  it("the timeout (E4): OK after 10 s, semi-sync OFF, later commits asynchronous: yes_tx=3 no_tx=4 no_times=1", () => {
    const { state, outputs } = fold(mariadb(), [commit, commit, commit, time(1), ioStop(1), commit, time(20_000), commit, commit, commit]);
    expect(replies(outputs)).toEqual(["1:ok", "2:ok", "3:ok", "4:ok", "5:ok", "6:ok", "7:ok"]);
    expect(state.nowMs).toBe(10_001);
    expect(state.nodes[0]!.semisync).toEqual({ on: false, yesTx: 3, noTx: 4, noTimes: 1 });
  });

  it("semi-sync switches back ON once a replica has caught up", () => {
    const { state, outputs } = fold(mariadb(), [ioStop(1), commit, time(20_000), ioStart(1), time(1)]);
    expect(outputs).toContainEqual({ type: "SemiSyncSwitched", node: 0, on: true });
    expect(state.nodes[0]!.semisync.on).toBe(true);
  });

  it("wait_no_slave=OFF: with no replica connected a commit returns at once, counted no_tx", () => {
    const { state, outputs } = fold(mariadb({ rpl_semi_sync_master_wait_no_slave: false }), [ioStop(1), commit]);
    expect(replies(outputs)).toEqual(["1:ok"]);
    expect(state.nodes[0]!.semisync.noTx).toBe(1);
  });

  it("wait_no_slave=ON: with no replica connected the commit waits", () => {
    const { state } = fold(mariadb(), [ioStop(1), commit, time(5000)]);
    expect(state.waiters).toHaveLength(1);
  });
});

describe("failover and rejoin (research §1.2 E5–E6)", () => {
  const lost = [ioStop(1), commit, time(20_000), commit, crash(0), failover, commit];

  it("the new primary lacks the acknowledged rows and reuses their sequence numbers with its own server id", () => {
    const { state, outputs } = fold(mariadb(), lost);
    expect(state.nodes[1]!.log.map((e) => `${e.gtid.server}-${e.gtid.seq}`)).toEqual(["2-1"]);
    expect(replies(outputs).slice(0, 2)).toEqual(["1:ok", "2:ok"]);
    expect(violation(mariadb(), lost)?.invariant).toBe("NoAckedLoss");
  });

  it("with gtid_strict_mode the old primary, reattached as it is, stops with error 1236 and holds errant GTIDs", () => {
    const config = mariadb({ gtid_strict_mode: true });
    const { outputs } = fold(config, [...lost, restart(0), time(1)]);
    expect(outputs.find((o) => o.type === "ReplicationBroken")).toMatchObject({ node: 0, error: expect.stringMatching(/^1236/) });
    expect(violation(config, [ioStop(1), commit, time(20_000), crash(0), failover, restart(0)], ["NoErrantTransactions"])?.message).toMatch(/n1 holds 0-1-1/);
  });

  it("rewinding the old primary (init_rpl_role=SLAVE and rewind) leaves no errant transaction", () => {
    const config = afterSync({ init_rpl_role: "SLAVE", "failover.rejoin": "rewind", gtid_strict_mode: true, rpl_semi_sync_master_timeout: "unbounded" });
    const { state } = fold(config, [ioStop(1), commit, crash(0), failover, restart(0), commit, time(1)]);
    expect(state.nodes[0]!.log.map((e) => e.id)).toEqual(state.nodes[1]!.log.map((e) => e.id));
    expect(state.nodes[0]!.broken).toBeNull();
  });
});
