/**
 * Tests the proxy sessions' client history (and the cluster's, which reuses it): on the model's
 * own runs, and on hand-made steps where the answer is known exactly (a session closed while its
 * client waits, and Jepsen's fresh process for that session afterwards).
 */
import { describe, expect, it } from "vitest";
import { nodeId } from "../../model/core/ids.ts";
import { proxyProtocol as P, type ProxyEvent, type ProxyOutput, type ProxyState, type StmtKind } from "../../model/proxy/index.ts";
import { steps as stepsOf } from "../../model/core/run.ts";
import type { ClusterOutput } from "../../model/cluster/index.ts";
import { calls } from "../../conformance/check/history/calls.ts";
import { clusterHistory, LEASE_FIRST_PROCESS } from "../../conformance/kits/cluster/client-history.ts";
import { proxyHistory, statementSent, type Sent, type StatementStep } from "../../conformance/kits/proxy/client-history.ts";
import { checkHistory, validateHistory, type History } from "../../conformance/check/history/index.ts";
import { buildConfig } from "../../conformance/kits/config.ts";

/** The model's history of these events, with the default configuration (two sessions). */
function modelHistory(events: readonly ProxyEvent[]): { h: History; sent: (Sent | null)[] } {
  const config = P.configFromFlat(buildConfig(P, undefined, {}));
  let state: ProxyState = P.init(config);
  const steps: StatementStep<ProxyOutput>[] = [];
  const times: number[] = [];
  for (const s of stepsOf(P, config, events, state)) {
    steps.push({ sent: statementSent(s.before, s.after, s.event), outputs: s.outputs });
    state = s.after;
    times.push(state.nowMs);
  }
  return { h: proxyHistory(steps, times, state.sessions.length), sent: steps.map((s) => s.sent) };
}

const shape = (h: History) => h.map((op) => [op.process, op.type, op.f, op.value]);

const stmt = (id: number, kind: StmtKind) => ({ id, kind, ctrx: null });
const sent = (session: number, id: number, kind: StmtKind): Sent => ({ session, id, kind });
const replied = (session: number, id: number, kind: StmtKind, outcome: "ok" | "error", why: string): ProxyOutput =>
  ({ type: "Replied", session, stmt: stmt(id, kind), outcome, digest: null, why, acrossFailover: false });
const closed = (session: number, why: string): ProxyOutput => ({ type: "SessionClosed", session, why, idleAtLoss: false, restorable: true });

describe("proxy statements as a client history, on the model", () => {
  it("a statement sent, executed and answered: invoke then ok, with the insert id and the server", () => {
    const { h } = modelHistory([
      { type: "StatementSent", session: 0, kind: "insert-autoinc" },
      { type: "StatementExecuted", session: 0 },
      { type: "ReplyDelivered", session: 0 },
    ]);
    expect(shape(h)).toEqual([
      [0, "invoke", "insert-autoinc", 1],
      [0, "ok", "insert-autoinc", 1],
    ]);
    expect(h[1]!.node).toBe("n1");
    expect(typeof h[1]!.result).toBe("number");
    expect(validateHistory(h)).toEqual([]);
  });

  it("a send the proxy does not take (the session already waits) is no operation", () => {
    const { h, sent: s } = modelHistory([
      { type: "StatementSent", session: 1, kind: "read" },
      { type: "StatementSent", session: 1, kind: "blind-update" },
    ]);
    expect(s).toEqual([sent(1, 1, "read"), null]);
    expect(shape(h)).toEqual([[1, "invoke", "read-locked", 1]]);
    expect(calls(h).writes.map((w) => w.outcome)).toEqual(["info"]);
  });

  it("a locked read is f read-locked, and its ok carries the rows' digest", () => {
    const { h } = modelHistory([
      { type: "StatementSent", session: 0, kind: "read" },
      { type: "StatementExecuted", session: 0 },
      { type: "ReplyDelivered", session: 0 },
    ]);
    expect(h.map((op) => op.f)).toEqual(["read-locked", "read-locked"]);
    expect(typeof h[1]!.result).toBe("string");
    expect(checkHistory(h)).toEqual([]);
  });
});

describe("proxy statements as a client history, by hand", () => {
  it("an error reply is a fail that carries the error", () => {
    const h = proxyHistory([{ sent: sent(0, 1, "insert-keyed"), outputs: [replied(0, 1, "insert-keyed", "error", "duplicate key")] }], [0], 2);
    expect(shape(h)).toEqual([
      [0, "invoke", "insert-keyed", 1],
      [0, "fail", "insert-keyed", 1],
    ]);
    expect(h[1]!.error).toBe("duplicate key");
  });

  it("a session closed mid-statement gives info, and its next statement runs as a fresh process", () => {
    const why = "connection lost during the statement";
    const h = proxyHistory(
      [
        { sent: sent(1, 1, "blind-update"), outputs: [] },
        { sent: null, outputs: [replied(1, 1, "blind-update", "error", why), closed(1, why)] },
        { sent: sent(1, 2, "begin"), outputs: [replied(1, 2, "begin", "ok", "executed")] },
      ],
      [0, 10, 20],
      2,
    );
    expect(shape(h)).toEqual([
      [1, "invoke", "blind-update", 1],
      [1, "info", "blind-update", 1],
      [3, "invoke", "begin", 2],
      [3, "ok", "begin", 2],
    ]);
    expect(h[1]!.error).toBe(why);
    expect(validateHistory(h)).toEqual([]);
  });

  it("an error reply stays a fail when the session is closed later for another reason", () => {
    const h = proxyHistory(
      [{ sent: sent(0, 4, "commit"), outputs: [replied(0, 4, "commit", "error", "no primary"), closed(0, "hold timeout")] }],
      [0],
      2,
    );
    expect(h.map((op) => op.type)).toEqual(["invoke", "fail"]);
  });

  it("a reply to a statement the history never saw sent says nothing", () => {
    expect(proxyHistory([{ sent: null, outputs: [replied(0, 9, "read", "ok", "executed")] }], [0], 2)).toEqual([]);
  });
});

describe("the cluster's client history", () => {
  it("interleaves session statements and lease writes, the writers' processes clear of the sessions'", () => {
    const steps: StatementStep<ClusterOutput>[] = [
      { sent: sent(0, 1, "insert-keyed"), outputs: [{ type: "Lease", output: { type: "WriteIssued", node: nodeId(1), target: "registry", epoch: 2 } }] },
      {
        sent: null,
        outputs: [
          { type: "Proxy", output: replied(0, 1, "insert-keyed", "ok", "executed") },
          { type: "Lease", output: { type: "WriteLanded", node: nodeId(1), target: "registry", epoch: 2, blockEpoch: 2, blockHolder: nodeId(1), accepted: true } },
        ],
      },
    ];
    const h = clusterHistory(steps, [0, 7], 2);
    expect(h.map((op) => [op.process, op.type, op.f, op.key])).toEqual([
      [0, "invoke", "insert-keyed", "insert-keyed"],
      [LEASE_FIRST_PROCESS, "invoke", "write", "registry"],
      [0, "ok", "insert-keyed", "insert-keyed"],
      [LEASE_FIRST_PROCESS, "ok", "write", "registry"],
    ]);
    expect(validateHistory(h)).toEqual([]);
  });
});
