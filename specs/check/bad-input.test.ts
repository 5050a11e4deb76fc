/** Tests that `haspec check` answers bad usage with exit status 2 and one line naming the problem. */
import { describe, expect, it } from "vitest";
import { cli } from "../cli/run-cli.ts";

function expectOneLine(args: readonly string[], pattern: RegExp): void {
  const r = cli(["check", ...args]);
  expect(r.status).toBe(2);
  expect(r.stdout).toBe("");
  const lines = r.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

describe("check: bad usage", () => {
  it("no protocol", () => expectOneLine([], /^haspec: check needs --protocol/));
  it("an unknown protocol", () => expectOneLine(["--protocol", "paxos"], /unknown protocol paxos/));
  it("a budget class of another protocol's space", () =>
    expectOneLine(["--protocol", "cluster", "--budget", "losses=1"], /unknown budget losses \(known: statements, faults, switchovers, writers, writes, jitter\)/));
  it("an unknown preset", () => expectOneLine(["--protocol", "lease", "--preset", "nope"], /unknown preset nope for lease/));
  it("a bad knob", () => expectOneLine(["--protocol", "lease", "--set", "lease.ttlMs=soon"], /lease\.ttlMs/));
  it("depth zero", () => expectOneLine(["--protocol", "lease", "--depth", "0"], /--depth must be between 1 and/));
  it("a depth that is not a number", () => expectOneLine(["--protocol", "lease", "--depth", "deep"], /--depth must be a whole number/));
  it("a state budget that is not a number", () => expectOneLine(["--protocol", "lease", "--max-states=lots"], /--max-states must be a whole number/));
  it("an unknown budget class", () => expectOneLine(["--protocol", "lease", "--budget", "crashes=2"], /unknown budget crashes \(known: writes, faults, jitter\)/));
  it("a malformed budget", () => expectOneLine(["--protocol", "lease", "--budget", "faults"], /--budget expects class=N/));
  it("an unknown invariant", () => expectOneLine(["--protocol", "lease", "--invariants", "NoSuchThing"], /unknown invariant NoSuchThing for lease/));
  it("an unknown option", () => expectOneLine(["--protocol", "lease", "--runs", "5"], /runs/));
});
