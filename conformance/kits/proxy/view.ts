/**
 * How the proxy reads in a timeline: a lane for the proxy (which primary it routes to, or a
 * failover under way), one per database node, and one per client session (open transaction,
 * statement in flight, held or closed). A statement waiting for its reply is a span on its
 * session; a session held through a failover another.
 */
import type { Digest, ProxyEvent, ProxyOutput, ProxyState, Session, Stmt } from "../../../model/proxy/index.ts";
import { nodeName, resolvePick } from "../../../model/core/ids.ts";
import { sessionName } from "../../../model/proxy/session.ts";
import { closedIn, closing } from "./client-history.ts";
import type { Effect } from "../../trace/timeline/types.ts";
import { effect, type Active, type TimelineView } from "../../trace/timeline/view.ts";

/** Where the proxy's lanes sit: alone, or inside the composed cluster (whose nodes are the cluster's). */
export interface ProxyLanes {
  readonly proxy: number;
  readonly node: (i: number) => number;
  readonly session: (i: number) => number;
}

export const proxyAlone = (s: ProxyState): ProxyLanes => ({ proxy: 0, node: (i) => 1 + i, session: (i) => 1 + s.nodes.length + i });

export function sessionLane(x: Session): string {
  if (!x.open) return "CLOSED";
  const trx = x.trx === null ? "" : `trx${x.trx.ctrx}[${x.trx.log.length}]`;
  const p = x.pending === null ? "" : ` ${x.pending.stmt.kind}:${x.pending.phase}`;
  const held = x.heldSinceMs !== null ? " HELD" : "";
  return `${trx}${p}${held}`.trim() || "idle";
}

export function primaryLane(s: ProxyState): string {
  if (s.primary === null) return s.lost === null ? "none" : `FAILOVER (${nodeName(s.lost.node)} lost)`;
  return `→ ${nodeName(s.primary)} e${s.nodes[s.primary]!.epoch} rows${s.db.committed.length}`;
}

function nodeCell(s: ProxyState, i: number): string {
  const n = s.nodes[i]!;
  if (!n.up) return "DOWN";
  if (s.lost?.node === i) return "lost (still running)";
  return s.primary === i ? `PRIMARY e${n.epoch}` : n.epoch > 0 ? `deposed e${n.epoch}` : "standby";
}

export const stmtText = (st: Stmt): string => `#${st.id} ${st.kind}${st.ctrx === null ? "" : ` (trx${st.ctrx})`}`;

function digestText(d: Digest | null): string {
  if (d === null) return "";
  if (d.error !== null) return ` [${d.error}]`;
  return d.rows !== null ? ` [${d.rows}]` : d.insertId !== null ? ` [insert id ${d.insertId}]` : "";
}

export function describeProxyEvent(e: ProxyEvent, s: ProxyState): string {
  const ses = (raw: number): string => sessionName(resolvePick(raw, s.sessions.length));
  switch (e.type) {
    case "TimeAdvanced": return `time +${e.ms}ms`;
    case "StatementSent": return `${ses(e.session)} sends ${e.kind}`;
    case "StatementExecuted": return `server executes ${ses(e.session)}'s statement`;
    case "ResultStreamed": return `part of ${ses(e.session)}'s result reaches the client`;
    case "ReplyDelivered": return `${ses(e.session)}'s reply`;
    case "OtherClientWrote": return "another application commits a row";
    case "PrimaryLost": return `the primary is lost (${e.how})`;
    case "FailoverDone": return `failover to ${nodeName(resolvePick(e.node, s.nodes.length))} completes${e.trxState ? " (transactions rebuilt)" : ""}${e.lostCommits > 0 ? `, lacking ${e.lostCommits} commit(s)` : ""}`;
    case "StaleTopologyNoticed": return "a late topology message names the old primary";
  }
}

export function proxyEventLane(e: ProxyEvent, s: ProxyState, at: ProxyLanes): number | null {
  switch (e.type) {
    case "TimeAdvanced": return null;
    case "StatementSent": case "StatementExecuted": case "ResultStreamed": case "ReplyDelivered": return at.session(resolvePick(e.session, s.sessions.length));
    case "OtherClientWrote": case "StaleTopologyNoticed": return at.proxy;
    case "PrimaryLost": return s.primary === null ? at.proxy : at.node(s.primary);
    case "FailoverDone": return at.node(resolvePick(e.node, s.nodes.length));
  }
}

