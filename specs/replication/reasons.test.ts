/**
 * Tests that commit replies and node faults carry closed reasons: the model gives every reason
 * in some history, `commitReasonKind` and `nodeFaultKind` read back from each sentence the reason
 * the state and the event gave (checked against the state, not the text), and every sentence the
 * model writes is one the trace schema decodes.
 */
import fc from "fast-check";
import { Schema } from "effect";
import { describe, expect, it } from "vitest";
import { buildConfig } from "../../conformance/kits/config.ts";
import { kits } from "../../conformance/kits/index.ts";
import { ReplicationOutputSchema } from "../../conformance/kits/replication/schema.ts";
import type { FlatConfig } from "../../model/core/knobs.ts";
import { nodeId } from "../../model/core/ids.ts";
import { steps } from "../../model/core/run.ts";
import { replicationProtocol as P, type CommitReason, type NodeFault, type ReplConfig, type ReplEvent, type ReplOutput, type ReplState } from "../../model/replication/index.ts";
import { commitReasonKind, describeCommitReason, describeNodeFault, nodeFaultKind, serverReply } from "../../model/replication/reasons.ts";
import { primaryOf } from "../../model/replication/state.ts";

const everyCommitReason: readonly CommitReason[] = [
  { type: "NoPrimary" }, { type: "PrimaryCrashed" }, { type: "ClientGaveUp" }, { type: "ClientTimedOut", ms: 60_000 },
  { type: "LocalCommitLevel", level: "off" }, { type: "LocalCommitLevel", level: "local" }, { type: "NoSyncStandby" },
  { type: "SemiSyncOff" }, { type: "NoReplicaNoWait" },
  ...(["off", "local", "remote_write", "on", "remote_apply"] as const).map((level): CommitReason => ({ type: "StandbyConfirmed", level })),
  { type: "SemiSyncAcked" }, { type: "SemiSyncTimedOut" }, { type: "WaitKilled", postgres: true }, { type: "WaitKilled", postgres: false },
];
const everyNodeFault: readonly NodeFault[] = [
  { type: "Crashed" }, { type: "Restarted" }, { type: "CameBackAsPrimary" },
  { type: "Rejoined", source: nodeId(0), rewound: true }, { type: "Rejoined", source: nodeId(2), rewound: false },
  { type: "IoThread", running: true }, { type: "IoThread", running: false }, { type: "PromotionFailed", error: "ER_SPECIFIC_ACCESS_DENIED" },
];

type Step = { readonly config: ReplConfig; readonly before: ReplState; readonly after: ReplState; readonly event: ReplEvent };
type Replied = Extract<ReplOutput, { type: "CommitReplied" }>;
type Faulted = Extract<ReplOutput, { type: "NodeFault" }>;

/** What the state and the event say about why a commit's client was told what it was told. */
function commitReasonHolds(kind: CommitReason["type"] | "ServerReply", o: Replied, { config, before, after, event }: Step): boolean {
  const pg = config.flavour === "postgres";
  const trx = after.trx.find((t) => t.id === o.id);
  switch (kind) {
    case "NoPrimary": return o.outcome === "error" && primaryOf(before) === null;
    case "PrimaryCrashed": return o.outcome === "unknown" && event.type === "NodeCrashed" && !after.nodes[o.node]!.up;
    case "ClientGaveUp": return o.outcome === "unknown" && event.type === "ClientGaveUp";
    case "ClientTimedOut": return o.outcome === "unknown" && event.type === "TimeAdvanced" && trx !== undefined && after.nowMs - trx.startedMs >= config.commitBoundMs;
    case "LocalCommitLevel": return pg && (config.synchronousCommit === "off" || config.synchronousCommit === "local");
    case "NoSyncStandby": return pg && config.synchronousCommit !== "off" && config.synchronousCommit !== "local";
    case "SemiSyncOff": return !pg && !before.nodes[o.node]!.semisync.on && trx?.counted === "no";
    case "NoReplicaNoWait": return !pg && !config.waitNoSlave && trx?.counted === "no";
    case "StandbyConfirmed": return pg && before.waiters.some((w) => w.id === o.id);
    case "SemiSyncAcked": return !pg && trx?.counted === "yes";
    case "SemiSyncTimedOut": return !pg && trx?.counted === "no" && !after.nodes[o.node]!.semisync.on;
    case "WaitKilled": return event.type === "WaiterKilled";
    case "ServerReply": return false;
  }
}

