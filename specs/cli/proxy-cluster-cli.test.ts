/**
 * The explore → trace → replay loop for the proxy and the cluster through the real command line
 * (acceptance 1 of issue 6), and their bad input: one line, exit status 2.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, scratch } from "./run-cli.ts";

describe.each([
  ["proxy", "maxscale-legacy", "AtMostOnceEffects"],
  ["cluster", "polardb-no-prefetch", "BoundedFailoverTime"],
] as const)("haspec explore --protocol %s --preset %s", (protocol, preset, invariant) => {
  const dir = scratch();
  const args = ["explore", "--protocol", protocol, "--preset", preset, "--seed", "2", "--invariants", invariant, "--json"];
  const first = cli(args, dir);
  const report = JSON.parse(first.stdout) as { violated: string; step: number; traceFile: string };

  it(`finds ${invariant}, writes a trace, and replay reproduces it`, () => {
    expect(first.status).toBe(1);
    expect(report.violated).toBe(invariant);
    const trace = JSON.parse(readFileSync(join(dir, report.traceFile), "utf8")) as { protocol: string; violation: { step: number } };
    expect(trace.protocol).toBe(protocol);
    expect(trace.violation.step).toBe(report.step);
    const r = cli(["replay", join(dir, report.traceFile), "--json"]);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ violated: invariant, step: report.step, matchesRecorded: true });
  });

  it("the same seed twice writes byte-identical traces", () => {
    const other = scratch();
    expect(cli([...args, "--out", "again.json"], other).status).toBe(1);
    expect(readFileSync(join(other, "again.json"))).toEqual(readFileSync(join(dir, report.traceFile)));
  });
});

describe("bad input for the proxy and the cluster", () => {
  it.each([
    [["explore", "--protocol", "cluster", "--set", "cluster.prefetch=redo,warp"], /cluster\.prefetch is not in the form the setting takes/],
    [["explore", "--protocol", "cluster", "--set", "cluster.architecture=galera"], /cluster\.architecture must be one of rds-ha \| polardb/],
    [["explore", "--protocol", "proxy", "--set", "proxy.replayChecksum=md5"], /proxy\.replayChecksum must be one of full \| result_only \| no_insert_id/],
    [["explore", "--protocol", "proxy", "--set", "proxy.retriesOnFailure=9"], /proxy\.retriesOnFailure/],
    [["explore", "--protocol", "cluster", "--set", "failover.promote=any"], /unknown knob failover\.promote/],
    [["explore", "--protocol", "proxy", "--preset", "pgbouncer"], /unknown preset pgbouncer for proxy/],
    [["conform", "--adapter", "etcd", "--protocol", "cluster"], /adapter etcd drives lease, not cluster/],
  ])("%j fails with one line and status 2", (args, message) => {
    const r = cli(args);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});