export function proxyEffect(o: ProxyOutput, at: ProxyLanes): Effect | null {
  const ses = sessionName;
  switch (o.type) {
    case "TimeNow": return null;
    case "Executed": return effect(at.node(o.node), `${nodeName(o.node)} e${o.epoch} ${o.again ? "executes AGAIN" : "executes"} ${ses(o.session)} ${stmtText(o.stmt)}${digestText(o.digest)}`, o.again ? "fail" : "neutral");
    case "Replied": return effect(at.session(o.session), `${ses(o.session)} told ${o.outcome.toUpperCase()} for ${stmtText(o.stmt)}${digestText(o.digest)}${o.outcome === "error" ? ` (${o.why})` : o.why !== "executed" ? ` (${o.why})` : ""}`, o.outcome === "ok" ? "ok" : "fail");
    case "PartialResult": return effect(at.session(o.session), `${ses(o.session)} got part of ${stmtText(o.stmt)}'s rows`, "info");
    case "SessionClosed": return effect(at.session(o.session), `${ses(o.session)} CLOSED: ${o.why}`, "fail");
    case "SessionHeld": return effect(at.session(o.session), `${ses(o.session)} held`, "info");
    case "Reconnected": return effect(at.session(o.session), `${ses(o.session)} reconnected to ${nodeName(o.node)} e${o.epoch}, state restored: ${o.restored}`);
    case "Attached": return effect(at.session(o.session), `${ses(o.session)} Attach Trx: ${o.result}`, o.result === "attached" || o.result === "committed" ? "ok" : "fail");
    case "Replayed": return effect(at.session(o.session), `${ses(o.session)} replayed ${o.statements} statement(s): ${o.continued ? "continues" : "checksum mismatch, closed"}${o.differs && o.continued ? " (responses DIFFER)" : ""}`, o.continued && !o.differs ? "ok" : "fail");
    case "PrimaryLost": return effect(at.node(o.node), `${nodeName(o.node)} ${o.how === "crash" ? "crashed" : "deposed, still running"}`, "info");
    case "FailoverCompleted": return effect(at.proxy, `${o.stale ? "proxy believes" : "failover to"} ${nodeName(o.node)} e${o.epoch} after ${o.durationMs} ms`, o.stale ? "fail" : "neutral");
    case "CommitsLost": return effect(at.proxy, `new primary lacks statements [${o.stmts.join(",")}]`, "fail");
  }
}

/** Statements waiting for their reply, sessions held through a failover, and the failover itself. */
export function proxyActive(s: ProxyState, at: ProxyLanes): Active[] {
  const sessions = s.sessions.flatMap((x, i): Active[] => [
    ...(x.pending === null ? [] : [{ key: `op:${i}:${x.pending.stmt.id}`, kind: "op" as const, lane: at.session(i), label: stmtText(x.pending.stmt) }]),
    ...(x.heldSinceMs === null ? [] : [{ key: `held:${i}:${x.heldSinceMs}`, kind: "held" as const, lane: at.session(i), label: "held by the proxy" }]),
  ]);
  const failover: Active[] = s.lost === null ? [] : [{ key: `failover:${s.lost.atMs}`, kind: "recovery", lane: at.proxy, label: `failover (${nodeName(s.lost.node)} lost)` }];
  return [...failover, ...sessions];
}

export const proxyView: TimelineView<ProxyState, ProxyEvent, ProxyOutput> = {
  lanes: (s) => [{ label: "proxy", kind: "proxy" }, ...s.nodes.map((_, i) => ({ label: nodeName(i), kind: "node" as const })), ...s.sessions.map((_, i) => ({ label: sessionName(i), kind: "client" as const }))],
  cells: (s) => cells(s),
  clocks: (s) => cells(s).map(() => null),
  quietKey: (s) => cells(s).join("|"),
  nowMs: (s) => s.nowMs,
  active: (s) => proxyActive(s, proxyAlone(s)),
  describeEvent: describeProxyEvent,
  eventLane: (e, s) => proxyEventLane(e, s, proxyAlone(s)),
  effect: (o, s) => proxyEffect(o, proxyAlone(s)),
  legend: "lanes: the proxy (→ the primary it routes to, its epoch, committed rows; or FAILOVER); each node (PRIMARY, deposed, standby, DOWN); each session: trxN[statements told] kind:phase, HELD or CLOSED",
  summary: (outputs) => clientSummary(outputs),
};

function cells(s: ProxyState): string[] {
  return [primaryLane(s), ...s.nodes.map((_, i) => nodeCell(s, i)), ...s.sessions.map(sessionLane)];
}

/** What the clients were told that they would not have wanted to hear (a closed session's last error once). */
export function clientErrors(outputs: readonly ProxyOutput[]): string[] {
  const closed = closedIn(outputs);
  return outputs.flatMap((o) => {
    if (o.type === "SessionClosed") return [`${sessionName(o.session)}: connection closed (${o.why})`];
    if (o.type === "Replied" && o.outcome === "error" && !closed.has(closing(o.session, o.why))) return [`${sessionName(o.session)}: ${stmtText(o.stmt)} failed (${o.why})`];
    return [];
  });
}

export function clientSummary(outputs: readonly ProxyOutput[]): string[] {
  const errors = clientErrors(outputs);
  return errors.length === 0 ? ["clients saw no error"] : [`clients saw ${errors.length} error${errors.length > 1 ? "s" : ""}: ${errors.join("; ")}`];
}
