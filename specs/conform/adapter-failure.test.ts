/**
 * An adapter failure is never a verdict (issue 14, item 4): an error thrown while a history runs
 * is caught at the runner, the history is run again on a freshly started system, and a second
 * failure is an AdapterFailure naming the adapter, the history and the error, which the CLI
 * prints as one line with exit 2.
 */
import { describe, expect, it } from "vitest";
import { AdapterFailure, conform } from "../../conformance/conform/run.ts";
import { noCache } from "../../conformance/conform/target-cache.ts";
import { buildConfig } from "../../conformance/kits/config.ts";
import { kits } from "../../conformance/kits/index.ts";
import type { Adapter } from "../../adapters/contract.ts";
import type { LeaseEvent, LeaseOutput } from "../../model/lease/index.ts";
import { cli, scratch } from "../cli/run-cli.ts";
import { flakyAdapter } from "./fixtures.ts";

const kit = kits.lease;
const options = (adapter: Adapter<LeaseEvent, LeaseOutput>) => ({
  kit, hooks: kit.conform!, adapter, flatConfig: buildConfig(kit.model, "etcd-lock-no-fencing", {}), seed: 1, runs: 3, maxSteps: 20, cache: noCache,
});

describe("an adapter that fails during a history", () => {
  it("once: the history is run again on a fresh system and the verdict is the system's", async () => {
    const { adapter, counts } = flakyAdapter(kit.model, 1, 3);
    const r = await conform(options(adapter));
    // The model adapter breaks FencedWrites exactly as the model predicts: a verdict, not a crash.
    expect(r.failing?.observedViolation?.invariant).toBe("FencedWrites");
    expect(r.histories).toHaveLength(1);
    expect(counts.starts).toBe(2);
    expect(counts.stops).toBe(2);
  });

  it("twice: AdapterFailure names the adapter, the history and the error, after exactly one retry", async () => {
    const { adapter, counts } = flakyAdapter(kit.model, Number.POSITIVE_INFINITY, 2);
    const error = await conform(options(adapter)).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(AdapterFailure);
    expect((error as AdapterFailure).message).toMatch(/^flaky failed during history 1 \(witness StaleWriteArrives\): connection reset by peer \(ECONNRESET\)$/);
    expect(counts.starts).toBe(2);
    expect(counts.stops).toBe(2);
  });

  it("a failure while starting is retried the same way", async () => {
    const { adapter, counts } = flakyAdapter(kit.model, 0);
    let failedStarts = 0;
    const failingStart = { ...adapter, start: async (flat: Parameters<typeof adapter.start>[0]) => {
      if (failedStarts++ === 0) throw new Error("bind: address already in use");
      return adapter.start(flat);
    } };
    const r = await conform(options(failingStart));
    expect(r.failing?.observedViolation?.invariant).toBe("FencedWrites");
    expect(failedStarts).toBe(2);
    expect(counts.stops).toBe(2);
  });

  it("an error of several lines is reported on one", () => {
    const e = new AdapterFailure("etcd", "history 2 (random)", new Error("first line\n    at somewhere (file.ts:1:1)"));
    expect(e.message).toBe("etcd failed during history 2 (random): first line");
  });
});

describe("haspec conform with an adapter that cannot run", () => {
  it("exits 2 with one line naming the adapter, the history and the error, and no stack trace", () => {
    const r = cli(["conform", "--adapter", "etcd", "--preset", "etcd-lock-no-fencing", "--runs", "1", "--seed", "1"], scratch(), { HASPEC_ETCD_BIN: "/nonexistent/etcd" });
    expect(r.status).toBe(2);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^haspec: etcd failed during history 1 \(.+\): .*cannot run \/nonexistent\/etcd: not found/);
  });

  it("with HASPEC_DEBUG=1 the stack trace is printed too", () => {
    const r = cli(["conform", "--adapter", "etcd", "--preset", "etcd-lock-no-fencing", "--runs", "1", "--seed", "1"], scratch(), { HASPEC_ETCD_BIN: "/nonexistent/etcd", HASPEC_DEBUG: "1" });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});
