/**
 * Tests the lease writes' client history: on the model's own runs (a refused write, an accepted
 * landing, a write a crash loses) and on hand-made outputs where the answer is known exactly
 * (fenced landings, equal writes in flight, processes taken and given back).
 */
import { describe, expect, it } from "vitest";
import { nodeId } from "../../model/core/ids.ts";
import { leaseProtocol as P, type LeaseEvent, type LeaseOutput } from "../../model/lease/index.ts";
import { steps } from "../../model/core/run.ts";
import { calls } from "../../conformance/check/history/calls.ts";
import { leaseHistory } from "../../conformance/kits/lease/client-history.ts";
import { checkHistory, validateHistory, type History } from "../../conformance/check/history/index.ts";
import { buildConfig } from "../../conformance/kits/config.ts";

/** The model's history of these events, with the default configuration (n1 leads at epoch 1). */
function modelHistory(events: readonly LeaseEvent[]): History {
  const config = P.configFromFlat(buildConfig(P, undefined, {}));
  const outputs: LeaseOutput[][] = [];
  const times: number[] = [];
  for (const s of steps(P, config, events)) {
    outputs.push([...s.outputs]);
    times.push(s.after.nowMs);
  }
  return leaseHistory(outputs, times);
}

const shape = (h: History) => h.map((op) => [op.process, op.type, op.f, op.key, op.value, op.node]);

const issued = (node: number, target: "data" | "registry", epoch: number): LeaseOutput => ({ type: "WriteIssued", node: nodeId(node), target, epoch });
const landed = (node: number, target: "data" | "registry", epoch: number, accepted: boolean, blockEpoch = epoch): LeaseOutput =>
  ({ type: "WriteLanded", node: nodeId(node), target, epoch, blockEpoch, blockHolder: nodeId(1), accepted });

describe("lease writes as a client history, on the model", () => {
  it("a follower refuses a write: invoke then fail, value 0, with the node's reason", () => {
    const h = modelHistory([{ type: "LeaderWriteRequested", node: 1, target: "data" }]);
    expect(shape(h)).toEqual([
      [0, "invoke", "write", "data", 0, "n2"],
      [0, "fail", "write", "data", 0, "n2"],
    ]);
    expect(h[1]!.error).toBe("refused: not leader (follower)");
  });

  it("the leader's write lands and storage accepts it: invoke then ok, value the leader's epoch", () => {
    const h = modelHistory([{ type: "LeaderWriteRequested", node: 0, target: "data" }, { type: "IoProgressed", pick: 0 }]);
    expect(shape(h)).toEqual([
      [0, "invoke", "write", "data", 1, "n1"],
      [0, "ok", "write", "data", 1, "n1"],
    ]);
  });

  it("a write held back by a pause is lost when its node crashes: the invoke stays open, read as info", () => {
    const h = modelHistory([
      { type: "LeaderWriteRequested", node: 0, target: "data" },
      { type: "NodePaused", node: 0, ms: 1000 },
      { type: "NodeCrashed", node: 0 },
      { type: "TimeAdvanced", maxMs: 5000 },
    ]);
    expect(shape(h)).toEqual([[0, "invoke", "write", "data", 1, "n1"]]);
    expect(calls(h).writes.map((w) => w.outcome)).toEqual(["info"]);
    expect(validateHistory(h)).toEqual([]);
  });
});

describe("lease writes as a client history, by hand", () => {
  it("a landing the fence rejects is a fail that says why", () => {
    const h = leaseHistory([[issued(0, "data", 1)], [landed(0, "data", 1, false, 2)]], [0, 10]);
    expect(shape(h)).toEqual([
      [0, "invoke", "write", "data", 1, "n1"],
      [0, "fail", "write", "data", 1, "n1"],
    ]);
    expect(h[1]!.error).toBe("rejected by the epoch fence: storage is at epoch 2, held by n2");
    expect(h.map((op) => op.time)).toEqual([0, 10]);
  });

  it("writes in flight together take their own processes; a completed one's process is taken again", () => {
    const h = leaseHistory(
      [[issued(0, "data", 1), issued(0, "registry", 1)], [landed(0, "registry", 1, true)], [issued(1, "data", 2)]],
      [0, 5, 9],
    );
    expect(h.map((op) => [op.process, op.type, op.key])).toEqual([
      [0, "invoke", "data"],
      [1, "invoke", "registry"],
      [1, "ok", "registry"],
      [1, "invoke", "data"],
    ]);
    expect(validateHistory(h)).toEqual([]);
  });

  it("equal writes in flight are paired with landings in issue order", () => {
    const h = leaseHistory([[issued(0, "data", 1)], [issued(0, "data", 1)], [landed(0, "data", 1, true)]], [0, 1, 2]);
    expect(h.map((op) => [op.process, op.type, op.time])).toEqual([
      [0, "invoke", 0],
      [1, "invoke", 1],
      [0, "ok", 2],
    ]);
  });

  it("a landing nothing issued says nothing", () => {
    expect(leaseHistory([[landed(0, "data", 1, true)]], [0])).toEqual([]);
  });

  it("the checkers find nothing in writes alone: no read shares their keys", () => {
    const h = leaseHistory([[issued(0, "data", 1), issued(1, "data", 2)], [landed(0, "data", 1, true), landed(1, "data", 2, false)]], [0, 1]);
    expect(validateHistory(h)).toEqual([]);
    expect(checkHistory(h)).toEqual([]);
  });
});
