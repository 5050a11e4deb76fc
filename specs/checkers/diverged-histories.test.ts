/** divergedHistories on hand-made histories: settled servers must hold the same data. */
import { describe, expect, it } from "vitest";
import { divergedHistories } from "../../conformance/check/history/index.ts";
import { append, final, history, increment, insert, read } from "./helpers.ts";

const checker = "divergedHistories";

describe("divergedHistories", () => {
  it("flags append lists that forked (split brain)", () => {
    const h = history(append(1, "l", 1), append(1, "l", 2, "info"), append(2, "l", 3, "info"), final(3, "l", [1, 2], "n1"), final(3, "l", [1, 3], "n2"));
    expect(divergedHistories(h)).toEqual([{ checker, message: '"l" diverged: forked: n1 has [1, 2], n2 has [1, 3]', ops: [7, 9] }]);
  });

  it("flags a replica that settled behind", () => {
    const h = history(append(1, "l", 1), append(1, "l", 2), final(3, "l", [1, 2], "n1"), final(3, "l", [1], "n2"));
    expect(divergedHistories(h)).toEqual([{ checker, message: '"l" diverged: n2 is behind: n1 has [1, 2], n2 has [1]', ops: [5, 7] }]);
  });

  it("accepts an info write present on all nodes, or absent on all", () => {
    const w = append(1, "l", 1, "info");
    expect(divergedHistories(history(w, final(3, "l", [1], "n1"), final(3, "l", [1], "n2")))).toEqual([]);
    expect(divergedHistories(history(w, final(3, "l", [], "n1"), final(3, "l", [], "n2")))).toEqual([]);
  });

  it("compares insert ids as sets, ignoring row order", () => {
    const calls = [insert(1, "t", 7), insert(1, "t", 8)];
    expect(divergedHistories(history(...calls, final(3, "t", [7, 8], "n1"), final(3, "t", [8, 7], "n2")))).toEqual([]);
    expect(divergedHistories(history(...calls, final(3, "t", [7, 8], "n1"), final(3, "t", [8], "n2")))).toEqual([
      { checker, message: '"t" diverged: ids only on n1: [7], only on n2: []', ops: [5, 7] },
    ]);
  });

  it("flags counters that differ, once per disagreeing pair of nodes", () => {
    const h = history(increment(1, "c", 1), final(3, "c", 1, "n1"), final(3, "c", 2, "n2"), final(3, "c", 1, "n3"));
    expect(divergedHistories(h)).toEqual([
      { checker, message: '"c" diverged: n1 has 1, n2 has 2', ops: [3, 5] },
      { checker, message: '"c" diverged: n2 has 2, n3 has 1', ops: [5, 7] },
    ]);
  });

  it("uses each node's last final read and skips reads that name no node", () => {
    const h = history(append(1, "l", 1), final(3, "l", [], "n1"), final(3, "l", [1], "n1"), final(3, "l", [1], "n2"), read(4, "l", [], { final: true }));
    expect(divergedHistories(h)).toEqual([]);
  });

  it("ignores non-final reads that disagree", () => {
    expect(divergedHistories(history(append(1, "l", 1), read(3, "l", [], { node: "n2" }), final(3, "l", [1], "n1")))).toEqual([]);
  });
});
