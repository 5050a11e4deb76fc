/**
 * One held session on the new primary: reconnect and restore its state, then carry its
 * transaction or statement over by the configured strategy:
 * - attach (PolarDB): Attach Trx with the cached trx_id, roll back to the last statement's savepoint, resend it;
 * - replay (MaxScale): run the logged transaction again and compare each response's checksum;
 * - retries (ProxySQL): send the failed autocommit statement again;
 * - none: the error reaches the client.
 */
import type { ProxyConfig } from "./config.ts";
import { execute, rollbackToSavepoint, writesOf } from "./backend.ts";
import { told } from "./client.ts";
import { restorable, restoredVars } from "./restore.ts";
import { closeSession, isIdle, loggedWrites, reply, sameVars, updateSession } from "./session.ts";
import type { Target } from "./target.ts";
import type { Digest, Pending, ProxyOutput, ProxyState, Session } from "./types.ts";
import { isWrite } from "./types.ts";

export function recoverSession(c: ProxyConfig, s: ProxyState, i: number, t: Target, out: ProxyOutput[]): ProxyState {
  const x = s.sessions[i]!;
  const backend = restoredVars(c, x.client);
  const complete = sameVars(backend, x.client);
  if (!complete && c.strictTmpTables && x.client.tmp.length > 0) {
    return closeSession(s, i, "temporary tables cannot be restored (strict_tmp_tables)", false, out);
  }
  out.push({ type: "Reconnected", session: i, node: t.node, epoch: t.epoch, restored: complete ? "all" : "some", idle: isIdle(x) });
  // The old connection's transaction is gone from this one; attach names it by its cached trx_id.
  const cached = x.backendTrx;
  const joined: Session = { ...x, conn: { node: t.node, epoch: t.epoch }, backend, backendTrx: null, heldSinceMs: null };
  const next = updateSession(s, i, () => joined);
  // PolarProxy knows the transaction from the session tracker; MaxScale from its own log, which
  // an implicit commit does not reset (ReadWriteSplit.md).
  if (c.preservation === "attach" && cached !== null) return attach(c, next, i, t, cached, out);
  if (c.preservation === "replay" && joined.trx !== null) return replay(c, next, i, t, out);
  if (c.preservation === "none" && joined.trx !== null) {
    return closeSession(next, i, "connection lost; the transaction was rolled back", restorable(c, x.client), out);
  }
  if (joined.pending !== null) return carryStatement(c, next, i, t, out);
  return next;
}

function attach(c: ProxyConfig, s: ProxyState, i: number, t: Target, id: number, out: ProxyOutput[]): ProxyState {
  const x = s.sessions[i]!;
  if (t.trxState && s.db.open.some((b) => b.id === id)) {
    out.push({ type: "Attached", session: i, epoch: t.epoch, result: "attached" });
    const keep = writesOf((x.trx?.log ?? []).map((l) => l.stmt));
    return resend(updateSession({ ...s, db: rollbackToSavepoint(s.db, id, keep) }, i, (y) => ({ ...y, backendTrx: id })), i);
  }
  if (!c.attachValidation) {
    out.push({ type: "Attached", session: i, epoch: t.epoch, result: "unvalidated" });
    return resend(updateSession(s, i, (y) => ({ ...y, backendTrx: null })), i);
  }
  out.push({ type: "Attached", session: i, epoch: t.epoch, result: "invalid" });
  return closeSession(s, i, "the transaction could not be attached on the new primary", restorable(c, x.client), out);
}

