/**
 * A real MariaDB 10.11 server (as Debian ships it), started as a plain child process on
 * 127.0.0.1 in its own temp dir, configured for GTID replication with built-in semi-sync: the
 * groundwork for the MariaDB conformance adapter. The recipe is research §6.1.
 */
import { execFile, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createConnection, type Connection } from "mariadb";
import { AdapterError } from "../contract.ts";
import { fileSize, freePort, oneLine, readFrom, resolveBin } from "../core/host.ts";
import { killTracked, removeTempDir, spawnTracked, trackTempDir } from "../core/processes.ts";

const run = promisify(execFile);
const HOST = "127.0.0.1";

/** The server settings a history varies; the names and types follow `ReplConfig`, so one can be passed as is. */
export interface MariadbSettings {
  readonly waitPoint: "AFTER_SYNC" | "AFTER_COMMIT";
  /** rpl_semi_sync_master_timeout in ms; null: never switch to asynchronous. */
  readonly timeoutMs: number | null;
  readonly waitNoSlave: boolean;
  /** true: sync_relay_log=1 (fsync before the ACK); false: the default 10000. */
  readonly syncRelayLog: boolean;
  readonly gtidStrictMode: boolean;
}

/** MariaDB's own defaults, except gtid_strict_mode (research §6.1 runs with it on). */
export const defaultMariadbSettings: MariadbSettings = {
  waitPoint: "AFTER_COMMIT",
  timeoutMs: 10_000,
  waitNoSlave: true,
  syncRelayLog: false,
  gtidStrictMode: true,
};

export interface MariadbServer {
  /** The running mariadbd's pid; a restart changes it. */
  readonly pid: number;
  readonly port: number;
  /** The temp dir: my.cnf, data/, sock, err.log. */
  readonly dir: string;
  readonly serverId: number;
  /** Kills mariadbd by pid, waits for it to exit and removes its dir; safe to call twice. */
  readonly stop: () => Promise<void>;
  /** kill -9 by pid, keeping the data dir (for crash recovery). */
  readonly crash: () => Promise<void>;
  /** Kills it if running, then starts again on the same dir and port, e.g. with ["--init-rpl-role=SLAVE"]. */
  readonly restart: (extraArgs?: readonly string[]) => Promise<void>;
}

export interface StartMariadbOptions {
  readonly serverId: number;
  readonly settings: MariadbSettings;
  /** Default: a free one. */
  readonly port?: number;
  readonly readyTimeoutMs?: number;
}

export async function startMariadb(opts: StartMariadbOptions): Promise<MariadbServer> {
  const bin = resolveBin("mariadb", process.env.HASPEC_MARIADBD_BIN ?? "mariadbd", ["/usr/sbin", "/usr/bin"]);
  const template = await templateFor(bin);
  // A free port found by the OS can be taken by someone else before mariadbd binds it.
  for (let attempt = 0; ; attempt++) {
    const port = opts.port ?? (await freePort());
    try {
      return await startOnce(bin, template, port, opts);
    } catch (e) {
      if (e instanceof PortInUse && opts.port === undefined && attempt < 3) continue;
      throw e;
    }
  }
}

class PortInUse extends AdapterError {}

/** Opens a connection as root over TCP (the harness's only way in); the caller ends it. */
export function connect(server: Pick<MariadbServer, "port">, timeoutMs = 2000): Promise<Connection> {
  return createConnection({
    ...{ host: HOST, port: server.port, user: "root", connectTimeout: timeoutMs },
    // Counters and ids stay far below 2^53.
    ...{ bigIntAsNumber: true, insertIdAsNumber: true },
  });
}

export { oneLine };

