/** readThenLost on hand-made histories: what a client saw must not be taken back. */
import { describe, expect, it } from "vitest";
import { readThenLost } from "../../conformance/check/history/index.ts";
import { append, entry, final, history, increment, insert, read } from "./helpers.ts";

const checker = "readThenLost";

describe("readThenLost", () => {
  it("flags an unacknowledged commit that was read on the old primary and lost in failover", () => {
    const h = history(insert(1, "t", 7, "info"), read(2, "t", [7], { node: "n1" }), final(2, "t", [], "n2"));
    expect(readThenLost(h)).toEqual([{ checker, message: '7 in "t" was read on n1 and is missing from the final read on n2', ops: [3, 5] }]);
  });

  it("names the first read that saw a lost value, once per final read", () => {
    const h = history(append(1, "l", 1, "info"), read(2, "l", [1]), read(3, "l", [1]), final(2, "l", [], "n1"), final(3, "l", [], "n2"));
    expect(readThenLost(h)).toEqual([
      { checker, message: '1 in "l" was read and is missing from the final read on n1', ops: [3, 7] },
      { checker, message: '1 in "l" was read and is missing from the final read on n2', ops: [3, 9] },
    ]);
  });

  it("accepts values that were read and survived", () => {
    expect(readThenLost(history(append(1, "l", 1, "info"), read(2, "l", [1]), final(2, "l", [1], "n1")))).toEqual([]);
  });

  it("accepts reads from before a failover that saw less than what survived", () => {
    const h = history(read(2, "l", []), append(1, "l", 1), read(2, "l", [1]), append(1, "l", 2), final(2, "l", [1, 2], "n1"));
    expect(readThenLost(h)).toEqual([]);
  });

  it("ignores a lost info write that nobody read", () => {
    expect(readThenLost(history(insert(1, "t", 7, "info"), final(2, "t", [], "n1")))).toEqual([]);
  });

  it("ignores a read that returned only after the final read began", () => {
    const h = history(
      entry(3, "invoke", "read", "t", null, { final: true, node: "n1" }),
      read(2, "t", [7]),
      entry(3, "ok", "read", "t", [], { final: true, node: "n1" }),
    );
    expect(readThenLost(h)).toEqual([]);
  });

  it("flags a counter that settles below a count already read", () => {
    const h = history(increment(1, "c", 5, "info"), read(2, "c", 5), final(2, "c", 3, "n2"));
    expect(readThenLost(h)).toEqual([{ checker, message: 'counter "c" was read as 5 but settled at 3 on n2', ops: [3, 5] }]);
  });

  it("accepts a counter that settles at or above every count read", () => {
    expect(readThenLost(history(increment(1, "c", 5, "info"), read(2, "c", 5), final(2, "c", 5, "n2")))).toEqual([]);
  });
});
