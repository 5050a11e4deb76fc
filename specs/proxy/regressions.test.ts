/**
 * Histories that once slipped past the proxy model: each is the shortest found, kept so that the
 * fix stays fixed.
 */
import { describe, expect, it } from "vitest";
import { committedStmts, crash, executed, failover, other, proxyConfig, run, sent, stmt } from "./helpers.ts";

describe("proxy regressions", () => {
  it("AtMostOnceEffects sees a duplicate even when the same failover also drops a commit", () => {
    const h = [...stmt("begin"), ...stmt("blind-update"), ...stmt("implicit-commit"), other, crash, failover(false, 1)];
    const r = run(proxyConfig("maxscale-24.02", { "env.lostCommits": true }), h, ["AtMostOnceEffects"]);
    expect(r.violation).toEqual({ invariant: "AtMostOnceEffects", step: 11, message: "statement #2 (blind-update) took effect twice" });
    expect(committedStmts(r.state)).toEqual([2, 2]);
  });

  it("Attach Trx answers an interrupted write from the new primary's data: a lost commit is sent again, not reported committed", () => {
    const r = run(proxyConfig("polardb-hot-standby", { "env.lostCommits": true }), [sent("blind-update"), executed(), crash, failover(true, 1), executed()]);
    expect(r.violation).toBeNull();
    expect(r.steps[3]).not.toContainEqual(expect.objectContaining({ type: "Attached", result: "committed" }));
    expect(r.steps[4]).toEqual([expect.objectContaining({ type: "Executed", again: true })]);
    expect(committedStmts(r.state)).toEqual([1]);
  });

  it("without the rebuilt transaction state, an interrupted autocommit write gets an error, not OK", () => {
    const r = run(proxyConfig("polardb-hot-standby"), [sent("blind-update"), executed(), crash, failover(false)]);
    expect(r.violation).toBeNull();
    expect(r.steps[3]).toContainEqual({ type: "Attached", session: 0, epoch: 2, result: "invalid" });
    expect(r.steps[3]).toContainEqual(expect.objectContaining({ type: "Replied", outcome: "error" }));
  });
});
