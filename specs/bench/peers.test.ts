/**
 * Tests that the peer specifications in bench/peers/ (Quint and Promela) agree with haspec's
 * model on verdicts: etcd-lock-no-fencing breaks FencedWrites, vds-fenced breaks nothing. They
 * are real runs of `quint run --backend=typescript` and of SPIN's pan, at small bounds; Quint
 * comes with `npm ci`, SPIN and gcc with scripts/install-bench-tools.sh (scripts/test.sh runs it).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { explore } from "../../conformance/check/explore.ts";
import { buildConfig } from "../../conformance/kits/config.ts";
import { kits } from "../../conformance/kits/index.ts";
import { peerConstants, type PeerConstants } from "../../bench/peers/constants.ts";
import { parseQuint, runQuint } from "../../bench/peers/quint.ts";
import { parsePan, runSpin } from "../../bench/peers/spin.ts";

const SAFE = "vds-fenced";
const UNSAFE = "etcd-lock-no-fencing";
const TIMEOUT_MS = 300_000;

describe("peer constants", () => {
  it("derive the presets' lease windows, with drift compensation and margin, at 1 ms and at 100 ms", () => {
    expect(peerConstants(SAFE, 1)).toEqual({
      nodes: 2, quantumMs: 1, ttl: 2000, renew: 500, latency: 100, hold: 1799, wait: 2201,
      fencing: true, crashes: true, partitions: true, pauses: true,
    });
    expect(peerConstants(UNSAFE, 1)).toMatchObject({ renew: 666, hold: 1799, wait: 2201, fencing: false });
    // Coarser quanta round the holder's window down and the contender's wait up.
    expect(peerConstants(SAFE, 100)).toMatchObject({ ttl: 20, renew: 5, latency: 1, hold: 17, wait: 23 });
  });

  it("are the ones lease.qnt's named instances fix", () => {
    const spec = readFileSync(new URL("../../bench/peers/quint/lease.qnt", import.meta.url), "utf8");
    const instance = (module: string): string => spec.slice(spec.indexOf(`module ${module} {`)).split("}")[0]!;
    const expected = (k: PeerConstants): string[] => [
      `N = ${k.nodes}`, `TTL_MS = ${k.ttl}`, `RENEW_MS = ${k.renew}`, `LATENCY_MS = ${k.latency}`,
      `HOLD_MS = ${k.hold}`, `WAIT_MS = ${k.wait}`, `FENCING = ${k.fencing}`,
    ];
    for (const fragment of expected(peerConstants(SAFE, 1))) expect(instance("vds_fenced")).toContain(fragment);
    for (const fragment of expected(peerConstants(UNSAFE, 1))) expect(instance("etcd_lock_no_fencing")).toContain(fragment);
  });
});

describe("haspec on the presets the peers run", () => {
  it(`${UNSAFE} breaks FencedWrites and ${SAFE} nothing`, () => {
    const kit = kits.lease;
    const run = (preset: string, runs: number) =>
      explore({ kit, flatConfig: buildConfig(kit.model, preset, {}), seed: 1, runs, maxSteps: 100, timeLimitMs: TIMEOUT_MS });
    expect(run(UNSAFE, 5000).violation?.invariant).toBe("FencedWrites");
    expect(run(SAFE, 2000).violation).toBeNull();
  });
});

describe("Quint (quint run --backend=typescript)", () => {
  // Settled: the bounded settle loop of lease.qnt always did everything due at an instant.
  const invariants = ["SingleLeaseHolder", "FencedWrites", "Settled"];

  it(`${SAFE}: no violation in 100 traces of 47 steps`, () => {
    const r = runQuint({ constants: peerConstants(SAFE, 1), samples: 100, steps: 47, seed: 1, invariants, timeoutMs: TIMEOUT_MS });
    expect(r.violated).toEqual([]);
    expect(r.traces).toBe(100);
  });

  it(`${UNSAFE}: FencedWrites breaks within 500 traces from seed 1`, () => {
    // From seed 1 the simulator finds it after about 330 traces (the bench prints the count).
    const r = runQuint({ constants: peerConstants(UNSAFE, 1), samples: 500, steps: 47, seed: 1, invariants, timeoutMs: TIMEOUT_MS });
    expect(r.violated).toEqual(["FencedWrites"]);
    expect(r.reproduceSeed).not.toBeNull();
  });

  it("an unrecognised report is an error, not a pass", () => {
    expect(() => parseQuint("error: something else\n", 1, 10, 5)).toThrow(/unrecognised quint output/);
    expect(() => parseQuint("[ok] No violation found (5ms at 100 traces/second).\n", 1, 10, 5)).toThrow(/inconsistent/);
  });
});

describe("SPIN (pan, breadth-first, 100 ms quanta)", () => {
  it(`${SAFE}: no assertion fails in any history of up to 9 events`, () => {
    const r = runSpin({ constants: peerConstants(SAFE, 100), depth: 9, optimize: false, memoryLimitMb: 1024, timeoutMs: TIMEOUT_MS });
    expect(r.violated).toBeNull();
    expect(r.memoryBound).toBe(false);
    expect(r.depthReached).toBe(9);
    expect(r.statesStored).toBeGreaterThan(10_000);
  });

  it(`${UNSAFE}: FencedWrites fails, on a shortest history: a write, a pause, a takeover, the write lands`, () => {
    const r = runSpin({ constants: peerConstants(UNSAFE, 100), depth: 12, optimize: false, memoryLimitMb: 1024, timeoutMs: TIMEOUT_MS });
    expect(r.violated).toBe("FencedWrites");
    expect(r.trail[0]).toBe("t=0 LeaderWriteRequested n0");
    expect(r.trail[1]).toBe("t=0 NodePaused n0");
    expect(r.trail.at(-1)).toMatch(/IoProgressed \(the write of n0\)$/);
    expect(r.trail).toHaveLength(r.violationEvents!);
  });

  it("an unrecognised report is an error, not a pass", () => {
    expect(() => parsePan("pan: something else\n")).toThrow(/unrecognised pan output/);
  });
});
