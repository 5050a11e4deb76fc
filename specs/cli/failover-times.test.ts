/**
 * `explore --protocol cluster --json` reports the failover times it saw, and with the seeds'
 * defaults they come out as the product documents say: seconds with a hot standby, tens of
 * seconds without (3–10 s versus 20–30 s). These are model times, not wall-clock time.
 */
import { describe, expect, it } from "vitest";
import { cli } from "./run-cli.ts";

interface Summary { count: number; median: number; max: number; detection: number; election: number; recovery: number }

function failoverTimes(preset: string): Summary {
  const r = cli(["explore", "--protocol", "cluster", "--preset", preset, "--seed", "1", "--runs", "400", "--json"]);
  expect(r.status, r.stderr).toBe(0);
  const out = JSON.parse(r.stdout) as { violated: string | null; failoverTimeMs: Summary | null };
  expect(out.violated).toBeNull();
  expect(out.failoverTimeMs).not.toBeNull();
  return out.failoverTimeMs!;
}

describe("failover times reported by explore", () => {
  it("polardb-hot-standby: a median of seconds, mostly detection", () => {
    const t = failoverTimes("polardb-hot-standby");
    expect(t.count).toBeGreaterThan(50);
    expect(t.median).toBeGreaterThanOrEqual(3_000);
    expect(t.median).toBeLessThanOrEqual(10_000);
    expect(t.detection).toBeGreaterThan(t.recovery);
    expect(t.max).toBeGreaterThanOrEqual(t.median);
  });

  it("polardb-ordinary-standby: a median of tens of seconds, with a cold recovery", () => {
    const t = failoverTimes("polardb-ordinary-standby");
    expect(t.median).toBeGreaterThanOrEqual(20_000);
    expect(t.median).toBeLessThanOrEqual(30_000);
    expect(t.recovery).toBeGreaterThan(5_000);
  });

  it("protocols that do not time failovers report no failoverTimeMs", () => {
    const r = cli(["explore", "--protocol", "proxy", "--preset", "polardb-hot-standby", "--seed", "1", "--runs", "100", "--json"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).not.toHaveProperty("failoverTimeMs");
  });
});
