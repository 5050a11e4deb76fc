/**
 * Tests that the cluster reducer is total and deterministic on generated histories for every
 * preset, that resolved events replay to the same run, that the three parts it composes share
 * one clock and agree on the primary whenever no failover is under way, and that a trace of a
 * cluster run survives the round trip through a file.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect } from "vitest";
import { test } from "@fast-check/vitest";
import { expectDeterministic, expectResolvedReplay, fold as foldWith, presetAndHistory as presetAndHistoryOf } from "../fold.ts";
import type { ClusterConfig, ClusterEvent } from "../../model/cluster/index.ts";
import { primaryOf } from "../../model/replication/state.ts";
import { buildConfig } from "../../conformance/kits/config.ts";
import { kits } from "../../conformance/kits/index.ts";
import { buildTrace } from "../../conformance/trace/build.ts";
import { readTrace } from "../../conformance/kits/load.ts";
import { writeTrace } from "../../conformance/trace/file.ts";
import { C } from "./helpers.ts";

const kit = kits.cluster;
const presetNames = C.presets.map((p) => p.name);
const flatConfigs = new Map(presetNames.map((name) => [name, buildConfig(C, name, {})]));
const configs = new Map(presetNames.map((name) => [name, C.configFromFlat(flatConfigs.get(name)!)]));

const presetAndHistory = presetAndHistoryOf(kit, configs, 60);


const fold = (config: ClusterConfig, events: readonly ClusterEvent[]) => foldWith(C, config, events);

// The cluster steps three reducers per event and advances time through many instants: keep runs modest.
const params = { numRuns: 300, seed: 7, endOnFailure: true };

describe("cluster: the reducer is total and deterministic", () => {
  describe.each(presetNames)("%s", (name) => {
    const config = configs.get(name)!;
    const histories = kit.histories(config, { maxSteps: 100 });
    test.prop([histories], { ...params, numRuns: 60 })("folds any generated history of up to 100 events without throwing", (events) => {
      expect(fold(config, events).states).toHaveLength(events.length + 1);
    });
  });

  test.prop([presetAndHistory], params)("any history of any preset folds without throwing, twice to byte-identical results", ({ config, events }) => {
    expectDeterministic((h) => fold(config, h), events, expect);
  });

  test.prop([presetAndHistory], params)("resolved events replay to the same run, and resolve again to themselves", ({ config, events }) => {
    expectResolvedReplay((h) => fold(config, h), events, expect);
  });
});

describe("cluster: the parts stay coupled", () => {
  test.prop([presetAndHistory], params)("the cluster, election, replication and the proxy read the same true time after every step", ({ config, events }) => {
    const { states } = fold(config, events);
    for (const [k, s] of states.entries()) {
      const clocks = { cluster: s.nowMs, lease: s.lease.nowMs, repl: s.repl?.nowMs ?? s.nowMs, proxy: s.proxy.nowMs };
      expect(clocks, `after step ${k - 1}`).toEqual({ cluster: s.nowMs, lease: s.nowMs, repl: s.nowMs, proxy: s.nowMs });
      if (k > 0) expect(s.nowMs).toBeGreaterThanOrEqual(states[k - 1]!.nowMs);
    }
  });

  test.prop([presetAndHistory], params)(
    "with no failover under way the proxy routes to the cluster's primary, and replication (rds-ha) has it as its primary",
    ({ config, events }) => {
      const { states } = fold(config, events);
      for (const [k, s] of states.entries()) {
        // A primary and a failover never coexist: the primary is null exactly while one runs.
        expect(s.primary === null, `after step ${k - 1}`).toBe(s.failover !== null);
        if (s.failover !== null || s.primary === null) continue;
        expect(s.proxy.primary, `after step ${k - 1}`).toBe(s.primary);
        if (s.repl !== null) expect(primaryOf(s.repl), `after step ${k - 1}`).toBe(s.primary);
      }
    },
  );

  test.prop([presetAndHistory], params)("clients reach only the primary: every statement executes on the node the cluster has as primary", ({ config, events }) => {
    const { states, outputs } = fold(config, events);
    for (const [k, step] of outputs.entries()) {
      for (const o of step) {
        if (o.type !== "Proxy" || o.output.type !== "Executed") continue;
        expect(o.output.node, `statement #${o.output.stmt.id} at step ${k}`).toBe(states[k + 1]!.primary);
      }
    }
  });

  test.prop([presetAndHistory], params)("every completed failover's parts add up to its total, and only a failover opens a primary", ({ config, events }) => {
    const { states, outputs } = fold(config, events);
    for (const [k, step] of outputs.entries()) {
      for (const o of step) {
        if (o.type !== "FailoverCompleted") continue;
        expect(o.detectionMs + o.electionMs + o.recoveryMs).toBe(o.totalMs);
        expect(Math.min(o.detectionMs, o.electionMs, o.recoveryMs)).toBeGreaterThanOrEqual(0);
        expect(states[k + 1]!.primary).toBe(o.node);
      }
      if (states[k]!.primary === null && states[k + 1]!.primary !== null) expect(step.map((o) => o.type)).toContain("FailoverCompleted");
    }
  });
});

describe("cluster: traces", () => {
  const dir = mkdtempSync(join(tmpdir(), "haspec-cluster-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;

  test.prop([presetAndHistory], { ...params, numRuns: 50 })("a built trace written to a file reads back with the same events, outputs and verdict", ({ name, events }) => {
    const trace = buildTrace({ kit, preset: name, flatConfig: flatConfigs.get(name)!, invariants: undefined, seed: 7, events });
    const path = join(dir, `trace-${n++}.json`);
    writeTrace(path, trace);
    const back = readTrace(path);
    expect(back.protocol).toBe("cluster");
    expect(back.preset).toBe(name);
    expect(back.events).toEqual(events);
    expect(JSON.stringify(back.outputs)).toBe(JSON.stringify(trace.outputs));
    expect(back.violation).toEqual(trace.violation);
  });
});
