/**
 * Tests that shards together do exactly what one process does: `explore --shard i/n --json` on
 * each shard, then `haspec merge`, reports the same violation, run, trace, runs, steps and
 * coverage as one unsharded `explore` (acceptance of issue 7).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, scratch } from "../cli/run-cli.ts";

/** The fields one search reports, whoever ran it (elapsed time and the trace's path aside). */
function comparable(json: string): Record<string, unknown> {
  const { elapsedMs: _e, traceFile: _t, shards: _s, ...rest } = JSON.parse(json) as Record<string, unknown>;
  return rest;
}

function shardsThenMerge(args: readonly string[], count: number, dir: string): { merged: ReturnType<typeof cli>; files: string[] } {
  const files = Array.from({ length: count }, (_, i) => {
    const r = cli([...args, "--shard", `${i}/${count}`, "--out", `shard${i}.trace.json`, "--json"], dir);
    expect(r.status, r.stderr).not.toBe(2);
    writeFileSync(join(dir, `shard${i}.json`), r.stdout);
    return `shard${i}.json`;
  });
  return { merged: cli(["merge", "--json", ...files], dir), files };
}

describe("shards and merge", () => {
  it("a violation: the merged result and the lowest shard's trace equal one process's, byte for byte", () => {
    const args = ["explore", "--protocol", "lease", "--preset", "etcd-lock-no-fencing", "--seed", "5", "--runs", "3000", "--workers", "1"];
    const dir = scratch();
    const whole = cli([...args, "--out", "whole.trace.json", "--json"], dir);
    expect(whole.status, whole.stderr).toBe(1);
    const { merged } = shardsThenMerge(args, 3, dir);
    expect(merged.status, merged.stderr).toBe(1);
    expect(comparable(merged.stdout)).toEqual(comparable(whole.stdout));
    const run = (JSON.parse(merged.stdout) as { violationRun: number }).violationRun;
    const traceFile = (JSON.parse(merged.stdout) as { traceFile: string }).traceFile;
    expect(traceFile).toBe(`shard${run % 3}.trace.json`);
    expect(readFileSync(join(dir, traceFile))).toEqual(readFileSync(join(dir, "whole.trace.json")));
  });

  it("no violation: runs, steps, coverage and failover times add up to one process's", () => {
    const args = ["explore", "--protocol", "cluster", "--preset", "polardb-hot-standby", "--seed", "2", "--runs", "300", "--workers", "1"];
    const dir = scratch();
    const whole = cli([...args, "--json"], dir);
    expect(whole.status, whole.stderr).toBe(0);
    const { merged } = shardsThenMerge(args, 4, dir);
    expect(merged.status, merged.stderr).toBe(0);
    expect(comparable(merged.stdout)).toEqual(comparable(whole.stdout));
    expect(JSON.parse(merged.stdout)).toMatchObject({ runs: 300, shards: 4 });
  });

  it("merge prints the combined result for people, with the counterexample's timeline", () => {
    const args = ["explore", "--protocol", "lease", "--preset", "etcd-lock-no-fencing", "--seed", "1", "--runs", "1000", "--workers", "1"];
    const dir = scratch();
    const { files } = shardsThenMerge(args, 2, dir);
    const r = cli(["merge", ...files], dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^haspec merge: 2 shards of protocol lease, preset etcd-lock-no-fencing, seed 1, 1000 runs/);
    expect(r.stdout).toMatch(/^VIOLATION of FencedWrites at step \d+ after \d+ runs/m);
    expect(r.stdout).toMatch(/^coverage: /m);
    expect(r.stdout).toMatch(/FencedWrites violated/);
  });

  it("bad shard files: one line naming the file, exit 2", () => {
    const args = ["explore", "--protocol", "lease", "--preset", "vds-fenced", "--seed", "1", "--runs", "100", "--workers", "1"];
    const dir = scratch();
    const { files } = shardsThenMerge(args, 2, dir);
    const other = cli([...args.map((a) => (a === "100" ? "200" : a)), "--shard", "1/2", "--json"], dir);
    writeFileSync(join(dir, "other.json"), other.stdout);
    writeFileSync(join(dir, "plain.json"), cli([...args, "--json"], dir).stdout);
    writeFileSync(join(dir, "broken.json"), "{ not json");
    const cases: [string[], RegExp][] = [
      [[files[0]!], /^haspec: shard 1 of 2 missing$/],
      [[files[0]!, files[0]!], /^haspec: shard0\.json: shard 0\/2 again/],
      [[files[0]!, "other.json"], /^haspec: other\.json: another search \(its runs differs/],
      [["plain.json"], /^haspec: plain\.json: not a shard's result/],
      [["broken.json"], /^haspec: broken\.json: not valid JSON/],
      [["absent.json"], /^haspec: absent\.json: cannot read \(ENOENT\)$/],
      [[], /^haspec: merge needs the shards' result FILEs/],
    ];
    for (const [names, message] of cases) {
      const r = cli(["merge", ...names], dir);
      expect(r.status, names.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(message);
    }
  });
});
