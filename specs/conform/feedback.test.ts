/**
 * What `conform` tells a person while it runs and before: progress on a terminal (and nothing of
 * it in a pipe or with --json), and the adapters in the help, from the adapter registry.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { adapterInfo } from "../../conformance/cli/adapter-list.ts";
import { findAdapter } from "../../conformance/cli/adapters.ts";
import type { Io } from "../../conformance/cli/io.ts";
import { main } from "../../conformance/cli/main.ts";
import { progressReporter } from "../../conformance/cli/progress.ts";
import { protocolNames } from "../../conformance/kits/index.ts";
import { scratch } from "../cli/run-cli.ts";

type Seen = { readonly out: string } | { readonly progress: string | null };

/** An Io as a terminal (or not) would be, on a clock that moves 150 ms at every look. */
function fakeIo(tty: boolean): { io: Io; seen: Seen[] } {
  const seen: Seen[] = [];
  let t = 0;
  const io: Io = {
    out: (out) => seen.push({ out }), progress: (progress) => seen.push({ progress }),
    now: () => (t += 150), freshSeed: () => 1, color: false, tty,
  };
  return { io, seen };
}

const ARGS = ["conform", "--adapter", "model", "--protocol", "replication", "--preset", "postgres-lossless", "--seed", "1", "--runs", "2", "--max-steps", "10"];
const PROGRESS = /^history (\d)\/2 \((model counterexample|witness \w+|random)\), step (\d+)\/(\d+), \d+\.\d s elapsed, (about \d+\.\d s left|estimating what is left)$/;

describe("conform's progress", () => {
  it("on a terminal: one line per step shown, history i of N with its origin, step, elapsed and what is left, cleared before every other line", async () => {
    const { io, seen } = fakeIo(true);
    expect(await main([...ARGS, "--out", join(scratch(), "t.json")], io, () => {})).toBe(0);
    const lines = seen.flatMap((s) => ("progress" in s && s.progress !== null ? [s.progress] : []));
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) expect(l).toMatch(PROGRESS);
    expect(new Set(lines.map((l) => PROGRESS.exec(l)![1]))).toEqual(new Set(["1", "2"]));
    // Nothing is printed over a progress line: each other line comes after a clear.
    let shown = false;
    for (const s of seen) {
      if ("progress" in s) shown = s.progress !== null;
      else expect(shown, `printed over the progress line: ${s.out}`).toBe(false);
    }
    expect(shown).toBe(false);
    expect(seen.filter((s) => "out" in s && /^ {2}history \d\/2/.test(s.out))).toHaveLength(2);
  });

  it.each([["not a terminal", false, []], ["--json", true, ["--json"]]] as const)("%s: no progress at all", async (_what, tty, extra) => {
    const { io, seen } = fakeIo(tty);
    expect(await main([...ARGS, ...extra, "--out", join(scratch(), "t.json")], io, () => {})).toBe(0);
    expect(seen.filter((s) => "progress" in s)).toEqual([]);
  });

  it("estimates what is left from the time per step so far: less and less at a steady pace, nothing at the last step", () => {
    const { io, seen } = fakeIo(true);
    const p = progressReporter(io);
    for (let index = 0; index < 3; index++) {
      for (let step = 0; step < 4; step++) p.step({ index, total: 3, origin: "random", step, steps: 4 });
      p.historyDone();
    }
    p.clear();
    const left = seen.flatMap((s) => ("progress" in s && s.progress !== null ? [/about (\d+\.\d) s left/.exec(s.progress)] : []))
      .filter((m) => m !== null).map((m) => Number(m![1]));
    expect(left.length).toBeGreaterThan(3);
    for (let i = 1; i < left.length; i++) expect(left[i]).toBeLessThanOrEqual(left[i - 1]!);
    expect(left.at(-1)).toBe(0);
    expect(seen.at(-1)).toEqual({ progress: null });
  });
});

describe("the adapters in the help", () => {
  it.each([[["conform", "--help"]], [["--help"]]])("%j lists every adapter of the registry with its protocol and what it needs", async (args) => {
    const { io, seen } = fakeIo(false);
    expect(await main(args, io, () => {})).toBe(0);
    const text = seen.map((s) => ("out" in s ? s.out : "")).join("\n");
    for (const a of adapterInfo) {
      expect(text).toMatch(new RegExp(`^ +${a.name} +${a.protocol ?? "any protocol"}: needs \\S`, "m"));
    }
  });

  it("each listed adapter is in the registry and drives the protocol the help says (the model: any)", async () => {
    for (const a of adapterInfo) {
      if (a.protocol !== null) expect((await findAdapter(a.name)).protocol).toBe(a.protocol);
      else for (const p of protocolNames) expect((await findAdapter(a.name, { protocol: p })).protocol).toBe(p);
    }
  });
});
