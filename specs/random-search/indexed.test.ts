/**
 * Tests the indexed histories that make splitting possible: run i's history depends only on
 * (seed, i), and fast-check, replaying run i for shrinking, draws exactly that history.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AtBias, biasAt, historyAt, replayAt } from "../../conformance/check/indexed.ts";
import { buildConfig } from "../../conformance/kits/config.ts";
import { kits } from "../../conformance/kits/index.ts";

const kit = kits.replication;
const arb = kit.histories(kit.model.configFromFlat(buildConfig(kit.model, "mariadb-10.11-defaults", {})), { maxSteps: 100 });

describe("indexed histories", () => {
  it("run i is the same history whatever was drawn before it", () => {
    const forwards = [0, 1, 2, 3, 500, 99_999].map((i) => historyAt(arb, 9, i));
    const backwards = [99_999, 500, 3, 2, 1, 0].map((i) => historyAt(arb, 9, i)).reverse();
    expect(backwards).toEqual(forwards);
    expect(new Set(forwards.map((h) => JSON.stringify(h))).size).toBe(forwards.length);
    expect(historyAt(arb, 10, 3)).not.toEqual(historyAt(arb, 9, 3));
  });

  it("fc.check replaying run i draws run i's history first", () => {
    for (const i of [0, 7, 1234]) {
      let first: unknown = null;
      fc.check(fc.property(new AtBias(arb, biasAt(i)), (h) => void (first ??= h) === undefined), replayAt(9, i));
      expect(first).toEqual(historyAt(arb, 9, i));
    }
  });

  it("bias follows fast-check's schedule: 2 at first, one more per decade of runs", () => {
    expect([0, 8, 9, 98, 99, 999, 9_999].map(biasAt)).toEqual([2, 2, 3, 3, 4, 5, 6]);
  });
});
