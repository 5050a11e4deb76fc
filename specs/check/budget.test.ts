/**
 * Tests that a state budget stops the search cleanly: exit 0, no violation claimed, and an
 * honest account of how deep the search is complete; and that budget classes bound what a
 * history may contain (a crash and a restart need one fault, a second crash needs two).
 */
import { describe, expect, it } from "vitest";
import { checkExhaustive } from "../../conformance/explore/check.ts";
import { buildConfig } from "../../conformance/kits/config.ts";
import { kits } from "../../conformance/kits/index.ts";
import { cli } from "../cli/run-cli.ts";

describe("the state budget", () => {
  const args = ["check", "--protocol", "lease", "--preset", "vds-fenced", "--depth", "30", "--max-states", "500"];

  it("stops at the budget and says how far the search is complete", () => {
    const r = cli([...args, "--json"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ violated: null, states: 500, complete: false, exhausted: false });
    expect(json.depth).toBeGreaterThan(0);
    expect(json.depth).toBeLessThan(30);
    expect(json.coverage.SingleLeaseHolder).toBeDefined();
  });

  it("is complete to the depth it reports: that depth alone finishes within the same budget", () => {
    const json = JSON.parse(cli([...args, "--json"]).stdout);
    const again = JSON.parse(cli(["check", "--protocol", "lease", "--preset", "vds-fenced", "--depth", String(json.depth), "--max-states", "500", "--json"]).stdout);
    expect(again.complete).toBe(true);
    expect(again.states).toBeLessThanOrEqual(500);
  });

  it("tells people plainly that the search was cut short", () => {
    const r = cli(args);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/no violation \(state budget reached: complete to depth \d+ only\)/);
  });
});

describe("budget classes", () => {
  const kit = kits.lease;
  const flatConfig = buildConfig(kit.model, "resume-after-restart", {});

  it("a crash and its restart cost one fault: resume-after-restart is found with faults=1", () => {
    const r = checkExhaustive({ kit, flatConfig, depth: 4, maxStates: 1_000_000, budgets: { faults: 1 } });
    expect(r.violation?.invariant).toBe("ReacquireRequiresObservation");
    expect(r.events.map((e) => e.type)).toEqual(["NodeCrashed", "NodeRestarted"]);
  });

  it("with no faults allowed it cannot happen", () => {
    const r = checkExhaustive({ kit, flatConfig, depth: 6, maxStates: 1_000_000, budgets: { faults: 0 } });
    expect(r.violation).toBeNull();
    expect(r.complete).toBe(true);
  });

  it("the CLI takes --budget class=N", () => {
    const r = cli(["check", "--protocol", "lease", "--preset", "resume-after-restart", "--budget", "faults=0", "--depth", "4", "--json"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).budgets).toEqual({ writes: 1, faults: 0, jitter: 1 });
  });
});
