/**
 * The child processes (and temp dirs) this Node process started, so that none outlives it.
 * Everything is killed by pid, never by name: other runs on the same machine, and the user's own
 * servers, must never be touched. Children are not detached, so a Ctrl-C at a terminal also
 * reaches them. The one case nothing here can cover is this process being SIGKILLed.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync, rmSync } from "node:fs";

const live = new Set<ChildProcess>();
const tempDirs = new Set<string>();

export interface SpawnTrackedOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Appends the child's stdout and stderr to this file; without it they are pipes. */
  readonly logFile?: string;
}

/** True while the child has not been reaped (its pid cannot have been reused by another process). */
function running(child: ChildProcess): boolean {
  return child.pid !== undefined && child.exitCode === null && child.signalCode === null;
}

/**
 * Spawns and records a child. Resolves once it is running; rejects with the spawn error (ENOENT,
 * EACCES...) otherwise, so callers never hold a child that has no process behind it.
 */
export async function spawnTracked(cmd: string, args: readonly string[], opts: SpawnTrackedOptions = {}): Promise<ChildProcess> {
  installExitCleanup();
  const log = opts.logFile === undefined ? undefined : openSync(opts.logFile, "a");
  let child: ChildProcess;
  try {
    child = spawn(cmd, args, {
      detached: false,
      stdio: log === undefined ? ["ignore", "pipe", "pipe"] : ["ignore", log, log],
      ...(opts.env === undefined ? {} : { env: opts.env }),
      ...(opts.cwd === undefined ? {} : { cwd: opts.cwd }),
    });
  } finally {
    // The child holds its own copy of the descriptor.
    if (log !== undefined) closeSync(log);
  }
  if (child.pid !== undefined) live.add(child);
  child.once("exit", () => live.delete(child));
  await new Promise<void>((resolve, reject) => {
    child.once("spawn", resolve);
    child.once("error", reject);
  });
  return child;
}

/** SIGKILLs the child by pid and waits until it has exited; a no-op if it already has. */
export async function killTracked(child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  if (!running(child)) {
    live.delete(child);
    return;
  }
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    process.kill(child.pid!, "SIGKILL");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ESRCH") throw e;
  }
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`process ${child.pid} did not exit within ${timeoutMs} ms of SIGKILL`)), timeoutMs);
  });
  try {
    await Promise.race([exited, timedOut]);
  } finally {
    clearTimeout(timer);
  }
  live.delete(child);
}

/** Kills every tracked child that is still running, and waits for all of them. */
export async function killAllTracked(): Promise<void> {
  await Promise.all([...live].map((c) => killTracked(c)));
}

/** Registers a temp dir to be removed if this process ends before its owner removes it. */
export function trackTempDir(dir: string): void {
  installExitCleanup();
  tempDirs.add(dir);
}

/** Removes a registered temp dir now (best effort) and forgets it. */
export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  tempDirs.delete(dir);
}

/** What is currently tracked: for tests, and for reporting what a crash would clean up. */
export function tracked(): { readonly pids: readonly number[]; readonly dirs: readonly string[] } {
  return { pids: [...live].filter(running).map((c) => c.pid!), dirs: [...tempDirs] };
}

/** Synchronous, so that it can run inside 'exit' handlers, where nothing asynchronous happens. */
function cleanupSync(): void {
  for (const child of live) {
    if (running(child)) {
      try {
        process.kill(child.pid!, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
  }
  live.clear();
  for (const dir of tempDirs) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Best effort: a dir we cannot remove must not hide why the process is ending.
    }
  }
  tempDirs.clear();
}

let exitInstalled = false;
function installExitCleanup(): void {
  if (exitInstalled) return;
  exitInstalled = true;
  // 'exit' also fires after an uncaught exception or unhandled rejection ends the process.
  process.on("exit", cleanupSync);
  // With --abort-on-uncaught-exception 'exit' never fires, but the monitor still does. If some
  // other handler will catch the exception (a test runner does), the process lives on and its
  // servers must too.
  process.on("uncaughtExceptionMonitor", () => {
    if (process.listenerCount("uncaughtException") === 0) cleanupSync();
  });
}

let signalsInstalled = false;
/**
 * For CLIs only: on SIGINT, SIGTERM or SIGHUP kill every tracked child, then exit 128+signal.
 * Not installed by default because a handler replaces Node's default exit on that signal, which
 * a host (a vitest worker) may rely on.
 */
export function installSignalCleanup(lastWords?: (signal: string) => void): void {
  installExitCleanup();
  if (lastWords !== undefined) sayOnSignal = lastWords;
  if (signalsInstalled) return;
  signalsInstalled = true;
  const codes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
  for (const [signal, code] of Object.entries(codes)) {
    process.on(signal, () => {
      cleanupSync();
      // What the run had done when it was stopped: a stopped run is never silent.
      try { sayOnSignal?.(signal); } catch { /* the servers are stopped either way */ }
      process.exit(code);
    });
  }
}

/** What the command says when a signal stops it (set by installSignalCleanup's caller). */
let sayOnSignal: ((signal: string) => void) | null = null;