async function startOnce(bin: string, template: string, port: number, opts: StartMariadbOptions): Promise<MariadbServer> {
  const dir = mkdtempSync(join(tmpdir(), "haspec-mariadb-"));
  trackTempDir(dir);
  try {
    writeFileSync(join(dir, "my.cnf"), serverCnf(dir, port, opts.serverId, opts.settings));
    await run("cp", ["-a", join(template, "data"), join(dir, "data")]);
    await chownToServerUser(dir);
  } catch (e) {
    removeTempDir(dir);
    throw new AdapterError(`mariadb: cannot prepare ${dir}: ${oneLine((e as Error).message)}`);
  }
  const timeoutMs = opts.readyTimeoutMs ?? 30_000;
  let child: ChildProcess;
  try {
    child = await launch(bin, dir, port, [], timeoutMs);
  } catch (e) {
    removeTempDir(dir);
    throw e;
  }
  const server = {
    get pid() {
      return child.pid!;
    },
    port,
    dir,
    serverId: opts.serverId,
    stop: async () => {
      await killTracked(child);
      removeTempDir(dir);
    },
    crash: () => killTracked(child),
    restart: async (extraArgs: readonly string[] = []) => {
      await killTracked(child);
      child = await launch(bin, dir, port, extraArgs, timeoutMs);
    },
  };
  return server;
}

/** Spawns mariadbd on an existing dir and waits until root can connect; kills it and throws otherwise. */
async function launch(bin: string, dir: string, port: number, extraArgs: readonly string[], timeoutMs: number): Promise<ChildProcess> {
  const errLog = join(dir, "err.log");
  const logStart = fileSize(errLog);
  let child: ChildProcess;
  try {
    child = await spawnTracked(bin, [`--defaults-file=${join(dir, "my.cnf")}`, ...extraArgs], { logFile: join(dir, "out.log") });
  } catch (e) {
    throw new AdapterError(`mariadb: cannot run ${bin}: ${oneLine((e as Error).message)}`);
  }
  const failure = await waitReady(child, port, timeoutMs);
  if (failure === null) return child;
  await killTracked(child);
  const reason = firstError(readFrom(errLog, logStart)) ?? failure;
  const message = `mariadb did not start on ${HOST}:${port}: ${reason}`;
  throw /Address already in use|Bind on TCP\/IP port/.test(reason) ? new PortInUse(message) : new AdapterError(message);
}

/** Null once root can connect over TCP; otherwise why not (exited, or ran out of time). */
async function waitReady(child: ChildProcess, port: number, timeoutMs: number): Promise<string | null> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return `exited (${child.exitCode ?? child.signalCode})`;
    try {
      const conn = await connect({ port }, 1000);
      await conn.end();
      return null;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return `root could not connect within ${timeoutMs} ms (${oneLine(last)})`;
}

/** Settings every server here shares, template included: small, because tests start several. */
function baseCnf(dir: string): string[] {
  return [
    "[mariadbd]",
    `datadir=${join(dir, "data")}`,
    `socket=${join(dir, "sock")}`,
    `pid-file=${join(dir, "mariadbd.pid")}`,
    `log-error=${join(dir, "err.log")}`,
    // mariadbd refuses to run as root; as root, it drops to `mysql` itself.
    ...(process.getuid?.() === 0 ? ["user=mysql"] : []),
    "innodb-buffer-pool-size=32M",
    // The redo log is 96 MiB by default: copying it for every server would cost more than the rest.
    "innodb-log-file-size=8M",
  ];
}

function serverCnf(dir: string, port: number, serverId: number, s: MariadbSettings): string {
  // The largest value MariaDB accepts is taken as "never"; it is ~49 days of waiting.
  const timeout = s.timeoutMs ?? 4_294_967_295;
  const [section, ...base] = baseCnf(dir);
  return [
    section,
    // log-basename names the binlog and relay log (m1-bin.000001); MariaDB wants it first.
    `log-basename=m${serverId}`,
    ...base,
    `port=${port}`,
    `bind-address=${HOST}`,
    `server-id=${serverId}`,
    // Without a name the binlog is named after the pid file (mariadbd-bin), whatever log-basename says.
    `log-bin=m${serverId}-bin`,
    "binlog-format=ROW",
    "log-slave-updates=1",
    "sync-binlog=1",
    "innodb-flush-log-at-trx-commit=1",
    `gtid-strict-mode=${s.gtidStrictMode ? 1 : 0}`,
    "rpl_semi_sync_master_enabled=ON",
    "rpl_semi_sync_slave_enabled=ON",
    `rpl_semi_sync_master_timeout=${timeout}`,
    `rpl_semi_sync_master_wait_point=${s.waitPoint}`,
    `rpl_semi_sync_master_wait_no_slave=${s.waitNoSlave ? "ON" : "OFF"}`,
    `sync_relay_log=${s.syncRelayLog ? 1 : 10_000}`,
    "",
  ].join("\n");
}

