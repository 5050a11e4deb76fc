/**
 * Tests that a write refusal is a closed reason: the model refuses for each reason in some
 * history, `writeRefusalKind` reads back from each sentence the reason the node's state gave
 * (not leader, lease run out by its own clock, storage unreachable, checked in that order), and
 * every sentence the model writes is one the trace schema decodes.
 */
import fc from "fast-check";
import { Schema } from "effect";
import { describe, expect, it } from "vitest";
import { buildConfig } from "../../conformance/kits/config.ts";
import { kits } from "../../conformance/kits/index.ts";
import { LeaseOutputSchema } from "../../conformance/kits/lease/schema.ts";
import { steps } from "../../model/core/run.ts";
import { nodeId } from "../../model/core/ids.ts";
import { requestWrite } from "../../model/lease/client.ts";
import { leaseProtocol as P, type LeaseFault, type LeaseNode, type LeaseOutput, type WriteRefusal } from "../../model/lease/index.ts";
import { describeLeaseFault, describeWriteRefusal, writeRefusalKind } from "../../model/lease/reasons.ts";
import { believesLeader } from "../../model/lease/state.ts";

/** The reason the node's state before the request gives, by the rule client.ts states. */
function refusalFromState(n: LeaseNode): WriteRefusal["type"] | null {
  if (n.role !== "Leader") return "NotLeader";
  if (!believesLeader(n)) return "LeaseExpired";
  return n.storageReachable ? null : "StorageUnreachable";
}

const every: readonly WriteRefusal[] = [
  { type: "NotLeader", role: "Follower" },
  { type: "NotLeader", role: "Observer" },
  { type: "LeaseExpired" },
  { type: "StorageUnreachable" },
];

describe("lease: write refusals", () => {
  it("each reason has its own sentence, and the sentence reads back as that reason", () => {
    expect(new Set(every.map(describeWriteRefusal)).size).toBe(every.length);
    for (const r of every) expect(writeRefusalKind(describeWriteRefusal(r))).toBe(r.type);
  });

  it("the model refuses for every reason, and each sentence names the reason the node's state gave", () => {
    const decode = Schema.decodeUnknownSync(LeaseOutputSchema);
    const seen = new Set<string>();
    for (const preset of P.presets) {
      const config = P.configFromFlat(buildConfig(P, preset.name, {}));
      for (const events of fc.sample(kits.lease.histories(config, { maxSteps: 80 }), { numRuns: 60, seed: 5 })) {
        for (const { before, event, outputs } of steps(P, config, events)) {
          for (const o of outputs) {
            if (o.type === "NodeFault") expect(decode(o)).toEqual(o);
            if (o.type !== "WriteRefused") continue;
            expect(event.type).toBe("LeaderWriteRequested");
            const kind = writeRefusalKind(o.why);
            expect(kind).toBe(refusalFromState(before.nodes[o.node]!));
            expect(decode(o)).toEqual(o);
            seen.add(kind);
          }
        }
      }
    }
    // A node's loop steps down the instant its lease runs out by its own clock, before any request
    // can find it leading on an expired lease: that refusal is the next test's, from a state.
    expect([...seen].sort()).toEqual(["NotLeader", "StorageUnreachable"]);
  });

  it("a leader whose lease ran out by its own clock, before its loop noticed, refuses for that reason", () => {
    const config = P.configFromFlat(buildConfig(P, "vds-fenced", {}));
    const init = P.init(config);
    const leader = init.nodes[0]!;
    const expired = { ...init, nodes: init.nodes.map((n, i) => (i === 0 ? { ...n, localNs: leader.lease!.deadlineNs } : n)) };
    const out: LeaseOutput[] = [];
    requestWrite(config, expired, nodeId(0), "data", out);
    expect(out).toEqual([{ type: "WriteRefused", node: 0, target: "data", why: "lease expired on its own clock" }]);
    expect(writeRefusalKind((out[0] as Extract<LeaseOutput, { type: "WriteRefused" }>).why)).toBe(refusalFromState(expired.nodes[0]!));
  });

  it("each fault has its own sentence, and the trace schema decodes every one", () => {
    const decode = Schema.decodeUnknownResult(LeaseOutputSchema);
    const faults: readonly LeaseFault[] = [
      { type: "Paused", ms: 1500 }, { type: "Resumed" }, { type: "Crashed" }, { type: "Restarted" }, { type: "StoragePartitioned" }, { type: "StorageHealed" },
      { type: "ClockRateChanged", ppm: 200 }, { type: "ClockRateChanged", ppm: 0 }, { type: "ClockRateChanged", ppm: -150 },
      { type: "ClockJumped", ms: 300 }, { type: "ClockJumped", ms: 0 }, { type: "ClockJumped", ms: -40 },
    ];
    const sentences = faults.map(describeLeaseFault);
    expect(new Set(sentences).size).toBe(faults.length);
    expect(sentences.slice(6)).toEqual(["clock rate +200 ppm", "clock rate +0 ppm", "clock rate -150 ppm", "clock jumped +300 ms", "clock jumped 0 ms", "clock jumped -40 ms"]);
    for (const fault of sentences) expect(decode({ type: "NodeFault", node: 0, fault })._tag).toBe("Success");
    expect(decode({ type: "NodeFault", node: 0, fault: "clock jumped far" })._tag).toBe("Failure");
  });

  it("the trace schema refuses a sentence the model never writes", () => {
    const decode = Schema.decodeUnknownResult(LeaseOutputSchema);
    const o = { type: "WriteRefused", node: 0, target: "data", why: "storage unreachable" };
    expect(decode(o)._tag).toBe("Success");
    expect(decode({ ...o, why: "storage is unreachable" })._tag).toBe("Failure");
  });
});
