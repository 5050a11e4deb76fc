/**
 * Real MariaDB 10.11 servers, a primary and a semi-sync replica, started and stopped as plain
 * processes. Nothing here is skipped: a machine that cannot run mariadbd fails these tests
 * (install it with scripts/install-servers.sh). The scenarios are research §1.2 in small.
 */
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { listeners } from "./leftovers.ts";
import { AdapterError } from "../../adapters/contract.ts";
import { tracked } from "../../adapters/core/processes.ts";
import {
  gtidPos,
  killWaiters,
  query,
  semisyncStatus,
  startPair,
  stopIoThread,
  type MariadbPair,
} from "../../adapters/mariadb/pair.ts";
import {
  connect,
  defaultMariadbSettings,
  removeMariadbTemplates,
  startMariadb,
  type MariadbServer,
  type MariadbSettings,
} from "../../adapters/mariadb/server.ts";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((stop) => stop()));
});
afterAll(async () => {
  await removeMariadbTemplates();
  expect(tracked()).toEqual({ pids: [], dirs: [] });
});

async function pair(overrides: Partial<MariadbSettings> = {}): Promise<MariadbPair> {
  const p = await startPair({ ...defaultMariadbSettings, ...overrides });
  cleanups.push(p.stop);
  await createTable(p.primary);
  return p;
}

/** mariadb-install-db ran with --skip-test-db: there is no `test` database. */
async function createTable(s: MariadbServer): Promise<void> {
  await query(s, "CREATE DATABASE d");
  await query(s, "CREATE TABLE d.t (id INT PRIMARY KEY)");
}


/** Gone, or a zombie nobody has reaped yet (in a container, pid 1 may never reap it). */
function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ESRCH";
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return true;
  }
}

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read().catch(() => undefined);
    if (v !== undefined && ok(v)) return v;
    if (Date.now() > deadline) return v as T;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function holdPort(): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

const ids = async (s: MariadbServer) => (await query<{ id: number }[]>(s, "SELECT id FROM d.t ORDER BY id")).map((r) => r.id);

describe("mariadb: a semi-sync pair on 127.0.0.1", () => {
  it("starts, ACKs an insert, replicates it, listens on loopback only; stop leaves nothing", async () => {
    const p = await pair();
    const [replica] = p.replicas;
    const before = await semisyncStatus(p.primary);
    expect(before).toMatchObject({ status: "ON", clients: 1, noTx: 0, noTimes: 0 });

    await query(p.primary, "INSERT INTO d.t VALUES (1)");
    // CREATE DATABASE and TABLE were ACKed too: DDL counts in yes_tx.
    expect((await semisyncStatus(p.primary)).yesTx).toBe(before.yesTx + 1);
    expect(await eventually(() => ids(replica!), (v) => v.length === 1)).toEqual([1]);
    expect((await gtidPos(replica!)).slave).toBe((await gtidPos(p.primary)).binlog);

    const servers = [p.primary, replica!];
    // 0100007F is 127.0.0.1 as /proc/net/tcp writes it; a wildcard bind would show 00000000.
    for (const s of servers) expect(listeners(s.port)).toEqual(["0100007F"]);
    expect([...tracked().pids].sort()).toEqual(servers.map((s) => s.pid).sort());

    await p.stop();
    for (const s of servers) {
      expect(isGone(s.pid)).toBe(true);
      expect(existsSync(s.dir)).toBe(false);
    }
    expect(tracked().pids).toEqual([]);
    await p.stop(); // idempotent
  });

  it("E4: with no ACK, an insert returns OK after the timeout and semi-sync switches OFF", async () => {
    const p = await pair({ timeoutMs: 1000 });
    await stopIoThread(p.replicas[0]!);
    await eventually(() => semisyncStatus(p.primary), (s) => s.clients === 0);

    await query(p.primary, "INSERT INTO d.t VALUES (1)");
    expect(await semisyncStatus(p.primary)).toMatchObject({ status: "OFF", clients: 0, noTx: 1, noTimes: 1 });
    expect(await ids(p.primary)).toEqual([1]);
  });

  it("E3: KILL QUERY on an AFTER_SYNC waiter gives its client success, counted in no_tx", async () => {
    const p = await pair({ waitPoint: "AFTER_SYNC", timeoutMs: 60_000 });
    await stopIoThread(p.replicas[0]!);
    const conn = await connect(p.primary);
    cleanups.push(() => conn.end().catch(() => conn.destroy()));
    const insert = conn.query("INSERT INTO d.t VALUES (7)").then(
      () => "ok",
      (e: Error) => e.message,
    );
    const killed = await eventually(() => killWaiters(p.primary), (k) => k.length > 0);
    expect(killed).toEqual([conn.threadId]);

    expect(await insert).toBe("ok");
    expect(await semisyncStatus(p.primary)).toMatchObject({ status: "ON", noTx: 1, noTimes: 0 });
    expect(await ids(p.primary)).toEqual([7]);
  });
});

describe("mariadb: a single server", () => {
  it("crash keeps the data dir, and restart brings the server back on the same dir and port", async () => {
    const s = await startMariadb({ serverId: 1, settings: defaultMariadbSettings });
    cleanups.push(s.stop);
    // No replica and wait_no_slave=OFF: the writes below need not wait for an ACK.
    await query(s, "SET GLOBAL rpl_semi_sync_master_wait_no_slave = OFF");
    await createTable(s);
    await query(s, "INSERT INTO d.t VALUES (1)");
    const pid = s.pid;

    await s.crash();
    expect(isGone(pid)).toBe(true);
    expect(existsSync(s.dir)).toBe(true);
    // Plain recovery commits what the binlog holds, even if InnoDB had it only prepared.
    await s.restart();
    expect(s.pid).not.toBe(pid);
    expect(await ids(s)).toEqual([1]);

    // --init-rpl-role=SLAVE may truncate the binlog instead; here it only has to start.
    await s.crash();
    await s.restart(["--init-rpl-role=SLAVE"]);
    expect(readFileSync(`${s.dir}/err.log`, "utf8")).toMatch(/ready for connections[^]*ready for connections[^]*ready for connections/);
    expect(listeners(s.port)).toEqual(["0100007F"]);
  });

  it("a port already in use is a one-line AdapterError naming it, and leaves no process", async () => {
    const holder = await holdPort();
    const port = (holder.address() as { port: number }).port;
    try {
      const error = await startMariadb({ serverId: 1, settings: defaultMariadbSettings, port }).then(
        (s) => {
          cleanups.push(s.stop);
          return new Error("mariadbd started");
        },
        (e: unknown) => e as Error,
      );
      expect(error).toBeInstanceOf(AdapterError);
      expect(error.message).not.toMatch(/\n/);
      expect(error.message).toContain(`127.0.0.1:${port}`);
      expect(error.message).toMatch(/Address already in use/);
    } finally {
      holder.close();
    }
    expect(tracked().pids).toEqual([]);
  });
});
