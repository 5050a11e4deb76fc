/**
 * Tests that the time limit only ends the search: runs stop when it passes, but a block that
 * already holds a violation is finished and the violation shrunk, so the counterexample is the
 * one an unlimited search gives.
 */
import { describe, expect, it } from "vitest";
import { explore, type ExploreOptions } from "../../conformance/check/explore.ts";
import { buildConfig } from "../../conformance/kits/config.ts";
import { kits } from "../../conformance/kits/index.ts";
import type { LeaseConfig, LeaseEvent, LeaseOutput, LeaseState } from "../../model/lease/index.ts";

const kit = kits.lease;

function options(preset: string): ExploreOptions<LeaseConfig, LeaseState, LeaseEvent, LeaseOutput> {
  return { kit, flatConfig: buildConfig(kit.model, preset, {}), seed: 1, runs: 10_000, maxSteps: 100, timeLimitMs: 600_000 };
}

/** A clock that reads 0 when the deadline is set and advances 1 ms per reading: one per run. */
function tickingClock(): () => number {
  let t = 0;
  return () => t++;
}

describe("the time limit", () => {
  it("ends a search without a violation between runs, and says so", () => {
    const r = explore({ ...options("vds-fenced"), timeLimitMs: 100, now: tickingClock() });
    expect(r.interrupted).toBe(true);
    expect(r.runs).toBe(100);
    expect(r.violation).toBeNull();
  });

  it("passing inside the block that holds the violation changes nothing", () => {
    const unlimited = explore(options("etcd-lock-no-fencing"));
    expect(unlimited.violationRun).toBe(336);
    const limited = explore({ ...options("etcd-lock-no-fencing"), timeLimitMs: 340, now: tickingClock() });
    expect(limited).toEqual(unlimited);
  });
});
