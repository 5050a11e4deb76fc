/**
 * A real PostgreSQL 15 primary and synchronous standby, started and stopped as plain processes,
 * driven through research/ha-semantics.md §1.1 in small. Nothing here is skipped: a machine that
 * cannot run PostgreSQL fails these tests (install it with scripts/install-servers.sh).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import type { Client, QueryResult } from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { listeners } from "./leftovers.ts";
import { AdapterError } from "../../adapters/contract.ts";
import { tracked } from "../../adapters/core/processes.ts";
import {
  cancelWaiters,
  connect,
  isInRecovery,
  promote,
  query,
  replicationState,
  rewind,
  startCluster,
  startStandby,
  stopStandby,
  type PgCluster,
} from "../../adapters/postgres/cluster.ts";
import { startPostgres, type PgServer } from "../../adapters/postgres/server.ts";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((f) => f()));
});

async function cluster(): Promise<PgCluster> {
  const c = await startCluster();
  cleanups.push(c.stop);
  await query(c.primary, "CREATE TABLE t (id int PRIMARY KEY)");
  await query(c.primary, "INSERT INTO t VALUES (1)");
  return c;
}


/** [state, ppid] of a process, or undefined once it is gone. */
function stat(pid: number): [string, number] | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, "utf8");
    const [state, ppid] = s.slice(s.lastIndexOf(")") + 2).split(" ");
    return [state!, Number(ppid)];
  } catch {
    return undefined;
  }
}

function childrenOf(pid: number): number[] {
  return readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((p) => stat(p)?.[1] === pid);
}

/** Gone, or a zombie nobody has reaped yet (in a container, pid 1 may never reap it). */
function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ESRCH") return true;
  }
  const s = stat(pid);
  return s === undefined || s[0] === "Z";
}

