/** Tests that the lease reducer does what VDS does, on hand-written histories. */
import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { leaseProtocol, type LeaseEvent } from "../../model/lease/index.ts";
import { leaseEventArb } from "../../conformance/kits/lease/histories.ts";
import { fold, leaseConfig, pausedWriterHistory, time, violation } from "./helpers.ts";

describe("lease: paused holder (E2)", () => {
  it("without fencing, the deposed holder's write is accepted at the new epoch", () => {
    const v = violation(leaseConfig("etcd-lock-no-fencing"), pausedWriterHistory);
    expect(v?.invariant).toBe("FencedWrites");
    expect(v?.message).toMatch(/epoch 1 was accepted at epoch 2/);
  });

  it("with epoch fencing, the same write arrives and is rejected", () => {
    const config = leaseConfig("vds-fenced");
    expect(violation(config, pausedWriterHistory)).toBeNull();
    const landed = fold(config, pausedWriterHistory).outputs.filter((o) => o.type === "WriteLanded" && o.target === "data");
    expect(landed).toEqual([expect.objectContaining({ node: 0, epoch: 1, blockEpoch: 2, accepted: false })]);
  });
});

describe("lease: failover as the seed document describes it", () => {
  const crashAndBack: LeaseEvent[] = [{ type: "NodeCrashed", node: 0 }, ...time(30), { type: "NodeRestarted", node: 0 }, ...time(30)];

  it("the follower takes over at a new epoch after the leader crashes", () => {
    const { state } = fold(leaseConfig("vds-fenced"), crashAndBack);
    expect(state.block).toMatchObject({ holder: 1, epoch: 2 });
    expect(state.nodes[1]!.role).toBe("Leader");
  });

  it("the recovered old leader fails to acquire and stays a follower (hot replica)", () => {
    const { state, outputs } = fold(leaseConfig("vds-fenced"), crashAndBack);
    expect(state.nodes[0]!.role).toBe("Follower");
    expect(outputs.some((o) => o.type === "RoleChanged" && o.node === 0 && o.role === "Leader")).toBe(false);
    expect(outputs.some((o) => o.type === "BlockObserved" && o.node === 0 && o.afterRestart && o.value.epoch === 2)).toBe(true);
  });

  it("observers learn the new topology from the registry", () => {
    const { state, outputs } = fold(leaseConfig("vds-fenced"), crashAndBack);
    expect(state.registry).toMatchObject({ epoch: 2, leader: 1 });
    expect(state.nodes[2]!.topology).toEqual({ epoch: 2, leader: 1 });
    expect(outputs).toContainEqual({ type: "TopologyLearned", node: 2, leader: 1, epoch: 2 });
  });

  it("with onRestart=resume the recovered leader resumes its lease and is caught", () => {
    const v = violation(leaseConfig("resume-after-restart"), crashAndBack);
    expect(v?.invariant).toBe("ReacquireRequiresObservation");
  });
});

describe("lease: timing", () => {
  it("a healthy holder keeps its lease indefinitely", () => {
    const { state } = fold(leaseConfig("vds-fenced"), time(200));
    expect(state.nowMs).toBeGreaterThan(20_000);
    expect(state.block).toMatchObject({ holder: 0, epoch: 1 });
    expect(state.ghost.takeovers).toBe(0);
  });

  it("a renew interval longer than the lease makes a healthy holder lose it (NoSpuriousTakeover)", () => {
    const v = violation(leaseConfig("vds-fenced", { "lease.renewIntervalMs": 2500 }), time(200));
    expect(v?.invariant).toBe("NoSpuriousTakeover");
  });

  it("a local clock drifts exactly by its rate", () => {
    const { state } = fold(leaseConfig("vds-fenced"), [{ type: "ClockRateChanged", node: 1, ppm: 200 }, ...time(10, 1000)]);
    expect(state.nodes[1]!.localNs).toBe(state.nowMs * 1_000_200);
  });
});

describe("lease: the reducer is total and deterministic", () => {
  const config = leaseConfig("vds-fenced", { "env.clockJumps": true });
  test.prop([fc.array(leaseEventArb(config), { maxLength: 60 })], { numRuns: 300, seed: 42 })(
    "any history, even naming nodes that do not exist, folds twice to the same result",
    (events) => {
      const wild = events.map((e) => ("node" in e ? { ...e, node: e.node + 97 } : e)) as LeaseEvent[];
      const a = fold(config, wild);
      const b = fold(config, wild);
      expect(b).toEqual(a);
      expect(a.state.nowMs).toBeGreaterThanOrEqual(0);
    },
  );

  it("init gives n1 the lease at epoch 1, n2 the follower, observers after", () => {
    const s = leaseProtocol.init(leaseConfig("vds-fenced", { "cluster.nodes": 4 }));
    expect(s.nodes.map((n) => n.role)).toEqual(["Leader", "Follower", "Observer", "Observer"]);
    expect(s.block).toEqual({ holder: 0, epoch: 1, renewSeq: 0 });
  });
});