/** What the state says about a node fault. */
function nodeFaultHolds(kind: NodeFault["type"], o: Faulted, { before, after }: Step): boolean {
  const [b, a] = [before.nodes[o.node]!, after.nodes[o.node]!];
  switch (kind) {
    case "Crashed": return b.up && !a.up;
    case "Restarted": return !b.up && a.up;
    case "CameBackAsPrimary": return a.up && a.writable;
    case "Rejoined": return a.up && !a.writable && a.source !== null && o.fault.includes(` n${a.source + 1} `);
    case "IoThread": return a.ioRunning === o.fault.endsWith("started");
    case "PromotionFailed": return false;
  }
}

/** Presets, and the settings that reach the reasons no preset does. */
const settings: readonly [string, FlatConfig][] = [
  ...P.presets.map((p): [string, FlatConfig] => [p.name, {}]),
  ["mariadb-10.11-defaults", { rpl_semi_sync_master_wait_no_slave: false, "failover.rejoin": "rewind" }],
  ["mariadb-10.11-defaults", { "failover.rejoin": "primary", "client.commitTimeoutMs": 100 }],
  ["postgres-15-sync", { synchronous_commit: "local" }],
  ["postgres-15-sync", { synchronous_commit: "off", synchronous_standby_names: "" }],
  ["postgres-15-sync", { synchronous_standby_names: "" }],
];

describe("replication: commit reasons and node faults", () => {
  it("each reason has its own sentence, and the sentence reads back as that reason", () => {
    expect(new Set(everyCommitReason.map(describeCommitReason)).size).toBe(everyCommitReason.length);
    for (const r of everyCommitReason) expect(commitReasonKind(describeCommitReason(r))).toBe(r.type);
    expect(new Set(everyNodeFault.map(describeNodeFault)).size).toBe(everyNodeFault.length);
    for (const f of everyNodeFault) expect(nodeFaultKind(describeNodeFault(f))).toBe(f.type);
    expect(commitReasonKind(serverReply("INSERT 0 1"))).toBe("ServerReply");
  });

  it("the model gives every reason, and each sentence names the reason the state and the event gave", () => {
    const decode = Schema.decodeUnknownSync(ReplicationOutputSchema);
    const commits = new Set<string>();
    const faults = new Set<string>();
    for (const [preset, sets] of settings) {
      const config = P.configFromFlat(buildConfig(P, preset, sets));
      for (const events of fc.sample(kits.replication.histories(config, { maxSteps: 60 }), { numRuns: 40, seed: 3 })) {
        for (const step of steps(P, config, events)) {
          for (const o of step.outputs) {
            if (o.type === "CommitReplied") {
              const kind = commitReasonKind(o.why);
              expect(commitReasonHolds(kind, o, step), `${o.why} after ${step.event.type}`).toBe(true);
              commits.add(kind);
            } else if (o.type === "NodeFault") {
              const kind = nodeFaultKind(o.fault);
              expect(nodeFaultHolds(kind, o, step), `${o.fault} after ${step.event.type}`).toBe(true);
              faults.add(kind);
            } else continue;
            expect(decode(o)).toEqual(o);
          }
        }
      }
    }
    expect([...commits].sort()).toEqual([...new Set(everyCommitReason.map((r) => r.type))].sort());
    // A refused promotion is what a real server reports; the model's promotions succeed.
    expect([...faults].sort()).toEqual([...new Set(everyNodeFault.map((f) => f.type))].filter((t) => t !== "PromotionFailed").sort());
  });

  it("the trace schema decodes every fault sentence and refuses one the model never writes", () => {
    const decode = Schema.decodeUnknownResult(ReplicationOutputSchema);
    for (const f of everyNodeFault) expect(decode({ type: "NodeFault", node: 1, fault: describeNodeFault(f) })._tag).toBe("Success");
    expect(decode({ type: "NodeFault", node: 1, fault: "rejoined as a replica of n1 somehow" })._tag).toBe("Failure");
    expect(decode({ type: "NodeFault", node: 1, fault: "crashed hard" })._tag).toBe("Failure");
  });
});
