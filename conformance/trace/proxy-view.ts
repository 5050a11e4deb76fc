/**
 * How the proxy reads in a timeline: a lane for the primary (which node, at which epoch, or a
 * failover under way) and one per session (open transaction, statement in flight, held or closed);
 * the event and what the client and the servers saw.
 */
import type { Digest, ProxyEvent, ProxyOutput, ProxyState, Session, Stmt } from "../../model/proxy/index.ts";
import { nodeName, sessionName } from "../../model/proxy/session.ts";
import type { ProtocolView as ProxyView } from "./view.ts";

export function sessionLane(x: Session): string {
  if (!x.open) return "CLOSED";
  const trx = x.trx === null ? "" : `trx${x.trx.ctrx}[${x.trx.log.length}]`;
  const p = x.pending === null ? "" : ` ${x.pending.stmt.kind}:${x.pending.phase}`;
  const held = x.heldSinceMs !== null ? " HELD" : "";
  return `${trx}${p}${held}`.trim() || "idle";
}

export function primaryLane(s: ProxyState): string {
  if (s.primary === null) return s.lost === null ? "none" : `FAILOVER (${nodeName(s.lost.node)} lost)`;
  return `${nodeName(s.primary)} e${s.nodes[s.primary]!.epoch} rows${s.db.committed.length}`;
}

export const stmtText = (st: Stmt): string => `#${st.id} ${st.kind}${st.ctrx === null ? "" : ` (trx${st.ctrx})`}`;

function digestText(d: Digest | null): string {
  if (d === null) return "";
  if (d.error !== null) return ` [${d.error}]`;
  return d.rows !== null ? ` [${d.rows}]` : d.insertId !== null ? ` [insert id ${d.insertId}]` : "";
}

export function describeProxyEvent(e: ProxyEvent, s: ProxyState): string {
  const ses = (raw: number): string => sessionName(raw % s.sessions.length);
  switch (e.type) {
    case "TimeAdvanced": return `time +${e.ms}ms`;
    case "StatementSent": return `${ses(e.session)} sends ${e.kind}`;
    case "StatementExecuted": return `server executes ${ses(e.session)}'s statement`;
    case "ResultStreamed": return `part of ${ses(e.session)}'s result reaches the client`;
    case "ReplyDelivered": return `${ses(e.session)}'s reply`;
    case "OtherClientWrote": return "another application commits a row";
    case "PrimaryLost": return `the primary is lost (${e.how})`;
    case "FailoverDone": return `failover to ${nodeName(e.node % s.nodes.length)} completes${e.trxState ? " (transactions rebuilt)" : ""}${e.lostCommits > 0 ? `, lacking ${e.lostCommits} commit(s)` : ""}`;
    case "StaleTopologyNoticed": return "a late topology message names the old primary";
  }
}

export function describeProxyOutput(o: ProxyOutput): string | null {
  switch (o.type) {
    case "TimeNow": return null;
    case "Executed": return `${nodeName(o.node)} e${o.epoch} ${o.again ? "executes AGAIN" : "executes"} ${sessionName(o.session)} ${stmtText(o.stmt)}${digestText(o.digest)}`;
    case "Replied": return `${sessionName(o.session)} told ${o.outcome.toUpperCase()} for ${stmtText(o.stmt)}${digestText(o.digest)}${o.outcome === "error" ? ` (${o.why})` : o.why !== "executed" ? ` (${o.why})` : ""}`;
    case "PartialResult": return `${sessionName(o.session)} got part of ${stmtText(o.stmt)}'s rows`;
    case "SessionClosed": return `${sessionName(o.session)} CLOSED: ${o.why}`;
    case "SessionHeld": return `${sessionName(o.session)} held`;
    case "Reconnected": return `${sessionName(o.session)} reconnected to ${nodeName(o.node)} e${o.epoch}, state restored: ${o.restored}`;
    case "Attached": return `${sessionName(o.session)} Attach Trx: ${o.result}`;
    case "Replayed": return `${sessionName(o.session)} replayed ${o.statements} statement(s): ${o.continued ? "continues" : "checksum mismatch, closed"}${o.differs && o.continued ? " (responses DIFFER)" : ""}`;
    case "PrimaryLost": return `${nodeName(o.node)} ${o.how === "crash" ? "crashed" : "deposed, still running"}`;
    case "FailoverCompleted": return `${o.stale ? "proxy believes" : "failover to"} ${nodeName(o.node)} e${o.epoch} after ${o.durationMs} ms`;
    case "CommitsLost": return `new primary lacks statements [${o.stmts.join(",")}]`;
  }
}

export const proxyView: ProxyView<ProxyState, ProxyEvent, ProxyOutput> = {
  laneNames: (s) => ["primary", ...s.sessions.map((_, i) => sessionName(i))],
  lanes: (s) => [primaryLane(s), ...s.sessions.map(sessionLane)],
  laneKey: (s) => [primaryLane(s), ...s.sessions.map(sessionLane)].join("|"),
  nowMs: (s) => s.nowMs,
  describeEvent: describeProxyEvent,
  describeOutput: describeProxyOutput,
  legend: "lanes: the primary (node, epoch, committed rows) or FAILOVER; each session: trxN[statements told] kind:phase, HELD or CLOSED",
  summary: (outputs) => clientSummary(outputs),
};

/** What the clients were told that they would not have wanted to hear (a closed session's last error once). */
export function clientErrors(outputs: readonly ProxyOutput[]): string[] {
  const closedWith = new Set(outputs.flatMap((o) => (o.type === "SessionClosed" ? [`${o.session}:${o.why}`] : [])));
  return outputs.flatMap((o) => {
    if (o.type === "SessionClosed") return [`${sessionName(o.session)}: connection closed (${o.why})`];
    if (o.type === "Replied" && o.outcome === "error" && !closedWith.has(`${o.session}:${o.why}`)) return [`${sessionName(o.session)}: ${stmtText(o.stmt)} failed (${o.why})`];
    return [];
  });
}

export function clientSummary(outputs: readonly ProxyOutput[]): string[] {
  const errors = clientErrors(outputs);
  return errors.length === 0 ? ["clients saw no error"] : [`clients saw ${errors.length} error${errors.length > 1 ? "s" : ""}: ${errors.join("; ")}`];
}
