/**
 * Tests that coverage is in every --json result and that a vacuous pass is reported as vacuous,
 * not as a pass: at depth 3 no lease can change hands (a takeover waits out the whole lease),
 * so SingleLeaseHolder holds only vacuously.
 */
import { describe, expect, it } from "vitest";
import { cli } from "../cli/run-cli.ts";

describe("vacuous passes", () => {
  const args = ["check", "--protocol", "lease", "--preset", "vds-fenced", "--depth", "3"];

  it("lists an invariant whose witness was never reached as vacuous, exit status still 0", () => {
    const r = cli([...args, "--json"]);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.violated).toBeNull();
    expect(json.vacuous).toContain("SingleLeaseHolder");
    expect(json.coverage.SingleLeaseHolder).toEqual({ reached: false, witnesses: { LeaseChangedHands: 0 } });
  });

  it("does not list an invariant whose witness was reached", () => {
    const json = JSON.parse(cli([...args, "--json"]).stdout);
    expect(json.coverage.NoActionWithoutLease.reached).toBe(true);
    expect(json.coverage.NoActionWithoutLease.witnesses.FormerLeaderRefusesWrite).toBeGreaterThan(0);
    expect(json.vacuous).not.toContain("NoActionWithoutLease");
  });

  it("says VACUOUS in the human output, never 'held'", () => {
    const r = cli(args);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/VACUOUS +SingleLeaseHolder: held only because no state reached LeaseChangedHands/);
    expect(r.stdout).not.toMatch(/held +SingleLeaseHolder/);
    expect(r.stdout).toMatch(/VACUOUS: .*SingleLeaseHolder/);
  });

  it("checks only the named invariants, and judges only them", () => {
    const json = JSON.parse(cli([...args, "--invariants", "SingleLeaseHolder", "--json"]).stdout);
    expect(Object.keys(json.coverage)).toEqual(["SingleLeaseHolder"]);
    expect(json.vacuous).toEqual(["SingleLeaseHolder"]);
  });

  it("reports coverage with a violation too, never calling the violated invariant vacuous", () => {
    const json = JSON.parse(cli(["check", "--protocol", "proxy", "--preset", "proxy-no-epoch-check", "--json"]).stdout);
    expect(json.violated).toBe("NoReplayToStaleLeader");
    expect(Object.keys(json.coverage)).toContain("NoReplayToStaleLeader");
    expect(json.vacuous).not.toContain("NoReplayToStaleLeader");
  });
});
