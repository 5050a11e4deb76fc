/**
 * Tests that `haspec check` finds E2 (an etcd lease lock whose resource checks no token, under
 * unbounded pauses) with a shortest counterexample: the trace it writes replays to the same
 * violation, and a search one event shallower, with the same bounds, finds nothing at all.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkExhaustive } from "../../conformance/explore/check.ts";
import { buildConfig } from "../../conformance/kits/config.ts";
import { kits } from "../../conformance/kits/index.ts";
import { cli, scratch } from "../cli/run-cli.ts";

const kit = kits.lease;
const flatConfig = buildConfig(kit.model, "etcd-lock-no-fencing", {});

describe("check on E2 (etcd-lock-no-fencing)", () => {
  const dir = scratch();
  const file = join(dir, "e2.json");
  const r = cli(["check", "--protocol", "lease", "--preset", "etcd-lock-no-fencing", "--out", file, "--json"], dir);
  const json = JSON.parse(r.stdout);

  it("finds FencedWrites and writes a trace that replays to it", () => {
    expect(r.status).toBe(1);
    expect(json.violated).toBe("FencedWrites");
    expect(json.traceFile).toBe(file);
    const trace = JSON.parse(readFileSync(file, "utf8"));
    expect(trace.events).toHaveLength(json.step + 1);
    expect(trace.violation).toMatchObject({ invariant: "FencedWrites", step: json.step });
    const replay = cli(["replay", file, "--json"], dir);
    expect(replay.status).toBe(1);
    expect(JSON.parse(replay.stdout)).toMatchObject({ violated: "FencedWrites", step: json.step, matchesRecorded: true });
  });

  it("gives a shortest trace: no history one event shorter breaks any invariant", () => {
    const length = json.step + 1;
    const shallower = checkExhaustive({ kit, flatConfig, depth: length - 1, maxStates: 10_000_000 });
    expect(shallower.violation).toBeNull();
    expect(shallower.complete).toBe(true);
    expect(shallower.depthReached).toBe(length - 1);
    // The paused leader's write needs a takeover to land after: a write, a pause, and time.
    const events = JSON.parse(readFileSync(file, "utf8")).events.map((e: { type: string }) => e.type);
    expect(events).toContain("NodePaused");
    expect(events).toContain("LeaderWriteRequested");
  });

  it("writes the same trace, byte for byte, every time", () => {
    const again = join(dir, "again.json");
    cli(["check", "--protocol", "lease", "--preset", "etcd-lock-no-fencing", "--out", again, "--json"], dir);
    expect(readFileSync(again, "utf8")).toBe(readFileSync(file, "utf8"));
  });

  it("reports the search it did: states, depth, rate and memory", () => {
    expect(json.states).toBeGreaterThan(1);
    expect(json.depth).toBe(json.step);
    expect(json.complete).toBe(false);
    expect(json.statesPerSec).toBeGreaterThan(0);
    expect(json.heapUsedBytes).toBeGreaterThan(0);
    expect(json.coverage.FencedWrites.witnesses.StaleWriteArrives).toBeGreaterThan(0);
  });
});
