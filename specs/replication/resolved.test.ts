/**
 * Tests that replication events as taken (resolveReplEvent) say what the model decided: they
 * replay to the same run and resolve again to themselves, a resolved failover names the node
 * that became the primary (or null when none could), a resolved crash says whether the node went
 * down, and a resolved restart says how it came back. Adapters act on these fields alone.
 */
import { describe, expect } from "vitest";
import { test } from "@fast-check/vitest";
import { buildConfig } from "../../conformance/kits/config.ts";
import { kits } from "../../conformance/kits/index.ts";
import { replicationProtocol as P } from "../../model/replication/index.ts";
import { primaryOf } from "../../model/replication/state.ts";
import { expectResolvedReplay, fold, presetAndHistory as presetAndHistoryOf } from "../fold.ts";

const configs = new Map(P.presets.map((p) => [p.name, P.configFromFlat(buildConfig(P, p.name, {}))]));
const presetAndHistory = presetAndHistoryOf(kits.replication, configs, 60);
const params = { numRuns: 300, seed: 11, endOnFailure: true };

describe("replication: events as taken", () => {
  test.prop([presetAndHistory], params)("replay to the same run, and resolve again to themselves", ({ config, events }) => {
    expectResolvedReplay((h) => fold(P, config, h), events, expect);
  });

  test.prop([presetAndHistory], params)("say which node failover promoted, whether a crash happened and how a restart came back", ({ config, events }) => {
    const run = fold(P, config, events);
    run.resolved.forEach((e, k) => {
      const [before, after] = [run.states[k]!, run.states[k + 1]!];
      if (e.type === "FailoverPromoted") {
        expect(e.node).toBe(primaryOf(before) === null ? primaryOf(after) : null);
        expect(run.outputs[k]!.filter((o) => o.type === "Promoted")).toEqual(e.node === null ? [] : [{ type: "Promoted", node: e.node }]);
      }
      if (e.type === "NodeCrashed") expect(e.crashed).toBe(before.nodes[e.node]!.up && !after.nodes[e.node]!.up);
      if (e.type === "NodeRestarted") {
        expect(e.restart === null).toBe(before.nodes[e.node]!.up || !after.nodes[e.node]!.up);
        if (e.restart !== null && e.restart !== undefined) expect(e.restart.as === "primary").toBe(after.nodes[e.node]!.writable);
      }
    });
  });
});
