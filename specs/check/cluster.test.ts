/**
 * `haspec check --protocol cluster`: the composed space searched breadth first. Under MaxScale's
 * replay over MySQL semi-sync with its 10 s timeout it finds the catalogue's NoAckedLoss (C1's
 * story: the replica stops fetching, the commit is acknowledged after the timeout, the primary
 * crashes) with a shortest trace that replays; a hot-standby PolarDB passes, and the pass is not
 * vacuous for the invariants shared storage can reach. The workload is narrowed to one session
 * and the kinds these stories use, so that CI runs it in seconds.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkExhaustive } from "../../conformance/explore/check.ts";
import { buildConfig } from "../../conformance/kits/config.ts";
import { kits } from "../../conformance/kits/index.ts";
import { cli, scratch } from "../cli/run-cli.ts";

const narrow = {
  "workload.sessions": 1, "workload.blindWrites": false, "workload.autoIncInserts": false, "workload.nondeterministicReads": false,
  "workload.implicitCommits": false, "workload.tmpTables": false, "env.maxClockDriftPpm": 0,
};
const sets = Object.entries(narrow).flatMap(([k, v]) => ["--set", `${k}=${v}`]);
const kit = kits.cluster;

describe("check on the cluster", () => {
  it("rds-ha-maxscale-replay: NoAckedLoss, with a shortest trace that replays", () => {
    const dir = scratch();
    const file = join(dir, "c1.json");
    const r = cli(["check", "--protocol", "cluster", "--preset", "rds-ha-maxscale-replay", ...sets, "--out", file, "--json"], dir);
    expect(r.status).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ violated: "NoAckedLoss", traceFile: file });
    const replay = cli(["replay", file, "--json"], dir);
    expect(JSON.parse(replay.stdout)).toMatchObject({ violated: "NoAckedLoss", step: json.step, matchesRecorded: true });
    const shallower = checkExhaustive({ kit, flatConfig: buildConfig(kit.model, "rds-ha-maxscale-replay", narrow), depth: json.step, maxStates: 10_000_000 });
    expect(shallower).toMatchObject({ violation: null, complete: true, depthReached: json.step });
  });

  it("polardb-hot-standby: safe to depth 8, with its election, failover and statement-carrying witnesses reached", () => {
    const r = checkExhaustive({ kit, flatConfig: buildConfig(kit.model, "polardb-hot-standby", { ...narrow, "env.partitions": false }), depth: 8, maxStates: 10_000_000 });
    expect(r.violation).toBeNull();
    expect(r.complete).toBe(true);
    const reached = (invariant: string): boolean =>
      kit.model.witnesses.some((w) => w.invariant.name === invariant && (r.witnesses[w.name] ?? 0) > 0);
    for (const invariant of ["SingleLeaseHolder", "EventualTakeover", "AtMostOnceEffects", "NoReplayToStaleLeader", "BoundedFailoverTime"]) expect(reached(invariant), invariant).toBe(true);
  });
});
