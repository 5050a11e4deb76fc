/**
 * The README's example: a user's own lease service checked from a vitest file through the
 * library entry point, exactly as a user would import it.
 */
import { join } from "node:path";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { checkConformance, kits, memoryLeaseAdapter } from "haspec";

describe("checking your own implementation", () => {
  it("a lease service whose resource checks the token conforms to vds-fenced", async () => {
    const report = await checkConformance({ kit: kits.lease, adapter: memoryLeaseAdapter({ checkToken: true }), preset: "vds-fenced", runs: 200, seed: 7 });
    expect(report.ok, report.summary).toBe(true);
    // A targeted history whose witness the service did not reach is run again: at least 200.
    expect(report.histories).toBeGreaterThanOrEqual(200);
  });

  it("with the bug switch on, the deposed holder's write is caught and a trace is written", async () => {
    const traceFile = join(tmpdir(), `haspec-example-${process.pid}.json`);
    const report = await checkConformance({ kit: kits.lease, adapter: memoryLeaseAdapter({ checkToken: false }), preset: "vds-fenced", runs: 200, seed: 7, traceFile });
    expect(report.ok).toBe(false);
    expect(report.failing?.observedViolation?.invariant).toBe("FencedWrites");
    expect(report.failing?.expectedViolation).toBeNull();
    expect(report.summary).toMatch(/memory-lease broke FencedWrites/);
    expect(report.traceFile).toBe(traceFile);
  });
});
