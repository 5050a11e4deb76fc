/** validateHistory on malformed histories, and checkHistory's fixed order. */
import { describe, expect, it } from "vitest";
import { checkHistory, checkers, validateHistory } from "../../conformance/check/history/index.ts";
import { append, entry, final, history, increment, insert, read } from "./helpers.ts";

describe("validateHistory", () => {
  it("accepts a well-formed history, including a call that never completed", () => {
    expect(validateHistory(history(insert(1, "t", 7), append(2, "l", 1, "pending"), increment(3, "c", 2, "info"), read(3, "c", 2), final(3, "l", [1], "n1")))).toEqual([]);
  });

  it("reports a completion with no invoke pending for its process", () => {
    expect(validateHistory(history(entry(1, "ok", "insert", "t", 7)))).toEqual(["op 0: ok from process 1 with no invoke pending"]);
  });

  it("reports two invokes in a row from one process", () => {
    const h = history(entry(1, "invoke", "insert", "t", 7), insert(1, "t", 8));
    expect(validateHistory(h)).toEqual(["op 1: process 1 invokes again before its invoke at op 0 completed"]);
  });

  it("reports a completion for a different call than the one invoked", () => {
    const h = history(entry(1, "invoke", "insert", "t", 7), entry(1, "ok", "append", "t", 7), append(2, "l", 1), entry(2, "invoke", "append", "l", 2), entry(2, "ok", "append", "l", 3));
    expect(validateHistory(h)).toEqual([
      'op 1: completes append "t" but op 0 invoked insert "t"',
      "op 5: append completes with value 3 but op 4 asked for 2",
    ]);
  });

  it("reports read values of the wrong shape for their key", () => {
    const h = history(increment(1, "c", 1), read(2, "c", [1]), insert(1, "t", 7), read(2, "t", 1), read(2, "x", [1.5]));
    expect(validateHistory(h)).toEqual([
      'op 3: read ok of "c" returned [1], not a count',
      'op 7: read ok of "t" returned 1, not a list',
      'op 9: read ok of "x" returned [1.5], not a count or a list',
    ]);
  });

  it("reports an insert id reused by two invokes, and bad write values", () => {
    const h = history(insert(1, "t", 7), insert(2, "t", 7, "fail"), insert(1, "u", 7), increment(1, "c", 0));
    expect(validateHistory(h)).toEqual([
      'op 6: increment of "c" by 0: deltas are at least 1',
      'op 2: insert of 7 to "t" reuses the value op 0 already wrote',
    ]);
  });

  it("reports a key written by two kinds of write", () => {
    expect(validateHistory(history(insert(1, "k", 7), append(1, "k", 8)))).toEqual(['key "k" is written by more than one kind of write: insert, append']);
  });
});

describe("checkHistory", () => {
  it("runs every checker, in a fixed order", () => {
    expect(Object.keys(checkers)).toEqual(["ackedWritesLost", "readThenLost", "duplicatedEffects", "divergedHistories"]);
  });

  it("concatenates anomalies in checker order", () => {
    // Old primary n1 acked 1 and 2 and a reader saw both; n2 took over without them and 3 was doubled there.
    const h = history(append(1, "l", 1), append(1, "l", 2), read(2, "l", [1, 2]), append(1, "l", 3), final(3, "l", [1, 2, 3], "n1"), final(3, "l", [1, 3, 3], "n2"));
    expect(checkHistory(h).map((a) => [a.checker, a.ops])).toEqual([
      ["ackedWritesLost", [3, 11]],
      ["readThenLost", [5, 11]],
      ["duplicatedEffects", [7, 11]],
      ["divergedHistories", [9, 11]],
    ]);
    expect(checkHistory(h)).toEqual(checkHistory(h));
  });
});