const templates = new Map<string, Promise<string>>();

/**
 * An initialised data dir, made once per process and binary and copied for each server:
 * mariadb-install-db takes 0.6-1.5 s, a copy under 0.1 s. It holds no server id, port or binlog.
 * Resolves to the template's temp dir; the data dir is its `data`.
 */
function templateFor(bin: string): Promise<string> {
  let t = templates.get(bin);
  if (t === undefined) {
    t = makeTemplate(bin);
    templates.set(bin, t);
    // A failure is reported to every caller, but the next start tries again.
    t.catch(() => templates.delete(bin));
  }
  return t;
}

async function makeTemplate(bin: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "haspec-mariadb-template-"));
  trackTempDir(dir);
  const cnf = join(dir, "my.cnf");
  writeFileSync(cnf, [...baseCnf(dir), ""].join("\n"));
  try {
    await chownToServerUser(dir);
    const installDb = resolveBin("mariadb", "mariadb-install-db", ["/usr/sbin", "/usr/bin"]);
    const args = [`--defaults-file=${cnf}`, "--auth-root-authentication-method=normal", "--skip-test-db"];
    // root@localhost, root@127.0.0.1 and root@::1 with no password: the harness connects as root over TCP.
    await run(installDb, process.getuid?.() === 0 ? [...args, "--user=mysql"] : args, {
      env: { ...process.env, MYSQLD_BOOTSTRAP: bin },
    });
  } catch (e) {
    const err = e as Error & { stderr?: string; stdout?: string };
    const reason = mostRelevantLine(`${readFrom(join(dir, "err.log"), 0)}\n${err.stderr ?? ""}\n${err.stdout ?? ""}`);
    removeTempDir(dir);
    throw new AdapterError(`mariadb: mariadb-install-db failed: ${reason ?? oneLine(err.message)}`);
  }
  return dir;
}

/**
 * Removes the cached templates (the next start makes a new one). The exit cleanup removes them
 * too, but a vitest worker ends by SIGTERM, which runs no exit handler: call this in afterAll.
 */
export async function removeMariadbTemplates(): Promise<void> {
  const dirs = await Promise.allSettled([...templates.values()]);
  templates.clear();
  for (const d of dirs) if (d.status === "fulfilled") removeTempDir(d.value);
}

async function chownToServerUser(dir: string): Promise<void> {
  if (process.getuid?.() === 0) await run("chown", ["-R", "mysql:mysql", dir]);
}

/** The line that says why mariadbd failed: the first [ERROR] (the later ones say "Aborting"). */
function firstError(log: string): string | undefined {
  const line = log.split("\n").find((l) => /\[ERROR\]|^ERROR/.test(l) && !/\bAborting\b/.test(l));
  // Drop the timestamp and thread id: "2025-01-01  0:00:00 0 [ERROR] ..." → "[ERROR] ...".
  return line === undefined ? undefined : oneLine(line.replace(/^.*?\[ERROR\]/, "[ERROR]"));
}

/** For mariadb-install-db: its bootstrap's first error, else the first line saying what failed, else the last. */
function mostRelevantLine(log: string): string | undefined {
  const lines = log.split("\n").filter((l) => l.trim() !== "");
  const line = lines.find((l) => /failed/i.test(l)) ?? lines.at(-1);
  return firstError(log) ?? (line === undefined ? undefined : oneLine(line));
}




