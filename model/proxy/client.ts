/**
 * A statement's life in normal operation: the client sends it, the server executes it, the
 * result streams and the reply arrives. A session connects lazily, to the node the proxy routes to.
 */
import type { ProxyConfig } from "./config.ts";
import { execute } from "./backend.ts";
import { newStmt, reply, updateSession } from "./session.ts";
import type { ClientTrx, Pending, ProxyOutput, ProxyState, Session, StmtKind } from "./types.ts";
import { isRead } from "./types.ts";

/** Statements that need an open transaction, and the one that must not have one. */
function fits(x: Session, kind: StmtKind): boolean {
  if (kind === "begin") return x.trx === null;
  if (kind === "commit" || kind === "rollback" || kind === "implicit-commit") return x.trx !== null;
  return true;
}

export function send(c: ProxyConfig, s: ProxyState, i: number, kind: StmtKind, out: ProxyOutput[]): ProxyState {
  const x = s.sessions[i]!;
  if (!x.open || x.pending !== null || !fits(x, kind) || !c.workload.includes(kind)) return s;
  const made = newStmt(s, x, kind);
  const pending: Pending = { stmt: made.stmt, phase: "queued", result: null, applied: false, acrossFailover: false, retries: 0 };
  // While a failover is under way the proxy holds the request (PolarProxy, MaxScale delayed_retry,
  // RDS Proxy queueing); a proxy that does neither passes the error on.
  if (x.heldSinceMs !== null) return updateSession(made.s, i, (y) => ({ ...y, pending }));
  if (s.primary === null || made.s.route === null) {
    if (c.persistentConnections || c.preservation !== "none") return updateSession(made.s, i, (y) => ({ ...y, pending, heldSinceMs: s.nowMs }));
    out.push(reply(i, pending, "error", null, "no primary"));
    return made.s;
  }
  const connected = x.conn !== null ? x : { ...x, conn: made.s.route, backend: x.client };
  return updateSession(made.s, i, () => ({ ...connected, pending: { ...pending, phase: "sent" } }));
}

export function executeOn(s: ProxyState, i: number, out: ProxyOutput[]): ProxyState {
  const x = s.sessions[i]!;
  const p = x.pending;
  if (p === null || p.phase !== "sent" || x.conn === null || x.backend === null || !s.nodes[x.conn.node]!.up) return s;
  const node = x.conn.node;
  const r = execute(s.db, { backend: x.backend, backendTrx: x.backendTrx, epoch: x.conn.epoch, writable: node === s.primary }, p.stmt);
  out.push({ type: "Executed", session: i, stmt: p.stmt, node, epoch: x.conn.epoch, digest: r.digest, again: p.acrossFailover, alreadyApplied: p.applied });
  const pending: Pending = { ...p, phase: "executed", result: r.digest, applied: p.applied || r.applied };
  return updateSession({ ...s, db: r.db }, i, () => ({ ...x, backend: r.conn.backend, backendTrx: r.conn.backendTrx, pending }));
}

export function stream(s: ProxyState, i: number, out: ProxyOutput[]): ProxyState {
  const p = s.sessions[i]!.pending;
  if (p === null || p.phase !== "executed" || !isRead(p.stmt.kind) || p.result?.error !== null) return s;
  out.push({ type: "PartialResult", session: i, stmt: p.stmt });
  return updateSession(s, i, (x) => ({ ...x, pending: { ...p, phase: "partial" } }));
}

export function deliver(s: ProxyState, i: number, out: ProxyOutput[]): ProxyState {
  const x = s.sessions[i]!;
  const p = x.pending;
  // A reply in flight when the connection broke never arrives.
  if (p === null || (p.phase !== "executed" && p.phase !== "partial") || p.result === null || x.conn === null) return s;
  const failed = p.result.error !== null;
  out.push(reply(i, p, failed ? "error" : "ok", p.result, failed ? p.result.error! : "executed"));
  return updateSession(s, i, () => told(x, p, p.result!));
}

/** The session as the client sees it after being told the statement's result. */
export function told(x: Session, p: Pending, digest: NonNullable<Pending["result"]>): Session {
  const done = { ...x, pending: null };
  if (digest.error !== null) return x.trx === null ? done : { ...done, trx: log(x.trx, p, digest) };
  switch (p.stmt.kind) {
    case "begin": return { ...done, trx: { ctrx: p.stmt.ctrx!, log: [] } };
    case "commit":
    case "rollback": return { ...done, trx: null };
    case "set-var": return { ...done, client: { ...x.client, vars: p.stmt.id } };
    case "create-tmp": return { ...done, client: { ...x.client, tmp: [...x.client.tmp, p.stmt.id] } };
    case "prepare": return { ...done, client: { ...x.client, prepared: [...x.client.prepared, p.stmt.id] } };
    default: return x.trx === null ? done : { ...done, trx: log(x.trx, p, digest) };
  }
}

function log(t: ClientTrx, p: Pending, digest: NonNullable<Pending["result"]>): ClientTrx {
  return { ...t, log: [...t.log, { stmt: p.stmt, digest }] };
}

/** Another application commits a change: reads see it, a replay of an earlier read may not match. */
export function otherWrite(s: ProxyState): ProxyState {
  if (s.primary === null) return s;
  const effect = { stmt: s.nextStmt, ctrx: null, kind: "insert-keyed" as const };
  return { ...s, nextStmt: s.nextStmt + 1, db: { ...s.db, committed: [...s.db.committed, effect] } };
}
