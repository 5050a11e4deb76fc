/**
 * Tests that `haspec check` proves the safe presets safe up to a stated depth, printing how many
 * states that took: vds-fenced (the lease as PolarDB designs it) to 16 events, and the safe
 * replication and proxy presets to shallower depths, as their spaces are wider.
 */
import { describe, expect, it } from "vitest";
import { cli } from "../cli/run-cli.ts";

/** The depth to which vds-fenced is proved safe (about 310,000 states; see the README). */
const VDS_DEPTH = 16;

describe("vds-fenced is safe up to depth 16", () => {
  const r = cli(["check", "--protocol", "lease", "--preset", "vds-fenced", "--depth", String(VDS_DEPTH)]);

  it("finds no violation in any history of ≤16 events and says so", () => {
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`histories of ≤${VDS_DEPTH} events`);
    expect(r.stdout).toContain(`no violation (complete to depth ${VDS_DEPTH})`);
  });

  it("prints the state count and what the bounds were", () => {
    const states = /states: ([\d,]+) distinct/.exec(r.stdout);
    expect(states).not.toBeNull();
    expect(Number(states![1]!.replaceAll(",", ""))).toBeGreaterThan(100_000);
    expect(r.stdout).toMatch(/[\d,]+ states\/s; heap \d+ MB/);
    expect(r.stdout).toContain("budgets per history: writes ≤1, faults ≤1, jitter ≤1");
  });

  it("reaches a takeover and a stale write, so FencedWrites and SingleLeaseHolder did not pass vacuously", () => {
    expect(r.stdout).toMatch(/held {6}FencedWrites \(StaleWriteArrives ×[\d,]+\)/);
    expect(r.stdout).toMatch(/held {6}SingleLeaseHolder \(LeaseChangedHands ×[\d,]+\)/);
  });
});

describe.each([
  ["replication", "lossless-strict", 8],
  ["proxy", "polardb-hot-standby", 7],
])("%s %s is safe up to depth %i", (protocol, preset, depth) => {
  it("finds no violation, complete to that depth", () => {
    const r = cli(["check", "--protocol", protocol, "--preset", preset, "--depth", String(depth), "--json"]);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ violated: null, depth, complete: true });
    expect(json.states).toBeGreaterThan(1000);
  });
});
