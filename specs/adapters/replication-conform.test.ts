/**
 * Real replication through `haspec conform` (issue 5's acceptance): the model's own
 * counterexamples reproduce R1, R2, R3 and R5 on MariaDB 10.11 and R9 and R11 on PostgreSQL 15,
 * the system's clients seeing exactly what the model's clients see; the lossless configurations
 * agree with the model over 20 histories each; nothing is left running, also after SIGINT.
 * These start real servers and fail, never skip, when a server cannot start.
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, scratch } from "../cli/run-cli.ts";
import { leftovers, startedIn } from "./leftovers.ts";

const BIN = resolve(import.meta.dirname, "../../bin/haspec.js");
const conform = (adapter: string, preset: string, ...rest: string[]) =>
  ["conform", "--adapter", adapter, "--protocol", "replication", "--preset", preset, "--seed", "1", ...rest];

/** Runs a scenario, checks the system showed what the model's clients show, and that nothing is left. */
function reproduces(args: string[], predicted: string) {
  const r = cli([...args, "--runs", "3"]);
  expect(r.status, r.stdout.slice(-3000) + r.stderr).toBe(1);
  const json = cli([...args, "--runs", "3", "--json"]);
  const report = JSON.parse(json.stdout);
  expect(report.predicted).toBe(predicted);
  expect(report.violated).not.toBeNull();
  expect(report.violated).toBe(report.modelSees);
  expect(report.divergence).toBeNull();
  expect(leftovers(startedIn(r.stdout).dirs)).toEqual([]);
  return report;
}

describe("MariaDB 10.11", () => {
  const base = ["--set", "rpl_semi_sync_master_timeout=1000"];
  it("R1: AFTER_COMMIT, a row read while its writer waited is lost on failover", () => {
    const r = reproduces(conform("mariadb", "mariadb-10.11-defaults", "--set", "env.killWaiters=false", "--set", "rpl_semi_sync_master_timeout=unbounded", "--invariants", "NoPhantomRead"), "NoPhantomRead");
    expect(r.violated).toBe("readThenLost");
  });
  it("R2: the semi-sync timeout returns OK without an ACK; the row is lost on failover", () => {
    const r = reproduces(conform("mariadb", "mariadb-10.11-defaults", ...base, "--set", "env.killWaiters=false", "--set", "rpl_semi_sync_master_wait_point=AFTER_SYNC", "--invariants", "NoAckedLoss"), "NoAckedLoss");
    expect(r.violated).toBe("ackedWritesLost");
  });
  it("R3: a killed AFTER_SYNC waiter returns OK without an ACK; the row is lost on failover", () => {
    const r = reproduces(conform("mariadb", "mariadb-10.11-defaults", "--set", "rpl_semi_sync_master_wait_point=AFTER_SYNC", "--set", "rpl_semi_sync_master_timeout=unbounded", "--invariants", "NoAckedLoss"), "NoAckedLoss");
    expect(r.violated).toBe("ackedWritesLost");
  });
  it("R5: the old primary rejoins with errant transactions", () => {
    const r = reproduces(conform("mariadb", "mariadb-10.11-defaults", ...base, "--set", "gtid_strict_mode=true", "--invariants", "NoErrantTransactions"), "NoErrantTransactions");
    expect(r.violated).toBe("divergedHistories");
  });
  it("lossless-strict: no violation and no divergence over 20 histories, histories per minute printed", () => {
    const r = cli(conform("mariadb", "lossless-strict", "--set", "client.commitTimeoutMs=1500", "--max-steps", "25", "--runs", "20"));
    expect(r.status, r.stdout.slice(-3000)).toBe(0);
    expect(r.stdout).toMatch(/^20 histories in [\d.]+ s \(\d+ ms per history, [\d.]+ per minute\): no violation, no divergence$/m);
    expect(leftovers(startedIn(r.stdout).dirs)).toEqual([]);
  });
});

describe("PostgreSQL 15", () => {
  it("R9: a cancelled synchronous wait commits locally, is acknowledged, and is lost on failover", () => {
    const r = reproduces(conform("postgres", "postgres-15-sync", "--set", "client.retries=0", "--invariants", "NoAckedLoss"), "NoAckedLoss");
    expect(r.violated).toBe("ackedWritesLost");
  });
  it("R11: a promoted standby keeps synchronous_standby_names and writes block", () => {
    reproduces(conform("postgres", "postgres-15-sync", "--set", "cluster.nodes=2", "--set", "failover.rejoin=rewind", "--set", "client.commitTimeoutMs=3000", "--set", "client.retries=0", "--invariants", "CommitTerminates"), "CommitTerminates");
  });
  it("postgres-lossless: no violation and no divergence over 20 histories", () => {
    const r = cli(conform("postgres", "postgres-lossless", "--set", "client.commitTimeoutMs=1500", "--max-steps", "25", "--runs", "20"));
    expect(r.status, r.stdout.slice(-3000)).toBe(0);
    expect(r.stdout).toMatch(/^20 histories in [\d.]+ s \(\d+ ms per history, [\d.]+ per minute\): no violation, no divergence$/m);
    expect(leftovers(startedIn(r.stdout).dirs)).toEqual([]);
  });
});

describe.each(["mariadb", "postgres"])("%s: SIGINT", (adapter) => {
  it("stops the run and leaves no server behind", async () => {
    const preset = adapter === "mariadb" ? "lossless-strict" : "postgres-lossless";
    const child = spawn(process.execPath, [BIN, ...conform(adapter, preset, "--runs", "20")], { cwd: scratch() });
    let out = "";
    await new Promise<void>((done, fail) => {
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        if (startedIn(out).pids.length >= 2) done();
      });
      child.on("exit", () => fail(new Error(`exited before starting its servers: ${out}`)));
    });
    child.kill("SIGINT");
    const code = await new Promise<number | null>((done) => child.on("exit", (c) => done(c)));
    expect(code).toBe(130);
    await new Promise((r) => setTimeout(r, 500));
    expect(leftovers(startedIn(out).dirs)).toEqual([]);
  });
});
