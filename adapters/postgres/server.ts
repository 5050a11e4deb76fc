/**
 * A real PostgreSQL 15 server (a new primary, or a streaming standby cloned from one), started as
 * a plain child process on 127.0.0.1 in its own temp dir, for tests and for a later PostgreSQL
 * conformance adapter. Recipe: research/ha-semantics.md §6.2.
 *
 * initdb refuses to run as root, so when this process is root every PostgreSQL program runs as
 * the `postgres` user through setpriv. setpriv execs (runuser and su fork and wait for a PAM
 * session), so the pid we track, signal and kill is the postmaster's own.
 */
import type { ChildProcess } from "node:child_process";
import { appendFileSync, chownSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "pg";
import { AdapterError } from "../contract.ts";
import { fileSize, freePort, oneLine, readFrom } from "../core/host.ts";
import { killTracked, removeTempDir, spawnTracked, trackTempDir } from "../core/processes.ts";

export const PG_HOST = "127.0.0.1";
const DEFAULT_BINDIR = "/usr/lib/postgresql/15/bin";

export interface PgSettings {
  /** On the primary; a standby copies it with the base backup (so a promoted one keeps it). Default: ''. */
  readonly synchronousStandbyNames?: string;
  /** Default: 'on'. */
  readonly synchronousCommit?: "off" | "local" | "remote_write" | "on" | "remote_apply";
}

export interface StartPostgresOptions {
  /** Also the standby's application_name, which synchronous_standby_names refers to. */
  readonly name: string;
  /** Makes this a standby cloned (pg_basebackup -R) from the server on this port; else a new primary. */
  readonly primaryPort?: number;
  /** Primary only. */
  readonly settings?: PgSettings;
  /** Default: a free one. */
  readonly port?: number;
  /** Default: $HASPEC_PG_BINDIR, else /usr/lib/postgresql/15/bin. */
  readonly binDir?: string;
  /** How long to wait for a connection to succeed. Default 30 s. */
  readonly readyTimeoutMs?: number;
}

export interface PgServer {
  readonly name: string;
  /** The current postmaster's pid (it changes with `start`). */
  readonly pid: number;
  readonly port: number;
  /** The temp dir: the data dir, the log and the unix socket are inside it. */
  readonly dir: string;
  readonly dataDir: string;
  /** The postmaster's log (stderr), across restarts. */
  readonly logFile: string;
  readonly binDir: string;
  readonly running: boolean;
  /** Immediate shutdown (SIGKILL if that hangs) by pid, then removes the dir; safe to call twice. */
  readonly stop: () => Promise<void>;
  /** Immediate shutdown by pid (as `pg_ctl stop -m immediate`: no checkpoint); keeps the dir. */
  readonly crash: () => Promise<void>;
  /** Fast shutdown by pid (clean: a checkpoint, then exit); keeps the dir. */
  readonly shutdown: () => Promise<void>;
  /** Starts a postmaster again on the same dir and port; a no-op while one is running. */
  readonly start: () => Promise<void>;
}

/** What a server is made of, before and after its postmaster runs. */
interface Layout {
  readonly name: string;
  readonly dir: string;
  readonly dataDir: string;
  readonly logFile: string;
  readonly binDir: string;
}

export async function startPostgres(opts: StartPostgresOptions): Promise<PgServer> {
  const binDir = opts.binDir ?? process.env.HASPEC_PG_BINDIR ?? DEFAULT_BINDIR;
  if (!existsSync(join(binDir, "postgres"))) {
    throw new AdapterError(`postgres: cannot run ${join(binDir, "postgres")}: not found (install with scripts/install-servers.sh)`);
  }
  const layout = makeLayout(opts.name, binDir);
  try {
    if (opts.primaryPort === undefined) await initPrimary(layout, opts.settings ?? {});
    else await cloneStandby(layout, opts.primaryPort);
    return await launchFirst(layout, opts);
  } catch (e) {
    removeTempDir(layout.dir);
    throw e instanceof StartFailure ? new AdapterError(e.message) : e;
  }
}

/** A free port can be taken by someone else before postgres binds it: then try another. */
async function launchFirst(layout: Layout, opts: StartPostgresOptions): Promise<PgServer> {
  for (let attempt = 0; ; attempt++) {
    const port = opts.port ?? (await freePort());
    try {
      const child = await launch(layout, port, opts.readyTimeoutMs);
      return serverHandle(layout, port, child, opts.readyTimeoutMs);
    } catch (e) {
      if (e instanceof StartFailure && e.portInUse && opts.port === undefined && attempt < 3) continue;
      throw e;
    }
  }
}

class StartFailure extends Error {
  constructor(
    message: string,
    readonly portInUse: boolean,
  ) {
    super(message);
  }
}

function serverHandle(layout: Layout, port: number, first: ChildProcess, readyTimeoutMs?: number): PgServer {
  let child = first;
  let removed = false;
  return {
    ...layout,
    port,
    get pid() {
      return child.pid!;
    },
    get running() {
      return isAlive(child);
    },
    stop: async () => {
      await signalAndWait(child, "SIGQUIT", 5_000);
      if (!removed) removeTempDir(layout.dir);
      removed = true;
    },
    crash: () => signalAndWait(child, "SIGQUIT", 5_000),
    shutdown: () => signalAndWait(child, "SIGINT", 30_000),
    start: async () => {
      if (removed) throw new AdapterError(`postgres ${layout.name}: cannot start again after stop()`);
      if (isAlive(child)) return;
      try {
        child = await launch(layout, port, readyTimeoutMs);
      } catch (e) {
        throw e instanceof StartFailure ? new AdapterError(e.message) : e;
      }
    },
  };
}

function makeLayout(name: string, binDir: string): Layout {
  const user = pgUser();
  const dir = mkdtempSync(join(tmpdir(), `haspec-pg-${name}-`));
  trackTempDir(dir);
  if (user !== undefined) chownSync(dir, user.uid, user.gid);
  return { name, dir, dataDir: join(dir, "data"), logFile: join(dir, "postgres.log"), binDir };
}

async function initPrimary(layout: Layout, settings: PgSettings): Promise<void> {
  // --no-sync: only the postmaster is ever crashed here, never the OS, so the page cache survives.
  await runTool(layout, "initdb", ["-D", layout.dataDir, "-A", "trust", "-U", "postgres", "--data-checksums", "--locale=C", "-E", "UTF8", "--no-sync"]);
  // port, listen_addresses and the socket dir go on the command line instead (see launch).
  const conf = {
    wal_level: "replica",
    max_wal_senders: "10",
    wal_log_hints: "on",
    // pg_rewind needs the WAL back to the point of divergence (research §1.1 step 5).
    wal_keep_size: "256MB",
    hot_standby: "on",
    synchronous_commit: settings.synchronousCommit ?? "on",
    synchronous_standby_names: settings.synchronousStandbyNames ?? "",
  };
  const lines = Object.entries(conf).map(([k, v]) => `${k} = '${v.replaceAll("'", "''")}'\n`);
  appendFileSync(join(layout.dataDir, "postgresql.conf"), `\n# haspec\n${lines.join("")}`);
  appendFileSync(join(layout.dataDir, "pg_hba.conf"), `\nhost replication postgres 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 trust\n`);
}

async function cloneStandby(layout: Layout, primaryPort: number): Promise<void> {
  const conninfo = `host=${PG_HOST} port=${primaryPort} user=postgres application_name=${layout.name}`;
  // -R writes standby.signal and primary_conninfo (with application_name); -c fast: do not wait
  // for a spread checkpoint on the primary.
  await runTool(layout, "pg_basebackup", ["-D", layout.dataDir, "-R", "-X", "stream", "-c", "fast", "--no-sync", "-d", conninfo]);
}

/**
 * Runs the postmaster and waits until it takes connections. The per-server settings are flags,
 * not postgresql.conf lines, because pg_basebackup and pg_rewind copy postgresql.conf from
 * another server.
 */
async function launch(layout: Layout, port: number, readyTimeoutMs = 30_000): Promise<ChildProcess> {
  removeStaleLocks(layout, port);
  const logStart = fileSize(layout.logFile);
  const args = ["-D", layout.dataDir, "-p", String(port), "-k", layout.dir, "-c", `listen_addresses=${PG_HOST}`];
  const [cmd, argv] = asPgUser(join(layout.binDir, "postgres"), args);
  let child: ChildProcess;
  try {
    child = await spawnTracked(cmd, argv, { env: pgEnv(layout.dir), cwd: layout.dir, logFile: layout.logFile });
  } catch (e) {
    throw new StartFailure(`postgres ${layout.name}: cannot run ${cmd}: ${oneLine((e as Error).message)}`, false);
  }
  const failure = await waitReady(child, layout, port, readyTimeoutMs);
  if (failure === null) return child;
  await killTracked(child);
  const reason = relevantLine(readFrom(layout.logFile, logStart)) ?? failure;
  throw new StartFailure(`postgres ${layout.name} did not start on ${PG_HOST}:${port}: ${reason}`, /Address already in use/.test(reason));
}

/** Our previous postmaster has exited, so its lock files are stale; a reused pid in them would block the start. */
function removeStaleLocks(layout: Layout, port: number): void {
  for (const file of [join(layout.dataDir, "postmaster.pid"), join(layout.dir, `.s.PGSQL.${port}.lock`)]) rmSync(file, { force: true });
}

/** Null once a connection to *this* server succeeds; otherwise why it did not. */
async function waitReady(child: ChildProcess, layout: Layout, port: number, timeoutMs: number): Promise<string | null> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(child)) return `exited (${child.exitCode ?? child.signalCode})`;
    const dataDir = await probe(port);
    // Someone else's server on a port that was free a moment ago must not pass for ours.
    if (dataDir !== undefined && dataDir === realpathSync(layout.dataDir)) {
      return postmasterPid(layout) === child.pid ? null : `postmaster.pid does not hold the spawned pid ${child.pid} (is ${join(layout.binDir, "postgres")} a wrapper?)`;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return `no connection after ${timeoutMs} ms`;
}