async function eventually(check: () => Promise<boolean> | boolean, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

interface Notice {
  readonly severity: string | undefined;
  readonly message: string | undefined;
  readonly detail: string | undefined;
}

/** A statement running on its own connection, watched while it waits. */
async function inBackground(server: PgServer, sql: string) {
  const client: Client = await connect(server);
  cleanups.push(() => client.end().catch(() => {}));
  const notices: Notice[] = [];
  client.on("notice", (n) => {
    notices.push({ severity: n.severity, message: n.message, detail: n.detail });
  });
  let settled = false;
  const result: Promise<QueryResult> = client.query(sql).finally(() => (settled = true));
  result.catch(() => {}); // observed by the test; never an unhandled rejection
  return { result, notices, settled: () => settled };
}

async function waitingForSyncRep(server: PgServer): Promise<boolean> {
  return eventually(async () => (await query(server, "SELECT 1 FROM pg_stat_activity WHERE wait_event = 'SyncRep'")).length > 0);
}

async function count(server: PgServer, id: number): Promise<number> {
  const [row] = await query<{ n: string }>(server, "SELECT count(*) AS n FROM t WHERE id = $1", [id]);
  return Number(row!.n);
}

/** §1.1 steps 1–2: with the standby stopped, a commit waits; cancelled, it is committed on the primary alone. */
async function commitUnreplicated(c: PgCluster, id: number) {
  await stopStandby(c.standbys[0]!);
  const insert = await inBackground(c.primary, `INSERT INTO t VALUES (${id})`);
  expect(await waitingForSyncRep(c.primary)).toBe(true);
  expect(await count(c.primary, id)).toBe(0); // still in the procarray: invisible
  expect(await cancelWaiters(c.primary)).toHaveLength(1);
  return insert;
}

describe("postgres server: a primary and a synchronous standby", () => {
  it("start streaming in sync on 127.0.0.1 only; stop leaves no process and no dir", async () => {
    const c = await cluster();
    const [n1, n2] = c.servers as [PgServer, PgServer];
    expect(await replicationState(n1)).toEqual([{ application_name: "n2", state: "streaming", sync_state: "sync" }]);
    await query(n1, "INSERT INTO t VALUES (2)");
    expect(await eventually(async () => (await count(n2, 2)) === 1)).toBe(true);
    expect(await isInRecovery(n1)).toBe(false);
    expect(await isInRecovery(n2)).toBe(true);
    // 0100007F is 127.0.0.1 as /proc/net/tcp writes it; a wildcard bind would show 00000000.
    for (const s of c.servers) expect(listeners(s.port)).toEqual(["0100007F"]);

    const pids = c.servers.flatMap((s) => [s.pid, ...childrenOf(s.pid)]);
    expect(pids.length).toBeGreaterThan(4); // postmasters and their backends, walsender, walreceiver...
    await c.stop();
    expect(pids.filter((p) => !isGone(p))).toEqual([]);
    for (const s of c.servers) expect(existsSync(s.dir)).toBe(false);
    expect(tracked()).toEqual({ pids: [], dirs: [] });
    await c.stop(); // idempotent
  });

  it("a commit waiting for a stopped standby is invisible, and a cancel commits it with a WARNING", async () => {
    const c = await cluster();
    const insert = await commitUnreplicated(c, 2);
    const res = await insert.result;
    expect(res.rowCount).toBe(1);
    expect(insert.notices).toContainEqual(
      expect.objectContaining({ severity: "WARNING", message: "canceling wait for synchronous replication due to user request" }),
    );
    expect(insert.notices[0]?.detail).toMatch(/already committed locally/);
    expect(await count(c.primary, 2)).toBe(1);
    await startStandby(c.standbys[0]!);
    expect(await eventually(async () => (await count(c.standbys[0]!, 2)) === 1)).toBe(true);
  });

  it("R11: a standby promoted after the primary crashed keeps synchronous_standby_names and blocks writes", async () => {
    const c = await cluster();
    const [n1, n2] = c.servers as [PgServer, PgServer];
    await n1.crash();
    await promote(n2);
    expect(await isInRecovery(n2)).toBe(false);
    expect(await query(n2, "SHOW synchronous_standby_names")).toEqual([{ synchronous_standby_names: "n2" }]);
    const insert = await inBackground(n2, "INSERT INTO t VALUES (3)");
    await new Promise((r) => setTimeout(r, 1000));
    expect(insert.settled()).toBe(false);
    expect(await cancelWaiters(n2)).toHaveLength(1);
    expect((await insert.result).rowCount).toBe(1);
  });

  it("pg_rewind brings the crashed old primary back as a standby, without its unreplicated commit", async () => {
    const c = await cluster();
    const [n1, n2] = c.servers as [PgServer, PgServer];
    await (await commitUnreplicated(c, 2)).result;
    await n1.crash();
    await startStandby(n2);
    await promote(n2);
    expect(await count(n2, 2)).toBe(0); // lost: §1.1 step 3
    await query(n2, "ALTER SYSTEM SET synchronous_standby_names = ''");
    await query(n2, "SELECT pg_reload_conf()");
    await query(n2, "INSERT INTO t VALUES (3)");
    await rewind(n1, n2);
    await startStandby(n1);
    expect(await isInRecovery(n1)).toBe(true);
    expect(await eventually(async () => (await count(n1, 3)) === 1)).toBe(true);
    expect(await count(n1, 2)).toBe(0);
    const streaming = async () => JSON.stringify(await replicationState(n2)) === JSON.stringify([{ application_name: "n1", state: "streaming", sync_state: "async" }]);
    expect(await eventually(streaming)).toBe(true);
  });
});

describe("postgres server: start failures", () => {
  it("a port already in use is a one-line AdapterError naming it, and leaves nothing behind", async () => {
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    const port = (holder.address() as { port: number }).port;
    try {
      const error = await startPostgres({ name: "n1", port }).then(
        async (s) => {
          await s.stop();
          return new Error("postgres started");
        },
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AdapterError);
      const message = (error as AdapterError).message;
      expect(message).not.toMatch(/\n/);
      expect(message).toContain(`127.0.0.1:${port}`);
      expect(message).toMatch(/Address already in use/);
    } finally {
      holder.close();
    }
    expect(tracked()).toEqual({ pids: [], dirs: [] });
  });

  it("a missing binary dir is a one-line AdapterError saying not found", async () => {
    await expect(startPostgres({ name: "n1", binDir: "/nonexistent" })).rejects.toThrow(
      new AdapterError("postgres: cannot run /nonexistent/postgres: not found (install with scripts/install-servers.sh)"),
    );
  });
});
