/**
 * The proxy search space. Statements are drawn from the kinds the workload sends; their
 * execution, streaming and reply are free (at most three per statement). Time matters only to
 * a failover under way (the hold timeout, and whether the failover beat it), so it is offered
 * only then, as one step past the hold timeout. Faults are only those the `env.*` knobs allow,
 * as in conformance/histories/proxy.ts; `FailoverDone` and a stale topology message are free, as
 * they can only follow a loss.
 *
 * Symmetry: a node that has never been primary is up, at epoch 0, and named nowhere (not by the
 * route, a connection or the lost primary), so such nodes are interchangeable; and the nodes
 * that have been primary carry distinct epochs. A state is identified with the one whose nodes
 * are ordered by epoch, newest first, references renamed to match. Sessions are not symmetric:
 * a failover recovers them in index order, and a replayed insert draws its auto-increment id in
 * that order.
 */
import { nodeId, type NodeId } from "../../../model/core/ids.ts";
import type { ProxyConfig } from "../../../model/proxy/config.ts";
import type { ProxyEvent, ProxyState, Session } from "../../../model/proxy/types.ts";
import { isRead } from "../../../model/proxy/types.ts";
import type { Choice, SearchSpace } from "../../explore/space.ts";

type C = Choice<ProxyEvent>;

export const proxySpace: SearchSpace<ProxyConfig, ProxyState, ProxyEvent> = {
  budgets: [
    { name: "statements", limit: 2, counts: "StatementSent (any session, any kind the workload sends)" },
    { name: "losses", limit: 1, counts: "PrimaryLost (FailoverDone and StaleTopologyNoticed are free: they can only follow a loss)" },
    { name: "writers", limit: 1, counts: "OtherClientWrote" },
  ],
  choices: (c, s) => [
    ...s.sessions.flatMap((x, i) => sessionChoices(c, x, i)),
    ...worldChoices(c, s),
    ...failoverChoices(c, s),
  ],
  symmetry: (c) => (c.nodes < 3 ? null : (s) => [byEpoch(s)]),
  describe: (c) => [
    `statements: ${c.workload.join(", ")} on sessions s1..s${c.sessions}`,
    `time: one step of ${c.holdTimeoutMs + 1} ms (past the hold timeout), only while a failover is under way`,
    `failover: to any of n1..n${c.nodes}, with and without the transaction state${c.env.lostCommits ? ", losing 0 to 2 commits" : ""}`,
    `symmetry: ${c.nodes < 3 ? "none (one standby)" : "nodes never yet primary interchangeable"}`,
  ],
};

export function sessionChoices(c: ProxyConfig, x: Session, session: number): C[] {
  if (!x.open) return [];
  const p = x.pending;
  if (p === null) return c.workload.map((kind): C => ({ event: { type: "StatementSent", session, kind }, spends: "statements" }));
  const out: C[] = [];
  if (p.phase === "sent") out.push({ event: { type: "StatementExecuted", session } });
  if (p.phase === "executed" && isRead(p.stmt.kind)) out.push({ event: { type: "ResultStreamed", session } });
  if (p.phase === "executed" || p.phase === "partial") out.push({ event: { type: "ReplyDelivered", session } });
  return out;
}

function worldChoices(c: ProxyConfig, s: ProxyState): C[] {
  const out: C[] = [];
  if (c.env.otherWriters) out.push({ event: { type: "OtherClientWrote" }, spends: "writers" });
  if (s.primary !== null) {
    for (const how of c.env.isolatedPrimaries ? (["crash", "isolated"] as const) : (["crash"] as const)) {
      out.push({ event: { type: "PrimaryLost", how }, spends: "losses" });
    }
  }
  return out;
}

function failoverChoices(c: ProxyConfig, s: ProxyState): C[] {
  if (s.primary !== null || s.lost === null) return [];
  const out: C[] = [{ event: { type: "TimeAdvanced", ms: c.holdTimeoutMs + 1 } }];
  if (!c.epochCheck) out.push({ event: { type: "StaleTopologyNoticed" } });
  const losses = c.env.lostCommits ? Math.min(2, s.db.committed.length) : 0;
  for (let node = 0; node < s.nodes.length; node++) {
    for (const trxState of [false, true]) {
      for (let lostCommits = 0; lostCommits <= losses; lostCommits++) out.push({ event: { type: "FailoverDone", node, trxState, lostCommits } });
    }
  }
  return out;
}

/** Nodes ordered by the epoch at which they last became primary, newest first; references renamed. */
function byEpoch(s: ProxyState): ProxyState {
  const order = s.nodes.map((_, i) => i).sort((a, b) => s.nodes[b]!.epoch - s.nodes[a]!.epoch || a - b);
  const id: number[] = [];
  order.forEach((old, k) => (id[old] = k));
  const to = (i: number): NodeId => nodeId(id[i]!);
  return {
    ...s,
    nodes: order.map((old) => s.nodes[old]!),
    primary: s.primary === null ? null : to(s.primary),
    route: s.route === null ? null : { ...s.route, node: to(s.route.node) },
    lost: s.lost === null ? null : { ...s.lost, node: to(s.lost.node) },
    sessions: s.sessions.map((x) => (x.conn === null ? x : { ...x, conn: { ...x.conn, node: to(x.conn.node) } })),
  };
}
