/** Tests the explore → trace → replay loop through the real command line (acceptance of issue 2). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MODEL_VERSION } from "../../model/core/version.ts";
import { cli, scratch } from "./run-cli.ts";

const EXPLORE = ["explore", "--protocol", "lease", "--preset", "etcd-lock-no-fencing", "--seed", "1", "--json"];

describe("haspec explore / replay", () => {
  const dir = scratch();
  const first = cli(EXPLORE, dir);
  const report = JSON.parse(first.stdout) as Record<string, unknown>;

  it("exits 1 naming FencedWrites and writes a trace", () => {
    expect(first.status).toBe(1);
    expect(report).toMatchObject({ violated: "FencedWrites", seed: 1 });
    expect(report["traceFile"]).toBe("haspec-traces/lease-etcd-lock-no-fencing-seed1.json");
    const trace = JSON.parse(readFileSync(join(dir, report["traceFile"] as string), "utf8"));
    expect(trace).toMatchObject({ format: "haspec-trace", version: 2, model: MODEL_VERSION, protocol: "lease", violation: { invariant: "FencedWrites", step: report["step"] } });
    expect(trace.config["lease.fencing"]).toBe("none");
    expect(Object.keys(trace.config).length).toBeGreaterThan(10);
  });

  it("replay reports the same invariant at the same step", () => {
    const r = cli(["replay", join(dir, report["traceFile"] as string), "--json"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toMatchObject({ violated: "FencedWrites", step: report["step"], matchesRecorded: true });
  });

  it("the same seed twice gives byte-identical trace files", () => {
    const other = scratch();
    const again = cli([...EXPLORE, "--out", "again.json"], other);
    expect(again.status).toBe(1);
    expect(readFileSync(join(other, "again.json"))).toEqual(readFileSync(join(dir, report["traceFile"] as string)));
  });

  it("prints the seed and a timeline with the violating step marked", () => {
    const r = cli(EXPLORE.filter((a) => a !== "--json"));
    expect(r.stdout).toMatch(/seed 1/);
    expect(r.stdout).toMatch(/^>>\s*\d+ /m);
    expect(r.stdout).toMatch(/FencedWrites violated/);
  });

  it("a safe preset exits 0 and says how many runs it did", () => {
    const r = cli(["explore", "--protocol", "lease", "--preset", "vds-fenced", "--seed", "4", "--runs", "500", "--json"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ violated: null, runs: 500, seed: 4, traceFile: null });
  });

  it("show draws one lane per node", () => {
    const r = cli(["show", join(dir, report["traceFile"] as string)]);
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n")[0]).toMatch(/n1\s+n2\s+n3/);
  });
});

describe("haspec explore / replay, replication", () => {
  it("mariadb-10.11-defaults exits 1 naming the invariant, and replay reproduces it", () => {
    const dir = scratch();
    const r = cli(["explore", "--protocol", "replication", "--preset", "mariadb-10.11-defaults", "--seed", "1", "--json"], dir);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.violated).toMatch(/^(NoAckedLoss|NoPhantomRead|NoErrantTransactions|NoAckedLoss_yesOnly)$/);
    const replay = cli(["replay", join(dir, report.traceFile), "--json"]);
    expect(replay.status).toBe(1);
    expect(JSON.parse(replay.stdout)).toMatchObject({ violated: report.violated, step: report.step, matchesRecorded: true });
  });
});

describe("haspec conform --adapter model --protocol replication", () => {
  it("the client-history checkers see the model's R1 from the outside: a row read, then lost", () => {
    const r = cli(["conform", "--adapter", "model", "--protocol", "replication", "--preset", "mariadb-10.11-defaults", "--invariants", "NoPhantomRead", "--seed", "2", "--runs", "5", "--json"]);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ violated: "readThenLost", predicted: "NoPhantomRead", divergence: null });
  });

  it("lossless-strict: 20 histories, no anomaly, no divergence", () => {
    const r = cli(["conform", "--adapter", "model", "--protocol", "replication", "--preset", "lossless-strict", "--seed", "2", "--runs", "20", "--json"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ violated: null, divergence: null, runs: 20 });
  });
});
