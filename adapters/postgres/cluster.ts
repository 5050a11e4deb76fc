/**
 * A PostgreSQL primary ("n1") with streaming standbys ("n2", "n3"...), and the few actions the
 * research (ha-semantics.md §1.1, §6.2) drives them through: stop a standby, cancel the commits
 * waiting for it, promote, rewind. Thin wrappers: each opens its own short connection.
 */
import { Client, type QueryResultRow } from "pg";
import { nodeName } from "../../model/core/ids.ts";
import { AdapterError } from "../contract.ts";
import { PG_HOST, runTool, startPostgres, type PgServer, type PgSettings } from "./server.ts";

export interface PgCluster {
  /** n1, the primary it was started with (roles change with promote/rewind; these names do not). */
  readonly primary: PgServer;
  readonly standbys: readonly PgServer[];
  readonly servers: readonly PgServer[];
  /** Stops every server by pid and removes its dir; safe to call twice and after failures. */
  readonly stop: () => Promise<void>;
}

export interface ReplicationRow {
  readonly application_name: string;
  readonly state: string;
  readonly sync_state: string;
}

/** Default synchronous_standby_names: 'n2', the first standby. */
export async function startCluster(settings: PgSettings = {}, standbys = 1): Promise<PgCluster> {
  const names = settings.synchronousStandbyNames ?? (standbys > 0 ? "n2" : "");
  const primary = await startPostgres({ name: "n1", settings: { ...settings, synchronousStandbyNames: names } });
  const servers: PgServer[] = [primary];
  const stop = async () => {
    await Promise.all(servers.map((s) => s.stop()));
  };
  try {
    for (let i = 1; i <= standbys; i++) servers.push(await startPostgres({ name: nodeName(i), primaryPort: primary.port }));
    await waitStreaming(primary, servers.slice(1), names);
  } catch (e) {
    await stop();
    throw e;
  }
  return { primary, standbys: servers.slice(1), servers, stop };
}

/** Waits until every standby streams, and those synchronous_standby_names names are not async. */
async function waitStreaming(primary: PgServer, standbys: readonly PgServer[], names: string, timeoutMs = 30_000): Promise<void> {
  const named = (n: string) => names.includes("*") || new RegExp(`(^|[^\\w])${n}([^\\w]|$)`).test(names);
  const deadline = Date.now() + timeoutMs;
  let rows: readonly ReplicationRow[] = [];
  while (Date.now() < deadline) {
    rows = await replicationState(primary);
    const ok = standbys.every((s) => rows.some((r) => r.application_name === s.name && r.state === "streaming" && (!named(s.name) || r.sync_state !== "async")));
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  const seen = rows.map((r) => `${r.application_name}|${r.state}|${r.sync_state}`).join(", ") || "no standbys";
  throw new AdapterError(`postgres: standbys not streaming after ${timeoutMs} ms: ${seen}`);
}

/** A connected client; the caller ends it. Notices (the SyncRep WARNING) arrive as 'notice' events. */
export async function connect(server: PgServer): Promise<Client> {
  const client = new Client({ host: PG_HOST, port: server.port, user: "postgres", database: "postgres", ssl: false, connectionTimeoutMillis: 5000 });
  // A server crashed under an idle client must not become an uncaught 'error' event.
  client.on("error", () => {});
  await client.connect();
  return client;
}

export async function query<R extends QueryResultRow = QueryResultRow>(server: PgServer, sql: string, params?: readonly unknown[]): Promise<R[]> {
  const client = await connect(server);
  try {
    return (await client.query<R>(sql, params === undefined ? undefined : [...params])).rows;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function replicationState(primary: PgServer): Promise<ReplicationRow[]> {
  return query<ReplicationRow>(primary, "SELECT application_name, state, sync_state FROM pg_stat_replication ORDER BY application_name");
}

/** Fast (clean) shutdown by pid; keeps the dir. */
export async function stopStandby(standby: PgServer): Promise<void> {
  await standby.shutdown();
}

export async function startStandby(standby: PgServer): Promise<void> {
  await standby.start();
}

/** pg_cancel_backend on every backend waiting for a sync standby; returns their pids. */
export async function cancelWaiters(primary: PgServer): Promise<number[]> {
  return signalWaiters(primary, "pg_cancel_backend");
}

/** pg_terminate_backend on every backend waiting for a sync standby; returns their pids. */
export async function terminateWaiters(primary: PgServer): Promise<number[]> {
  return signalWaiters(primary, "pg_terminate_backend");
}

async function signalWaiters(primary: PgServer, fn: "pg_cancel_backend" | "pg_terminate_backend"): Promise<number[]> {
  // MATERIALIZED: SQL does not promise to test wait_event before calling fn on a row.
  const sql = `WITH w AS MATERIALIZED (SELECT pid FROM pg_stat_activity WHERE wait_event = 'SyncRep') SELECT pid FROM w WHERE ${fn}(pid)`;
  const rows = await query<{ pid: number }>(primary, sql);
  return rows.map((r) => r.pid);
}

/** Promotes a standby and waits until it accepts writes. */
export async function promote(standby: PgServer): Promise<void> {
  const [row] = await query<{ ok: boolean }>(standby, "SELECT pg_promote(true, 30) AS ok");
  if (row?.ok !== true) throw new AdapterError(`postgres ${standby.name}: not promoted within 30 s`);
}

/**
 * Makes a diverged old primary a standby of `source` (pg_rewind -R), leaving it stopped: start it
 * with startStandby. Returns pg_rewind's output ("servers diverged at WAL location ..."). A running one is first stopped cleanly; a crashed one is recovered by
 * pg_rewind itself (PG 13+).
 */
export async function rewind(oldPrimary: PgServer, source: PgServer): Promise<string> {
  if (oldPrimary.running) await oldPrimary.shutdown();
  // A just-promoted source's pg_control still names the old timeline until its next checkpoint,
  // and pg_rewind would then report "no rewind required" and leave the divergence in place.
  await query(source, "CHECKPOINT");
  const conninfo = `host=${PG_HOST} port=${source.port} user=postgres dbname=postgres application_name=${oldPrimary.name}`;
  return runTool(oldPrimary, "pg_rewind", ["-D", oldPrimary.dataDir, `--source-server=${conninfo}`, "-R"]);
}

export async function isInRecovery(server: PgServer): Promise<boolean> {
  const [row] = await query<{ r: boolean }>(server, "SELECT pg_is_in_recovery() AS r");
  return row?.r === true;
}