function replay(c: ProxyConfig, s: ProxyState, i: number, t: Target, out: ProxyOutput[]): ProxyState {
  const x = s.sessions[i]!;
  const p = x.pending;
  if (c.safeCommit && p !== null && p.stmt.kind === "commit" && p.acrossFailover) {
    return closeSession(s, i, "COMMIT was interrupted; not replayed (transaction_replay_safe_commit)", restorable(c, x.client), out);
  }
  const trx = x.trx!;
  let db = s.db;
  let conn = { backend: x.backend!, backendTrx: null as number | null, epoch: t.epoch, writable: t.node === s.primary };
  const begin = execute(db, conn, { id: 0, kind: "begin", ctrx: trx.ctrx });
  [db, conn] = [begin.db, begin.conn];
  let [mismatch, differs] = [false, false];
  for (const l of trx.log) {
    const alreadyApplied = db.committed.some((e) => e.stmt === l.stmt.id);
    const r = execute(db, conn, l.stmt);
    out.push({ type: "Executed", session: i, stmt: l.stmt, node: t.node, epoch: t.epoch, digest: r.digest, again: true, alreadyApplied });
    [db, conn] = [r.db, r.conn];
    mismatch ||= !checksumEqual(c, l.digest, r.digest);
    differs ||= !sameDigest(l.digest, r.digest);
  }
  out.push({ type: "Replayed", session: i, epoch: t.epoch, statements: trx.log.length, continued: !mismatch, checksumMismatch: mismatch, differs });
  if (mismatch) {
    const rolledBack = conn.backendTrx === null ? db : { ...db, open: db.open.filter((b) => b.id !== conn.backendTrx) };
    return closeSession({ ...s, db: rolledBack }, i, "transaction replay failed: checksum mismatch", restorable(c, x.client), out);
  }
  return resend(updateSession({ ...s, db }, i, (y) => ({ ...y, backend: conn.backend, backendTrx: conn.backendTrx })), i);
}

/** An autocommit statement (or one after an implicit commit) that was in flight or queued. */
function carryStatement(c: ProxyConfig, s: ProxyState, i: number, t: Target, out: ProxyOutput[]): ProxyState {
  const x = s.sessions[i]!;
  const p = x.pending!;
  if (p.phase === "queued") return updateSession(s, i, (y) => ({ ...y, pending: { ...p, phase: "sent" } }));
  if (p.retries < c.retriesOnFailure) return updateSession(s, i, (y) => ({ ...y, pending: { ...p, phase: "sent", retries: p.retries + 1 } }));
  if (c.preservation === "attach") {
    // The statement was its own transaction (or a COMMIT): the new primary's transaction system,
    // rebuilt from redo, tells whether it committed [derived]. Without that state nobody knows.
    if (!t.trxState) {
      out.push({ type: "Attached", session: i, epoch: t.epoch, result: "invalid" });
      return closeSession(s, i, "connection lost during the statement; its outcome is unknown", restorable(c, x.client), out);
    }
    if (committedHere(s, x, p)) {
      out.push({ type: "Attached", session: i, epoch: t.epoch, result: "committed" });
      return answerCommitted(s, i, out);
    }
    return updateSession(s, i, (y) => ({ ...y, pending: { ...p, phase: "sent" } }));
  }
  // MaxScale (≥ 23.08.8) no longer retries a statement already sent; ProxySQL's retries are used up.
  return closeSession(s, i, "connection lost during the statement", restorable(c, x.client), out);
}

/** Whether the new primary's data holds what the statement in flight committed. */
function committedHere(s: ProxyState, x: Session, p: Pending): boolean {
  const has = (id: number): boolean => s.db.committed.some((e) => e.stmt === id);
  if (p.stmt.kind === "commit" || p.stmt.kind === "implicit-commit") {
    return loggedWrites(x.trx).every(has);
  }
  return isWrite(p.stmt.kind) && has(p.stmt.id);
}

/** The statement in flight committed, and the new primary has it: the proxy answers OK. */
function answerCommitted(s: ProxyState, i: number, out: ProxyOutput[]): ProxyState {
  const x = s.sessions[i]!;
  const unbound = { ...x, backendTrx: null };
  if (x.pending === null) return updateSession(s, i, () => unbound);
  const digest: Digest = x.pending.result ?? { rows: null, insertId: null, error: null };
  out.push(reply(i, x.pending, "ok", digest, "committed before the failover"));
  return updateSession(s, i, () => told(unbound, x.pending!, digest));
}

function resend(s: ProxyState, i: number): ProxyState {
  const p: Pending | null = s.sessions[i]!.pending;
  return p === null ? s : updateSession(s, i, (y) => ({ ...y, pending: { ...p, phase: "sent" } }));
}

function checksumEqual(c: ProxyConfig, a: Digest, b: Digest): boolean {
  if (a.error !== b.error) return false;
  switch (c.checksum) {
    case "full": return sameDigest(a, b);
    // result_only ignores OK packets, no_insert_id also LAST_INSERT_ID(): neither sees the insert id.
    case "result_only":
    case "no_insert_id": return a.rows === b.rows;
  }
}

const sameDigest = (a: Digest, b: Digest): boolean => a.rows === b.rows && a.insertId === b.insertId && a.error === b.error;
