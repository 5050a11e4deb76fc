/**
 * Tests that worker threads change nothing but the time taken: the same seed gives the same
 * runs, coverage, tally and counterexample on one thread or several, and in-process shards
 * add up to the whole search.
 */
import { describe, expect, it } from "vitest";
import { explore, summariseTally, unionTallies, type ExploreOptions } from "../../conformance/check/explore.ts";
import { exploreParallel } from "../../conformance/check/parallel.ts";
import { buildConfig } from "../../conformance/kits/config.ts";
import { findKit, kits } from "../../conformance/kits/index.ts";
import type { Ev, ProtocolKit } from "../../conformance/kits/kit.ts";

function options<C, S, E extends Ev, O>(kit: ProtocolKit<C, S, E, O>, preset: string, seed: number, runs: number): ExploreOptions<C, S, E, O> {
  return { kit, flatConfig: buildConfig(kit.model, preset, {}), seed, runs, maxSteps: 100, timeLimitMs: 600_000 };
}

describe("workers", () => {
  it.each([
    ["lease", "etcd-lock-no-fencing", 2, 4000],
    ["replication", "lossless-strict", 1, 700],
    ["proxy", "maxscale-legacy", 3, 4000],
  ] as const)("%s %s: 3 workers give what one thread gives", (protocol, preset, seed, runs) =>
    findKit(protocol).use(async (kit) => {
      const o = options(kit, preset, seed, runs);
      const one = explore(o);
      const three = await exploreParallel({ ...o, workers: 3 });
      expect(three).toEqual(one);
    }));

  it("in-process shards add up to the whole search", () => {
    const o = options(kits.lease, "etcd-lock-no-fencing", 4, 4000);
    const whole = explore(o);
    const parts = [0, 1, 2, 3, 4].map((index) => explore({ ...o, shard: { index, count: 5 } }));
    const union = summariseTally(unionTallies(parts.map((p) => p.tally)));
    expect(union.runs).toBe(whole.runs);
    expect(union.steps).toBe(whole.steps);
    expect(union.coverage).toEqual(whole.coverage);
    expect(union.found?.run).toBe(whole.violationRun);
    const owner = parts[whole.violationRun! % 5]!;
    expect(owner.events).toEqual(whole.events);
    expect(owner.violation).toEqual(whole.violation);
  });

  it("more shards than runs in a block: some shards run nothing in some blocks, and the sum still holds", () => {
    const o = options(kits.lease, "vds-fenced", 6, 300);
    const whole = explore(o);
    const parts = Array.from({ length: 100 }, (_, index) => explore({ ...o, shard: { index, count: 100 } }));
    expect(parts.every((p) => p.runs === 3)).toBe(true);
    const union = summariseTally(unionTallies(parts.map((p) => p.tally)));
    expect({ runs: union.runs, steps: union.steps, coverage: union.coverage }).toEqual({ runs: whole.runs, steps: whole.steps, coverage: whole.coverage });
  });
});
