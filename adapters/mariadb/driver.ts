/** The two statements a replication history needs, with the `mariadb` driver. */
import type { InsertResult, SqlDriver } from "../core/sql-clients.ts";
import { connect, type MariadbServer } from "./server.ts";

async function insert(server: MariadbServer, id: number, row: number): Promise<InsertResult> {
  let conn;
  try {
    conn = await connect(server, 2000);
  } catch (e) {
    // Never sent: it certainly did not happen.
    return { outcome: "error", why: `cannot connect: ${(e as Error).message.split("\n")[0]}` };
  }
  try {
    await conn.query("INSERT INTO d.t (id, `row`) VALUES (?, ?)", [id, row]);
    return { outcome: "ok", why: "INSERT returned" };
  } catch (e) {
    const err = e as { sqlMessage?: string; fatal?: boolean; message?: string };
    // A connection lost mid-statement leaves the outcome unknown; a server's refusal is an error.
    return err.fatal === true
      ? { outcome: "unknown", why: `connection lost: ${err.message?.split("\n")[0] ?? ""}` }
      : { outcome: "error", why: err.sqlMessage ?? err.message ?? "error" };
  } finally {
    await conn.end().catch(() => conn.destroy());
  }
}

async function select(server: MariadbServer): Promise<number[] | null> {
  try {
    const conn = await connect(server, 2000);
    try {
      return ((await conn.query("SELECT id FROM d.t ORDER BY id")) as { id: number }[]).map((r) => Number(r.id));
    } finally {
      await conn.end().catch(() => conn.destroy());
    }
  } catch {
    return null;
  }
}

export const mariadbDriver: SqlDriver<MariadbServer> = { insert, select };
