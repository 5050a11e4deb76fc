/** The two statements a replication history needs, with the `pg` driver. */
import type { InsertResult, SqlDriver } from "../core/sql-clients.ts";
import { connect } from "./cluster.ts";
import type { PgServer } from "./server.ts";

/** SQLSTATEs that mean the session was cut off rather than refused: the outcome is unknown. */
const CUT_OFF = new Set(["57P01", "57P02", "57P03", "08006", "08003"]);

async function insert(server: PgServer, id: number, row: number): Promise<InsertResult> {
  let client;
  try {
    client = await connect(server);
  } catch (e) {
    return { outcome: "error", why: `cannot connect: ${(e as Error).message.split("\n")[0]}` };
  }
  const warnings: string[] = [];
  client.on("notice", (n) => warnings.push(n.message ?? "notice"));
  try {
    await client.query('INSERT INTO t (id, "row") VALUES ($1, $2)', [id, row]);
    return { outcome: "ok", why: warnings.length > 0 ? `INSERT 0 1 with WARNING: ${warnings[0]}` : "INSERT 0 1" };
  } catch (e) {
    const err = e as { code?: string; message?: string };
    return err.code === undefined || CUT_OFF.has(err.code)
      ? { outcome: "unknown", why: `connection lost: ${err.message ?? ""}` }
      : { outcome: "error", why: err.message ?? "error" };
  } finally {
    await client.end().catch(() => {});
  }
}

async function select(server: PgServer): Promise<number[] | null> {
  try {
    const client = await connect(server);
    try {
      return (await client.query<{ id: number }>("SELECT id FROM t ORDER BY id")).rows.map((r) => Number(r.id));
    } finally {
      await client.end().catch(() => {});
    }
  } catch {
    return null;
  }
}

export const postgresDriver: SqlDriver<PgServer> = { insert, select };