/** The data directory of the server taking connections on this port, if any. */
async function probe(port: number): Promise<string | undefined> {
  const client = new Client({ host: PG_HOST, port, user: "postgres", database: "postgres", ssl: false, connectionTimeoutMillis: 1000 });
  client.on("error", () => {});
  try {
    await client.connect();
    const res = await client.query<{ d: string }>("SELECT current_setting('data_directory') AS d");
    return res.rows[0]?.d;
  } catch {
    return undefined; // not listening yet, or "the database system is starting up"
  } finally {
    await client.end().catch(() => {});
  }
}

function postmasterPid(layout: Layout): number | undefined {
  try {
    return Number(readFileSync(join(layout.dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  } catch {
    return undefined;
  }
}

/** Sends the shutdown signal by pid, waits up to graceMs for the postmaster to exit, then SIGKILLs it. */
async function signalAndWait(child: ChildProcess, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (!isAlive(child)) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    process.kill(child.pid!, signal);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ESRCH") throw e;
  }
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, graceMs)))]);
  clearTimeout(timer);
  // A postmaster reaps its children before it exits; only a SIGKILLed one would leave orphans,
  // and those exit by themselves when they notice their postmaster is gone.
  await killTracked(child);
}

/** Runs a PostgreSQL program (initdb, pg_basebackup, pg_rewind...) to completion; its output on success. */
export async function runTool(layout: Pick<Layout, "name" | "dir" | "binDir">, tool: string, args: readonly string[], timeoutMs = 60_000): Promise<string> {
  const [cmd, argv] = asPgUser(join(layout.binDir, tool), args);
  let child: ChildProcess;
  try {
    child = await spawnTracked(cmd, argv, { env: pgEnv(layout.dir), cwd: layout.dir });
  } catch (e) {
    throw new AdapterError(`postgres ${layout.name}: cannot run ${cmd}: ${oneLine((e as Error).message)}`);
  }
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let timer: NodeJS.Timeout | undefined;
  const code = await Promise.race([exited, new Promise<"timeout">((r) => (timer = setTimeout(() => r("timeout"), timeoutMs)))]);
  clearTimeout(timer);
  if (code === "timeout") await killTracked(child);
  if (code === 0) return out;
  const why = code === "timeout" ? `no exit after ${timeoutMs} ms` : (relevantLine(out) ?? `exit ${code ?? child.signalCode}`);
  throw new AdapterError(`postgres ${layout.name}: ${tool} failed: ${why}`);
}

