/**
 * Histories for the proxy: client statements (only the kinds the workload sends) and their
 * execution, replies and streaming, time, other writers, primary loss and failover completion.
 * Sessions and nodes are chosen by position, resolved modulo their number in the reducer.
 */
import fc from "fast-check";
import type { ProxyConfig, ProxyEvent, StmtKind } from "../../../model/proxy/index.ts";
import { isWrite } from "../../../model/proxy/types.ts";
import type { HistoryBounds } from "../../histories/bounds.ts";

export function proxyEventArb(c: ProxyConfig): fc.Arbitrary<ProxyEvent> {
  // Counterexamples mostly need one session's transaction to be well along when the primary is
  // lost, so s1 is drawn more often and transaction-shaping statements outweigh the rest.
  const session = fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat({ max: c.sessions - 1 }) });
  const weightOf = (k: StmtKind): number => (k === "begin" || k === "commit" ? 3 : isWrite(k) ? 2 : 1);
  const kind = fc.oneof(...c.workload.map((k) => ({ weight: weightOf(k), arbitrary: fc.constant(k) })));
  const choices: { weight: number; arbitrary: fc.Arbitrary<ProxyEvent> }[] = [
    { weight: 10, arbitrary: fc.record({ type: fc.constant("StatementSent" as const), session, kind }) },
    { weight: 8, arbitrary: fc.record({ type: fc.constant("StatementExecuted" as const), session }) },
    { weight: 8, arbitrary: fc.record({ type: fc.constant("ReplyDelivered" as const), session }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant("ResultStreamed" as const), session }) },
    { weight: 2, arbitrary: fc.record({ type: fc.constant("TimeAdvanced" as const), ms: fc.integer({ min: 1, max: Math.max(1, 2 * c.holdTimeoutMs) }) }) },
    { weight: 2, arbitrary: fc.record({ type: fc.constant("PrimaryLost" as const), how: fc.constantFrom("crash" as const, "isolated" as const) }) },
    {
      weight: 3,
      arbitrary: fc.record({
        type: fc.constant("FailoverDone" as const), node: fc.nat({ max: c.nodes - 1 }), trxState: fc.boolean(),
        lostCommits: c.env.lostCommits ? fc.nat({ max: 2 }) : fc.constant(0),
      }),
    },
  ];
  if (c.env.otherWriters) choices.push({ weight: 1, arbitrary: fc.constant({ type: "OtherClientWrote" as const }) });
  if (!c.epochCheck || c.env.isolatedPrimaries) choices.push({ weight: 1, arbitrary: fc.constant({ type: "StaleTopologyNoticed" as const }) });
  return fc.oneof(...choices);
}

export function proxyHistoryArb(c: ProxyConfig, bounds: HistoryBounds): fc.Arbitrary<ProxyEvent[]> {
  return fc.array(proxyEventArb(c), { minLength: 1, maxLength: bounds.maxSteps, size: "medium" });
}
