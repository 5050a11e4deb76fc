/**
 * Ctrl-C during `explore`: the search stops as at the time limit, and the command says how far it
 * got (`interrupted after N runs`, or with --json the partial result marked interrupted), exit 130.
 * Tested on the real command in a child process, with a real SIGINT.
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../conformance/cli/main.ts";
import { scratch } from "./run-cli.ts";

const BIN = resolve(import.meta.dirname, "../../bin/haspec.js");

/** Starts explore, sends SIGINT once it has done some runs, and collects what it said. */
function interrupted(extra: string[]): Promise<{ status: number | null; stdout: string; stderr: string; afterMs: number }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, "explore", "--protocol", "lease", "--preset", "vds-fenced", "--runs", "100000000", "--seed", "1", "--time-limit", "600", ...extra], {
      cwd: scratch(), env: { ...process.env, NO_COLOR: "1" },
    });
    let [stdout, stderr, sentAt] = ["", "", 0];
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    // The banner is printed just before the search starts listening for Ctrl-C.
    child.stdout.once("data", () => setTimeout(() => {
      sentAt = Date.now();
      child.kill("SIGINT");
    }, 1500));
    child.on("error", fail);
    child.on("close", (status) => done({ status, stdout, stderr, afterMs: Date.now() - sentAt }));
  });
}

describe("Ctrl-C during explore", () => {
  it("says how many runs were done, exit 130", async () => {
    const r = await interrupted(["--workers", "1"]);
    expect(r.status).toBe(130);
    const m = /interrupted after (\d+) runs/.exec(r.stdout);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(0);
    expect(r.stderr).toBe("");
    expect(r.afterMs).toBeLessThan(5000);
  });

  it("with worker threads too", async () => {
    const r = await interrupted(["--workers", "2"]);
    expect(r.status).toBe(130);
    expect(r.stdout).toMatch(/interrupted after [1-9]\d* runs/);
  });

  it("with --json: the partial result, marked interrupted (in-process, the interrupt injected)", async () => {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    // Late enough that the search has done some runs even on a cold, loaded machine.
    setTimeout(() => Atomics.store(flag, 0, 1), 4000);
    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), progress: () => {}, now: Date.now, freshSeed: () => 0, color: false,
      interrupt: () => ({ flag, happened: () => Atomics.load(flag, 0) !== 0, dispose: () => {} }) };
    const status = await main(["explore", "--protocol", "lease", "--preset", "vds-fenced", "--runs", "100000000", "--seed", "1", "--workers", "1", "--json"], io, () => {});
    expect(status).toBe(130);
    const j = JSON.parse(out.at(-1)!);
    expect(j.interrupted).toBe(true);
    expect(j.interruptedBy).toBe("SIGINT");
    expect(j.violated).toBeNull();
    expect(j.runs).toBeGreaterThan(0);
    expect(j.runs).toBeLessThan(100_000_000);
  });
});

describe("Ctrl-C during conform", () => {
  /**
   * Starts conform on the model adapter and sends SIGINT three seconds in: while it searches for
   * its targeted histories or runs one (a cold search takes longer than that), so the count may
   * be zero; what matters is that it says so, and stops its servers.
   */
  function conformInterrupted(extra: string[]): Promise<{ status: number | null; stdout: string }> {
    return new Promise((done, fail) => {
      const child = spawn(process.execPath, [BIN, "conform", "--adapter", "model", "--preset", "vds-fenced", "--runs", "100000", "--seed", "1", ...extra], {
        cwd: scratch(), env: { ...process.env, NO_COLOR: "1", HASPEC_CACHE_DIR: scratch() },
      });
      let stdout = "";
      child.stdout.on("data", (d) => (stdout += d));
      setTimeout(() => child.kill("SIGINT"), 3000);
      child.on("error", fail);
      child.on("close", (status) => done({ status, stdout }));
    });
  }

  it("says how many histories were done, exit 130", async () => {
    const r = await conformInterrupted([]);
    expect(r.status).toBe(130);
    expect(r.stdout).toMatch(/^haspec conform: adapter model/m);
    expect(r.stdout).toMatch(/interrupted \(SIGINT\) after \d+ histories, before a verdict/);
  });

  it("with --json: one JSON line marked interrupted", async () => {
    const r = await conformInterrupted(["--json"]);
    expect(r.status).toBe(130);
    const j = JSON.parse(r.stdout.trim().split("\n").at(-1)!);
    expect(j).toMatchObject({ interrupted: true, interruptedBy: "SIGINT", violated: null });
    expect(typeof j.runs).toBe("number");
  });
});
