/**
 * A MariaDB primary (server-id 1) with semi-sync GTID replicas (2, 3, ...), and the short SQL
 * wrappers a conformance adapter drives them with (research §1.2 and §6.1).
 */
import { AdapterError } from "../contract.ts";
import { connect, oneLine, startMariadb, type MariadbServer, type MariadbSettings } from "./server.ts";

export interface MariadbPair {
  readonly primary: MariadbServer;
  readonly replicas: readonly MariadbServer[];
  /** Stops every server by pid and removes their dirs; safe to call twice. */
  readonly stop: () => Promise<void>;
}

export interface SemisyncStatus {
  readonly status: "ON" | "OFF";
  readonly clients: number;
  readonly yesTx: number;
  readonly noTx: number;
  readonly noTimes: number;
}

export interface GtidPos {
  readonly binlog: string;
  readonly current: string;
  readonly slave: string;
}

type Server = Pick<MariadbServer, "port">;

export async function startPair(settings: MariadbSettings, replicas = 1): Promise<MariadbPair> {
  const ids = Array.from({ length: replicas + 1 }, (_, i) => i + 1);
  const started = await Promise.allSettled(ids.map((serverId) => startMariadb({ serverId, settings })));
  const servers = started.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  const stop = async () => {
    await Promise.all(servers.map((s) => s.stop()));
  };
  try {
    const failed = started.find((r) => r.status === "rejected");
    if (failed !== undefined) throw failed.reason;
    const [primary, ...rest] = servers as [MariadbServer, ...MariadbServer[]];
    await Promise.all(rest.map((r) => attach(r, primary)));
    await waitClients(primary, replicas, 10_000);
    return { primary, replicas: rest, stop };
  } catch (e) {
    await stop();
    // SQL errors span lines ("...\nsql: ..."); a start failure is reported in one.
    throw e instanceof AdapterError ? e : new AdapterError(`mariadb: cannot set up replication: ${oneLine((e as Error).message)}`);
  }
}

/**
 * Points a replica at the primary by GTID (root needs no replication user on loopback) and starts
 * it. A replica's own semi-sync master side is switched off first: with log-slave-updates its SQL
 * thread commits into its own binlog, and with wait_no_slave=ON it would wait out the full timeout
 * (forever, if unbounded) for an ACK from replicas it does not have before applying anything.
 * Its threads are stopped first: a replica restarted with its master.info starts them by itself,
 * and CHANGE MASTER on running threads fails with ER_SLAVE_MUST_STOP (1198); STOP SLAVE on
 * stopped threads is only a note. read_only=1 marks it a replica, so that `@@read_only` tells a
 * primary from a replica (root, with READ_ONLY ADMIN, still writes; replication is not blocked).
 */
export async function attach(replica: Server, primary: Server, start: "START SLAVE" | "START SLAVE SQL_THREAD" = "START SLAVE"): Promise<void> {
  await query(replica, "STOP SLAVE");
  await query(replica, "SET GLOBAL read_only = 1");
  await query(replica, "SET GLOBAL rpl_semi_sync_master_enabled = OFF");
  await query(replica, `CHANGE MASTER TO master_host='127.0.0.1', master_port=${primary.port}, master_user='root', master_use_gtid=slave_pos`);
  await query(replica, start);
}

/** Runs one statement on its own connection, so that a crashed server leaves nothing open. */
export async function query<T = unknown>(server: Server, sql: string, values?: unknown[]): Promise<T> {
  const conn = await connect(server);
  try {
    return (await conn.query(sql, values)) as T;
  } finally {
    await conn.end().catch(() => conn.destroy());
  }
}

export async function semisyncStatus(primary: Server): Promise<SemisyncStatus> {
  const rows = await query<{ Variable_name: string; Value: string }[]>(primary, "SHOW GLOBAL STATUS LIKE 'Rpl_semi_sync%'");
  const v = new Map(rows.map((r) => [r.Variable_name.toLowerCase(), r.Value]));
  const n = (name: string) => Number(v.get(`rpl_semi_sync_master_${name}`) ?? NaN);
  return {
    status: v.get("rpl_semi_sync_master_status") === "ON" ? "ON" : "OFF",
    clients: n("clients"),
    yesTx: n("yes_tx"),
    noTx: n("no_tx"),
    noTimes: n("no_times"),
  };
}

export async function gtidPos(server: Server): Promise<GtidPos> {
  const [row] = await query<{ binlog: string; current: string; slave: string }[]>(
    server,
    "SELECT @@gtid_binlog_pos AS `binlog`, @@gtid_current_pos AS `current`, @@gtid_slave_pos AS `slave`",
  );
  return row!;
}

/** The replica stops receiving (and so ACKing) without the primary going away: research E1–E4. */
export async function stopIoThread(replica: Server): Promise<void> {
  await query(replica, "STOP SLAVE IO_THREAD");
}

export async function startIoThread(replica: Server): Promise<void> {
  await query(replica, "START SLAVE IO_THREAD");
}

/** KILL QUERY on every session waiting for an ACK (research E3); returns their ids. Their clients get OK. */
export async function killWaiters(primary: Server): Promise<number[]> {
  const rows = await query<{ id: number }[]>(
    primary,
    "SELECT id FROM information_schema.processlist WHERE state = 'Waiting for semi-sync ACK from slave'",
  );
  for (const { id } of rows) await query(primary, `KILL QUERY ${Number(id)}`);
  return rows.map((r) => Number(r.id));
}

/**
 * Forced failover on a replica (research E5): forget the primary and accept writes, with the
 * semi-sync master side that `attach` switched off back on, as in every server's my.cnf.
 */
export async function promote(replica: Server): Promise<void> {
  await query(replica, "STOP SLAVE");
  await query(replica, "RESET SLAVE ALL");
  await query(replica, "SET GLOBAL read_only = 0");
  await query(replica, "SET GLOBAL rpl_semi_sync_master_enabled = ON");
}

/** Waits until the primary counts `n` semi-sync replicas, i.e. each has connected and said it ACKs. */
export async function waitClients(primary: Server, n: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let clients = -1;
  while (Date.now() < deadline) {
    clients = (await semisyncStatus(primary)).clients;
    if (clients === n) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new AdapterError(`mariadb: Rpl_semi_sync_master_clients is ${clients}, not ${n}, after ${timeoutMs} ms`);
}
