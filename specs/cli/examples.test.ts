/**
 * The example traces: each file is what scripts/examples.ts builds today, and the crash in the
 * middle of a transaction reads as the product documents promise — no client error under
 * polardb-hot-standby, the failover time broken down, and the error under `none`.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readTrace } from "../../conformance/kits/load.ts";
import { EXAMPLES, exampleTrace } from "../../scripts/examples.ts";
import { cli } from "./run-cli.ts";

const dir = join(import.meta.dirname, "../../examples");

describe("examples", () => {
  it.each(EXAMPLES.map((x) => [x.file, x] as const))("%s is what scripts/make-examples.ts writes", (_f, x) => {
    expect(readTrace(join(dir, x.file))).toEqual(exampleTrace(x));
  });

  it("a primary crash mid-transaction under polardb-hot-standby: no client error, the failover time broken down", () => {
    const r = cli(["show", join(dir, "crash-mid-transaction.json")]);
    expect(r.status).toBe(0);
    const m = /n2 opens: failover took (\d+) ms = detection (\d+) \+ election (\d+) \+ recovery (\d+)/.exec(r.stdout);
    expect(m).not.toBeNull();
    const [total, detection, election, recovery] = m!.slice(1).map(Number) as [number, number, number, number];
    expect(detection + election + recovery).toBe(total);
    expect(total).toBeGreaterThanOrEqual(3_000);
    expect(total).toBeLessThanOrEqual(10_000);
    expect(r.stdout).toMatch(/^clients saw no error$/m);
    expect(r.stdout).toMatch(/s1 told OK for #4 commit/);
  });

  it("the same history under none: the client gets the error", () => {
    const r = cli(["show", join(dir, "crash-mid-transaction.json"), "--preset", "none"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/run under none/);
    expect(r.stdout).toMatch(/^clients saw 1 error: s1: connection closed \(connection lost; the transaction was rolled back\)$/m);
    expect(r.stdout).not.toMatch(/told OK for #4 commit/);
  });

  it("an unknown preset for the re-run is a one-line usage error", () => {
    const r = cli(["show", join(dir, "crash-mid-transaction.json"), "--preset", "nope"]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/unknown preset nope for cluster/);
  });
});
