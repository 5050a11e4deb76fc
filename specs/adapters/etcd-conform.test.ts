/**
 * Real etcd through `haspec conform` (issue 3's acceptance): the unfenced lock shows two writers
 * exactly as the model predicts, the fenced one agrees with the model over 30 histories, the
 * model adapter passes the same runner, nothing is left running, and a server that cannot start
 * is reported in one line. These start real servers; they fail, never skip, when etcd is missing.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, scratch } from "../cli/run-cli.ts";

const BIN = resolve(import.meta.dirname, "../../bin/haspec.js");
const CONFORM = ["conform", "--adapter", "etcd", "--preset", "etcd-lock-no-fencing", "--seed", "1"];

const pidsIn = (text: string): number[] => [...text.matchAll(/etcd started: pid (\d+)/g)].map((m) => Number(m[1]));
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, "utf8").includes(") Z ");
  } catch {
    return false;
  }
};

describe("haspec conform --adapter etcd", () => {
  it("without fencing: etcd accepts the deposed holder's write, as the model predicted", () => {
    const dir = scratch();
    const r = cli(CONFORM, dir);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/system breaks FencedWrites at step \d+ \(model: FencedWrites; its clients see FencedWrites\)/);
    const pids = pidsIn(r.stdout);
    expect(pids.length).toBeGreaterThan(0);
    expect(pids.filter(alive)).toEqual([]);
    const json = cli([...CONFORM, "--json"], dir);
    expect(json.status).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ violated: "FencedWrites", predicted: "FencedWrites", divergence: null, adapter: "etcd" });
    const trace = JSON.parse(readFileSync(join(dir, report.traceFile), "utf8"));
    expect(trace.adapter).toBe("etcd");
    expect(trace.observed.length).toBe(trace.events.length);
    expect(trace.outputs.length).toBe(trace.events.length);
    expect(trace.observedViolation.invariant).toBe("FencedWrites");
    expect(trace.violation.invariant).toBe("FencedWrites");
  });

  it("with fencing: no violation and no divergence over 30 histories, with the time per history printed", () => {
    const r = cli([...CONFORM, "--set", "lease.fencing=epoch", "--runs", "30"]);
    expect(r.status, r.stdout.slice(-2000)).toBe(0);
    // A targeted history whose witness etcd did not reach is run again, so there may be more than 30.
    const ran = Number(/^(\d+) histories in [\d.]+ s \(\d+ ms per history, [\d.]+ per minute\): no violation, no divergence$/m.exec(r.stdout)?.[1]);
    expect(ran).toBeGreaterThanOrEqual(30);
    expect(r.stdout).toMatch(/^coverage: \d+ targeted histories; witnesses reached on etcd: .*StaleWriteArrives.*; [1-9]\d* outcomes compared, \d+ excused/m);
    expect(pidsIn(r.stdout).length).toBe(ran);
    expect(pidsIn(r.stdout).filter(alive)).toEqual([]);
  });

  it("with fencing, --runs 3 --json: coverage says the stale write reached etcd's fencing check (or exit 3, VACUOUS)", () => {
    const r = cli([...CONFORM, "--set", "lease.fencing=epoch", "--runs", "3", "--json"]);
    const report = JSON.parse(r.stdout);
    const { coverage } = report;
    expect(coverage.targeted[0]).toMatchObject({ origin: "witness StaleWriteArrives", witness: "StaleWriteArrives" });
    expect(coverage.compared).toBeGreaterThan(0);
    expect(typeof coverage.excused).toBe("number");
    if (r.status === 3) {
      expect(coverage.targeted[0]).toMatchObject({ reached: false, tries: 5 });
      expect(coverage.vacuous).toContain("StaleWriteArrives");
      expect(r.stderr).toMatch(/^VACUOUS: StaleWriteArrives was never reached on etcd/m);
    } else {
      expect(r.status, r.stderr).toBe(0);
      expect(coverage.targeted[0].reached).toBe(true);
      expect(coverage.witnessesReached).toContain("StaleWriteArrives");
      expect(coverage.vacuous).toEqual([]);
    }
  });

  it("without fencing, --runs 1 already runs the violating history: exit 1, FencedWrites", () => {
    const r = cli([...CONFORM, "--runs", "1", "--json"]);
    expect(r.status, r.stderr).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ violated: "FencedWrites", runs: 1 });
  });

  it("SIGINT stops the run and leaves no etcd behind", async () => {
    const child = spawn(process.execPath, [BIN, ...CONFORM, "--set", "lease.fencing=epoch", "--runs", "30"], { cwd: scratch() });
    let out = "";
    const pid = await new Promise<number>((done, fail) => {
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const found = pidsIn(out)[0];
        if (found !== undefined) done(found);
      });
      child.on("exit", () => fail(new Error(`exited before starting etcd: ${out}`)));
    });
    expect(alive(pid)).toBe(true);
    child.kill("SIGINT");
    const code = await new Promise<number | null>((done) => child.on("exit", (c) => done(c)));
    expect(code).toBe(130);
    expect(alive(pid)).toBe(false);
  });

  it("a port already taken is exit 2 and one line saying so", async () => {
    const blocker = createServer();
    const port = await new Promise<number>((done) => blocker.listen(0, "127.0.0.1", () => done((blocker.address() as { port: number }).port)));
    try {
      const r = cli([...CONFORM, "--runs", "1"], scratch(), { HASPEC_ETCD_PORT: String(port) });
      expect(r.status).toBe(2);
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(new RegExp(`^haspec: etcd failed during history 1 \\(.+\\): .*etcd did not start on 127\\.0\\.0\\.1:${port}: .*address already in use`));
    } finally {
      blocker.close();
    }
  });

  it("a missing etcd binary is exit 2 and one line saying so", () => {
    const r = cli([...CONFORM, "--runs", "1"], scratch(), { HASPEC_ETCD_BIN: "/nonexistent/etcd" });
    expect(r.status).toBe(2);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/cannot run \/nonexistent\/etcd: not found/);
  });
});

describe("haspec conform --adapter model", () => {
  it("passes the same runner: fenced agrees, unfenced breaks FencedWrites as predicted", () => {
    const fenced = cli(["conform", "--adapter", "model", "--preset", "etcd-lock-no-fencing", "--set", "lease.fencing=epoch", "--seed", "1", "--runs", "30", "--json"]);
    expect(fenced.status).toBe(0);
    expect(JSON.parse(fenced.stdout)).toMatchObject({ violated: null, divergence: null, runs: 30 });
    const unfenced = cli(["conform", "--adapter", "model", "--preset", "etcd-lock-no-fencing", "--seed", "1", "--json"]);
    expect(unfenced.status).toBe(1);
    expect(JSON.parse(unfenced.stdout)).toMatchObject({ violated: "FencedWrites", predicted: "FencedWrites", divergence: null });
    expect(existsSync(BIN)).toBe(true);
  });
});
