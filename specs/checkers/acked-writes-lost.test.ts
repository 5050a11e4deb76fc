/** ackedWritesLost on hand-made histories: the ledger's ok and fail entries against what survived. */
import { describe, expect, it } from "vitest";
import { ackedWritesLost } from "../../conformance/check/history/index.ts";
import { append, entry, final, history, increment, insert, read } from "./helpers.ts";

const checker = "ackedWritesLost";

describe("ackedWritesLost: inserts and appends", () => {
  it("flags an ok insert whose id is missing from a final read", () => {
    const h = history(insert(1, "t", 7), insert(2, "t", 8), final(3, "t", [8], "n1"));
    expect(ackedWritesLost(h)).toEqual([{ checker, message: 'acked insert 7 to "t" is missing from the final read on n1', ops: [1, 5] }]);
  });

  it("flags only the final read that lacks it", () => {
    const h = history(append(1, "l", 1), final(2, "l", [1], "n1"), final(2, "l", [], "n2"));
    expect(ackedWritesLost(h)).toEqual([{ checker, message: 'acked append 1 to "l" is missing from the final read on n2', ops: [1, 5] }]);
  });

  it("allows an info write to be present", () => {
    expect(ackedWritesLost(history(insert(1, "t", 7, "info"), final(2, "t", [7], "n1")))).toEqual([]);
  });

  it("allows an info write to be absent, even one a client read before failover", () => {
    const h = history(append(1, "l", 4, "info"), read(2, "l", [4]), final(2, "l", [], "n2"));
    expect(ackedWritesLost(h)).toEqual([]);
  });

  it("allows a write that never completed to be absent", () => {
    expect(ackedWritesLost(history(insert(1, "t", 7, "pending"), final(2, "t", [], "n1")))).toEqual([]);
  });

  it("accepts a failed write that is absent everywhere", () => {
    expect(ackedWritesLost(history(insert(1, "t", 7, "fail"), read(2, "t", []), final(2, "t", [], "n1")))).toEqual([]);
  });

  it("flags a failed write that a read returns", () => {
    const h = history(append(1, "l", 5, "fail"), read(2, "l", [5]), final(2, "l", [], "n1"));
    expect(ackedWritesLost(h)).toEqual([
      { checker, message: 'failed write visible: append 5 to "l" was told fail but a read returned it', ops: [1, 3] },
    ]);
  });

  it("does not hold non-final reads from before a write to it", () => {
    const h = history(read(2, "t", []), insert(1, "t", 7), final(2, "t", [7], "n1"));
    expect(ackedWritesLost(h)).toEqual([]);
  });

  it("does not require a write acknowledged only after the final read began", () => {
    const h = history(
      entry(1, "invoke", "insert", "t", 7),
      entry(2, "invoke", "read", "t", null),
      entry(1, "ok", "insert", "t", 7),
      entry(2, "ok", "read", "t", [], { final: true, node: "n1" }),
    );
    expect(ackedWritesLost(h)).toEqual([]);
  });
});

describe("ackedWritesLost: counters", () => {
  it("flags a final count below the sum of ok deltas, naming the acked increments", () => {
    const h = history(increment(1, "c", 2), increment(2, "c", 3, "info"), increment(1, "c", 1), final(3, "c", 2, "n1"));
    expect(ackedWritesLost(h)).toEqual([
      { checker, message: 'counter "c" reads 2 in the final read on n1 but acked increments sum to 3', ops: [1, 5, 7] },
    ]);
  });

  it("accepts a count that includes none, or all, of the info increments", () => {
    const calls = [increment(1, "c", 2), increment(2, "c", 3, "info")];
    expect(ackedWritesLost(history(...calls, final(3, "c", 2, "n1")))).toEqual([]);
    expect(ackedWritesLost(history(...calls, final(3, "c", 5, "n1")))).toEqual([]);
  });
});
