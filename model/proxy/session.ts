/** Small pure helpers over the proxy state: sessions, replies, closing. */
import type { ClientTrx, Digest, Pending, ProxyOutput, ProxyState, Session, SessVars, Stmt } from "./types.ts";
import { DEFAULT_VARS, isWrite } from "./types.ts";

export const sessionName = (i: number): string => `s${i + 1}`;

export function updateSession(s: ProxyState, i: number, f: (x: Session) => Session): ProxyState {
  return { ...s, sessions: s.sessions.map((x, j) => (j === i ? f(x) : x)) };
}

export function freshSession(): Session {
  return { open: true, client: DEFAULT_VARS, backend: null, conn: null, backendTrx: null, trx: null, pending: null, heldSinceMs: null, idleAtLoss: false };
}

export const isIdle = (x: Session): boolean => x.trx === null && x.pending === null;
export const hasState = (v: SessVars): boolean => v.vars !== 0 || v.tmp.length > 0 || v.prepared.length > 0;
export const sameVars = (a: SessVars, b: SessVars): boolean =>
  a.vars === b.vars && a.tmp.join() === b.tmp.join() && a.prepared.join() === b.prepared.join();

/** The client is told how its statement ended; the session stays open. */
export function reply(i: number, p: Pending, outcome: "ok" | "error", digest: Digest | null, why: string): ProxyOutput {
  return { type: "Replied", session: i, stmt: p.stmt, outcome, digest, why, acrossFailover: p.acrossFailover };
}

/** The proxy closes the client connection: a statement in flight gets the error with it. */
export function closeSession(s: ProxyState, i: number, why: string, restorable: boolean, out: ProxyOutput[]): ProxyState {
  const x = s.sessions[i]!;
  if (!x.open) return s;
  if (x.pending !== null) out.push(reply(i, x.pending, "error", null, why));
  out.push({ type: "SessionClosed", session: i, why, idleAtLoss: x.idleAtLoss, restorable });
  return updateSession(s, i, () => ({ ...x, open: false, conn: null, backend: null, backendTrx: null, trx: null, pending: null, heldSinceMs: null }));
}

/** The writes of a client transaction its client was told succeeded, by statement id. */
export function loggedWrites(t: ClientTrx | null): number[] {
  return (t?.log ?? []).filter((l) => isWrite(l.stmt.kind) && l.digest.error === null).map((l) => l.stmt.id);
}

/**
 * The writes a successful reply tells the client are committed: its transaction's on COMMIT, the
 * statement itself in autocommit. `x` is the session as it was before the reply.
 */
export function writesAcknowledged(x: Session, o: Extract<ProxyOutput, { type: "Replied" }>): number[] {
  if (o.outcome !== "ok") return [];
  if (o.stmt.kind === "commit") return loggedWrites(x.trx);
  return isWrite(o.stmt.kind) && o.stmt.ctrx === null ? [o.stmt.id] : [];
}

export function newStmt(s: ProxyState, x: Session, kind: Stmt["kind"]): { s: ProxyState; stmt: Stmt } {
  const ctrx = kind === "begin" ? s.nextCtrx : (x.trx?.ctrx ?? null);
  const stmt: Stmt = { id: s.nextStmt, kind, ctrx };
  return { s: { ...s, nextStmt: s.nextStmt + 1, nextCtrx: kind === "begin" ? s.nextCtrx + 1 : s.nextCtrx }, stmt };
}
