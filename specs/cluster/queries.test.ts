/**
 * Tests that the questions the cluster asks its parts agree with what the parts' own reducers
 * then do: the cluster asks instead of stepping a part to find out, so an answer that drifted
 * from the reducer would silently change the composition. Each law is checked on every state of
 * generated histories: replication's on replication's own presets (which include
 * `failover.promote=most-advanced`, which the cluster never uses), election's on the cluster's.
 */
import { describe, expect } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { nodeIds } from "../../model/core/ids.ts";
import { electionNews } from "../../model/lease/election.ts";
import { releasable } from "../../model/lease/release.ts";
import { nextDueMs as leaseDueMs } from "../../model/lease/schedule.ts";
import { stepLease } from "../../model/lease/step.ts";
import { acceptsCrash, promotable } from "../../model/replication/failover.ts";
import { nextCommitId } from "../../model/replication/primary.ts";
import { nextDueMs as replDueMs, stepPromotion, stepReplication } from "../../model/replication/step.ts";
import type { ReplOutput } from "../../model/replication/index.ts";
import { buildConfig } from "../../conformance/kits/config.ts";
import { kits } from "../../conformance/kits/index.ts";
import type { Ev, ProtocolKit } from "../../conformance/kits/kit.ts";
import { fold } from "../fold.ts";

const params = { numRuns: 40, seed: 13, endOnFailure: true };

function configsOf<C, S, E extends Ev, O>(kit: ProtocolKit<C, S, E, O>): Map<string, C> {
  const p = kit.model;
  return new Map(p.presets.map((preset) => [preset.name, p.configFromFlat(buildConfig(p, preset.name, {}))]));
}

/** Every state a generated history of the kit's protocol passes through, with its config. */
function statesOf<C, S, E extends Ev, O>(kit: ProtocolKit<C, S, E, O>, maxSteps: number): fc.Arbitrary<{ config: C; states: readonly S[] }> {
  const configs = configsOf(kit);
  return fc.constantFrom(...configs.keys()).chain((preset) => {
    const config = configs.get(preset)!;
    return kit.histories(config, { maxSteps }).map((events) => ({ config, states: fold(kit.model, config, events).states }));
  });
}

const replStates = statesOf(kits.replication, 60);
const clusterStates = statesOf(kits.cluster, 60);
const promoted = (outputs: readonly ReplOutput[]): number | null => outputs.find((o) => o.type === "Promoted")?.node ?? null;

describe("replication answers what its reducer then does", () => {
  test.prop([replStates], params)("acceptsCrash: NodeCrashed takes the node down exactly when it says so", ({ config, states }) => {
    for (const s of states) {
      for (const n of nodeIds(s.nodes.length)) {
        const after = stepReplication(config, s, { type: "NodeCrashed", node: n }).state;
        expect(acceptsCrash(config, s, n)).toBe(s.nodes[n]!.up && !after.nodes[n]!.up);
      }
    }
  });

  test.prop([replStates], params)("promotable: some pick promotes the node exactly when it says so, and stepPromotion is that step", ({ config, states }) => {
    for (const s of states) {
      for (const n of nodeIds(s.nodes.length)) {
        const picks = s.nodes.map((_, pick) => stepReplication(config, s, { type: "FailoverPromoted", pick }));
        const naming = picks.find((t) => promoted(t.outputs) === n);
        expect(promotable(config, s, n)).toBe(naming !== undefined);
        if (naming !== undefined) expect(JSON.stringify(stepPromotion(config, s, n))).toBe(JSON.stringify(naming));
      }
    }
  });

  test.prop([replStates], params)("nextCommitId: the id a client commit is issued under, or null when it is refused", ({ config, states }) => {
    for (const s of states) {
      const issued = stepReplication(config, s, { type: "ClientCommitRequested" }).outputs.find((o) => o.type === "CommitIssued");
      expect(nextCommitId(s)).toBe(issued?.type === "CommitIssued" ? issued.id : null);
    }
  });

  test.prop([replStates], params)("nextDueMs: time stops there, and nowhere before it", ({ config, states }) => {
    for (const s of states) {
      const far = 10 * 3_600_000;
      const to = stepReplication(config, s, { type: "TimeAdvanced", maxMs: far }).state.nowMs;
      expect(to).toBe(Math.min(s.nowMs + far, replDueMs(config, s)));
    }
  });
});

describe("election answers what its reducer then does", () => {
  test.prop([clusterStates], params)("releasable: LeaseReleased deposes the node exactly when it says so", ({ config, states }) => {
    for (const { lease } of states) {
      for (const n of nodeIds(lease.nodes.length)) {
        const t = stepLease(config.lease, lease, { type: "LeaseReleased", node: n });
        expect(releasable(lease, n)).toBe(t.outputs.some((o) => o.type === "RoleChanged" && o.node === n));
      }
    }
  });

  test.prop([clusterStates], params)("nextDueMs: time stops there, and nowhere before it", ({ config, states }) => {
    for (const { lease } of states) {
      const far = 10 * 3_600_000;
      const to = stepLease(config.lease, lease, { type: "TimeAdvanced", maxMs: far }).state.nowMs;
      expect(to).toBe(Math.min(lease.nowMs + far, leaseDueMs(lease)));
    }
  });

  test.prop([clusterStates], params)("election news: one per acquire CAS issued and per role change, in order", ({ config, states }) => {
    for (const { lease } of states) {
      const t = stepLease(config.lease, lease, { type: "TimeAdvanced", maxMs: 1_000 });
      const expected = t.outputs.flatMap((o) =>
        o.type === "RoleChanged" ? [`${o.role === "Leader" ? "Elected" : "Deposed"}:${o.node}`] : o.type === "CasIssued" && o.purpose === "acquire" ? [`AcquireIssued:${o.node}`] : []);
      expect(electionNews(t.outputs).map((n) => `${n.type}:${n.node}`)).toEqual(expected);
    }
  });
});