/** setpriv when root (initdb refuses root); the program itself otherwise. */
function asPgUser(bin: string, args: readonly string[]): [string, string[]] {
  if (pgUser() === undefined) return [bin, [...args]];
  return ["setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", bin, ...args]];
}

let cachedUser: { uid: number; gid: number } | undefined | null = null;
/** The postgres user's ids when this process is root (and must not run servers as itself). */
function pgUser(): { uid: number; gid: number } | undefined {
  if (cachedUser !== null) return cachedUser;
  if (process.getuid?.() !== 0) return (cachedUser = undefined);
  const entry = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .map((l) => l.split(":"))
    .find((f) => f[0] === "postgres");
  if (entry === undefined) throw new AdapterError("postgres: running as root needs a 'postgres' user (initdb refuses root)");
  return (cachedUser = { uid: Number(entry[2]), gid: Number(entry[3]) });
}

/** PG* variables would silently redirect the tools (PGDATA, PGPORT...); LC_ALL=C keeps messages in English. */
function pgEnv(home: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("PG")));
  return { ...env, HOME: home, LC_ALL: "C" };
}

function isAlive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}


/** The line that says why: a bind failure, else the last FATAL/PANIC/ERROR, else the last line. */
function relevantLine(log: string): string | undefined {
  const lines = log.split("\n").filter((l) => l.trim() !== "");
  const line =
    lines.find((l) => /Address already in use/.test(l)) ?? [...lines].reverse().find((l) => /\b(FATAL|PANIC|ERROR|error):/.test(l)) ?? lines.at(-1);
  // Drop the "2024-01-01 00:00:00.000 UTC [123] " prefix.
  return line === undefined ? undefined : oneLine(line.replace(/^\d{4}-\d\d-\d\d [^[]*\[\d+\]\s*/, ""));
}



