/**
 * Time advances as long as the trace schema allows (a day per event) under any knob values: the
 * cluster passes at most MAX_INSTANTS_PER_EVENT instants per event and says how far it got, where
 * it once asserted that it had reached the target ("time did not reach 86400000 ms").
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GOLDEN_DIR } from "../../catalogue/golden.ts";
import { MAX_INSTANTS_PER_EVENT } from "../../model/cluster/time.ts";
import { kits } from "../../conformance/kits/index.ts";
import { runInProcess } from "../cli/run-cli.ts";
import { clusterConfig, run, time } from "./helpers.ts";

const DAY_MS = 86_400_000;
const presets = kits.cluster.model.presets.map((p) => p.name);

describe("a day in one TimeAdvanced", () => {
  it.each(presets)("%s: the default knobs reach the end of the day, or stop early with time moved on", (preset) => {
    const r = run(clusterConfig(preset), [time(DAY_MS), time(DAY_MS)]);
    const [first, second] = r.states.map((s) => s.nowMs);
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(DAY_MS);
    expect(second).toBeGreaterThan(first!);
  });

  it("the longest lease with the shortest renewal: time stops after the instant bound, and the next event carries on", () => {
    const config = clusterConfig("polardb-hot-standby", { "lease.ttlMs": 600_000, "lease.renewIntervalMs": 10 });
    const r = run(config, [time(DAY_MS), time(DAY_MS), time(DAY_MS)]);
    const nows = r.states.map((s) => s.nowMs);
    // Renewals every 10 ms: at most one instant per 10 ms of each of the nodes' loops, so a bounded
    // event cannot reach a day, and it passes at least the bound's worth of instants of routine.
    expect(nows[0]).toBeLessThan(DAY_MS);
    expect(nows[0]).toBeGreaterThanOrEqual(MAX_INSTANTS_PER_EVENT * 10 / config.lease.nodes);
    expect(nows[1]).toBeGreaterThan(nows[0]!);
    expect(nows[2]).toBeGreaterThan(nows[1]!);
  });

  it("the trace with one day-long event replays: exit 0, not a model assertion", async () => {
    const t = JSON.parse(readFileSync(join(GOLDEN_DIR, "C1.json"), "utf8"));
    const file = join(mkdtempSync(join(tmpdir(), "haspec-day-")), "day.json");
    writeFileSync(file, JSON.stringify({ ...t, events: [{ type: "TimeAdvanced", maxMs: DAY_MS }], outputs: [[]], violation: null }));
    const r = await runInProcess(["replay", file]);
    expect(r.err).toEqual([]);
    expect(r.out).toEqual(["no violation in 1 steps", "matches the recorded verdict"]);
    expect(r.status).toBe(0);
  });

  it("explore with a ten-minute lease renewed every 10 ms runs to a result", async () => {
    const dir = mkdtempSync(join(tmpdir(), "haspec-day-"));
    const r = await runInProcess(["explore", "--protocol", "cluster", "--set", "lease.ttlMs=600000", "--set", "lease.renewIntervalMs=10",
      "--seed", "1", "--runs", "2", "--max-steps", "30", "--workers", "1", "--json", "--out", `${dir}/t.json`]);
    expect(r.err).toEqual([]);
    expect([0, 1]).toContain(r.status);
    expect(JSON.parse(r.out.at(-1)!).runs).toBeGreaterThan(0);
  });
});
