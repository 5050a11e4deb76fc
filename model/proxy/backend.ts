/**
 * What a server does with one statement on one connection: the data, the bound transaction and
 * the connection's session state change, and a result comes back. The proxy's logic is elsewhere.
 */
import type { BackendTrx, Db, Digest, Effect, SessVars, Stmt } from "./types.ts";
import { isWrite } from "./types.ts";

export interface Conn {
  readonly backend: SessVars;
  readonly backendTrx: number | null;
  /** The node's epoch: server-specific values (NOW(), @@server_id) differ between servers. */
  readonly epoch: number;
  /** A deposed primary that still runs is read-only. */
  readonly writable: boolean;
}

export interface Executed {
  readonly db: Db;
  readonly conn: Conn;
  readonly digest: Digest;
  /** Whether the statement changed the data (or committed a change). */
  readonly applied: boolean;
}

const ok: Digest = { rows: null, insertId: null, error: null };
const fail = (error: string): Digest => ({ rows: null, insertId: null, error });

export function execute(db: Db, conn: Conn, stmt: Stmt): Executed {
  const trx = conn.backendTrx === null ? null : (db.open.find((t) => t.id === conn.backendTrx) ?? null);
  const done = (d: Db, c: Conn, digest: Digest, applied = false): Executed => ({ db: d, conn: c, digest, applied });
  switch (stmt.kind) {
    case "begin": {
      const closed = trx === null ? db : commitTrx(db, trx);
      const fresh: BackendTrx = { id: closed.nextTrx, ctrx: stmt.ctrx, effects: [] };
      return done({ ...closed, nextTrx: closed.nextTrx + 1, open: [...closed.open, fresh] }, { ...conn, backendTrx: fresh.id }, ok);
    }
    case "commit":
    case "implicit-commit":
      return trx === null ? done(db, conn, ok) : done(commitTrx(db, trx), { ...conn, backendTrx: null }, ok, trx.effects.length > 0);
    case "rollback":
      return done(trx === null ? db : dropTrx(db, trx.id), { ...conn, backendTrx: null }, ok);
    case "read":
      return done(db, conn, { rows: dataSeen(db, trx), insertId: null, error: null });
    case "read-nondet":
      return done(db, conn, { rows: `server@${conn.epoch}`, insertId: null, error: null });
    case "set-var":
      return done(db, { ...conn, backend: { ...conn.backend, vars: stmt.id } }, ok);
    case "create-tmp":
      return done(db, { ...conn, backend: { ...conn.backend, tmp: [...conn.backend.tmp, stmt.id] } }, ok);
    case "prepare":
      return done(db, { ...conn, backend: { ...conn.backend, prepared: [...conn.backend.prepared, stmt.id] } }, ok);
    case "insert-autoinc":
    case "insert-keyed":
    case "blind-update":
      return write(db, conn, trx, stmt);
  }
}

function write(db: Db, conn: Conn, trx: BackendTrx | null, stmt: Stmt): Executed {
  if (!conn.writable) return { db, conn, digest: fail("read-only (--read-only)"), applied: false };
  const seen = [...db.committed, ...(trx?.effects ?? [])];
  if (stmt.kind === "insert-keyed" && seen.some((e) => e.stmt === stmt.id)) {
    return { db, conn, digest: fail("duplicate key"), applied: false };
  }
  const effect: Effect = { stmt: stmt.id, ctrx: stmt.ctrx, kind: stmt.kind };
  const insertId = stmt.kind === "insert-autoinc" ? db.autoInc : null;
  // InnoDB never hands an auto-increment value out twice, even when its transaction rolls back.
  const counted = stmt.kind === "insert-autoinc" ? { ...db, autoInc: db.autoInc + 1 } : db;
  const digest: Digest = { rows: null, insertId, error: null };
  if (trx === null) return { db: { ...counted, committed: [...counted.committed, effect] }, conn, digest, applied: true };
  const grown: BackendTrx = { ...trx, effects: [...trx.effects, effect] };
  return { db: { ...counted, open: counted.open.map((t) => (t.id === trx.id ? grown : t)) }, conn, digest, applied: true };
}

/** What a locked read returns: every committed change, plus the transaction's own. */
function dataSeen(db: Db, trx: BackendTrx | null): string {
  const all = [...db.committed, ...(trx?.effects ?? [])];
  const count = (kind: string): number => all.filter((e) => e.kind === kind).length;
  return `c=${count("blind-update")} keyed=${count("insert-keyed")} autoinc=${count("insert-autoinc")}`;
}

export function commitTrx(db: Db, trx: BackendTrx): Db {
  return { ...dropTrx(db, trx.id), committed: [...db.committed, ...trx.effects] };
}

export function dropTrx(db: Db, id: number): Db {
  return { ...db, open: db.open.filter((t) => t.id !== id) };
}

/** Rolls a transaction back to the savepoint after its statements in `keep` (PolarDB: undo_no of the last statement). */
export function rollbackToSavepoint(db: Db, id: number, keep: readonly number[]): Db {
  return { ...db, open: db.open.map((t) => (t.id === id ? { ...t, effects: t.effects.filter((e) => keep.includes(e.stmt)) } : t)) };
}

export const writesOf = (stmts: readonly Stmt[]): readonly number[] => stmts.filter((s) => isWrite(s.kind)).map((s) => s.id);
