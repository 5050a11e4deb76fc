/** duplicatedEffects on hand-made histories: a retried or replayed write must not land twice. */
import { describe, expect, it } from "vitest";
import { duplicatedEffects } from "../../conformance/check/history/index.ts";
import { append, final, history, increment, insert, read } from "./helpers.ts";

const checker = "duplicatedEffects";

describe("duplicatedEffects: ids and elements", () => {
  it("flags an insert id that a read returns twice, naming the insert", () => {
    const h = history(insert(1, "t", 7, "info"), read(2, "t", [7, 7]));
    expect(duplicatedEffects(h)).toEqual([{ checker, message: '7 appears 2 times in one read of "t"', ops: [1, 3] }]);
  });

  it("flags an element a replayed commit appended twice to the final list", () => {
    const h = history(append(1, "l", 1), append(1, "l", 2), final(2, "l", [1, 2, 2], "n1"));
    expect(duplicatedEffects(h)).toEqual([{ checker, message: '2 appears 2 times in one read of "l" on n1', ops: [3, 5] }]);
  });

  it("accepts distinct values, info ones included", () => {
    expect(duplicatedEffects(history(insert(1, "t", 7), insert(1, "t", 8, "info"), read(2, "t", [8, 7])))).toEqual([]);
  });
});

describe("duplicatedEffects: counters", () => {
  it("flags a count above the ok and info deltas", () => {
    const h = history(increment(1, "c", 1), increment(1, "c", 2, "info"), final(2, "c", 5, "n1"));
    expect(duplicatedEffects(h)).toEqual([{ checker, message: 'counter "c" reads 5 on n1 but ok and unknown increments sum to 3', ops: [5] }]);
  });

  it("accepts a count where the info increment landed, or did not", () => {
    const calls = [increment(1, "c", 1), increment(1, "c", 2, "info")];
    expect(duplicatedEffects(history(...calls, final(2, "c", 3, "n1")))).toEqual([]);
    expect(duplicatedEffects(history(...calls, final(2, "c", 1, "n1")))).toEqual([]);
  });

  it("flags a failed increment that landed, naming it as the suspect", () => {
    const h = history(increment(1, "c", 1), increment(1, "c", 2, "fail"), read(2, "c", 3));
    expect(duplicatedEffects(h)).toEqual([{ checker, message: 'counter "c" reads 3 but ok and unknown increments sum to 1', ops: [3, 5] }]);
  });

  it("does not let a read see an increment invoked after it returned", () => {
    const h = history(increment(1, "c", 1), read(2, "c", 2), increment(1, "c", 1));
    expect(duplicatedEffects(h)).toEqual([{ checker, message: 'counter "c" reads 2 but ok and unknown increments sum to 1', ops: [3] }]);
  });
});
