/**
 * A real single-member etcd (3.4, as Debian ships it), started as a plain child process on
 * 127.0.0.1 in its own temp dir, for tests and for the etcd conformance adapter.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AdapterError } from "../contract.ts";
import { fileSize, freePorts, oneLine, readFrom, resolveBin } from "../core/host.ts";
import { killTracked, removeTempDir, spawnTracked, trackTempDir } from "../core/processes.ts";

export interface EtcdServer {
  readonly pid: number;
  /** http://127.0.0.1:PORT */
  readonly clientUrl: string;
  readonly dataDir: string;
  /** Kills etcd by pid, waits for it to exit and removes its data dir; safe to call twice. */
  readonly stop: () => Promise<void>;
}

export interface StartEtcdOptions {
  /** Default: $HASPEC_ETCD_BIN, else `etcd` on PATH. */
  readonly bin?: string;
  /** Client port. Default: $HASPEC_ETCD_PORT, else a free one. */
  readonly port?: number;
  /** Peer port. Default: $HASPEC_ETCD_PEER_PORT, else a free one. */
  readonly peerPort?: number;
  /** Appends etcd's log to this file, which outlives the server; default: a file in its temp dir. */
  readonly logTo?: string;
  /** How long to wait for /health to report healthy. */
  readonly readyTimeoutMs?: number;
}

const HOST = "127.0.0.1";

export async function startEtcd(opts: StartEtcdOptions = {}): Promise<EtcdServer> {
  const bin = resolveBin("etcd", opts.bin ?? process.env.HASPEC_ETCD_BIN ?? "etcd");
  const fixedClient = opts.port ?? envPort("HASPEC_ETCD_PORT");
  const fixedPeer = opts.peerPort ?? envPort("HASPEC_ETCD_PEER_PORT");
  // A free port found by the OS can be taken by someone else before etcd binds it.
  for (let attempt = 0; ; attempt++) {
    const [client, peer] = (await freePorts([fixedClient, fixedPeer])) as [number, number];
    try {
      return await startOnce(bin, client, peer, opts);
    } catch (e) {
      const taken = e instanceof StartFailure ? e.portInUse : undefined;
      const auto = (taken === client && fixedClient === undefined) || (taken === peer && fixedPeer === undefined);
      if (e instanceof StartFailure && auto && attempt < 3) continue;
      throw e instanceof StartFailure ? new AdapterError(e.message) : e;
    }
  }
}

class StartFailure extends Error {
  constructor(
    message: string,
    readonly portInUse: number | undefined,
  ) {
    super(message);
  }
}

async function startOnce(bin: string, client: number, peer: number, opts: StartEtcdOptions): Promise<EtcdServer> {
  const dir = mkdtempSync(join(tmpdir(), "haspec-etcd-"));
  trackTempDir(dir);
  const dataDir = join(dir, "data");
  const logFile = opts.logTo ?? join(dir, "etcd.log");
  const logStart = fileSize(logFile);
  const clientUrl = `http://${HOST}:${client}`;
  const peerUrl = `http://${HOST}:${peer}`;
  const args = [
    ...["--name", "n1", "--data-dir", dataDir],
    ...["--listen-client-urls", clientUrl, "--advertise-client-urls", clientUrl],
    ...["--listen-peer-urls", peerUrl, "--initial-advertise-peer-urls", peerUrl, "--initial-cluster", `n1=${peerUrl}`],
    // Short raft timings make the minimum lease TTL 1 s, so that lease tests run in seconds.
    ...["--heartbeat-interval=10", "--election-timeout=100"],
    // zap logs one JSON object a line, from which the reason for a failure can be picked out.
    ...["--logger=zap", "--log-outputs=stderr"],
  ];
  // ETCD_* variables would silently override or conflict with the flags above.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("ETCD_")));

  let child: ChildProcess;
  try {
    child = await spawnTracked(bin, args, { env, logFile });
  } catch (e) {
    removeTempDir(dir);
    throw new AdapterError(`etcd: cannot run ${bin}: ${oneLine((e as Error).message)}`);
  }
  const stop = async () => {
    await killTracked(child);
    removeTempDir(dir);
  };

  const failure = await waitHealthy(child, clientUrl, opts.readyTimeoutMs ?? 10_000);
  if (failure === null) return { pid: child.pid!, clientUrl, dataDir, stop };
  const reason = mostRelevantLine(readFrom(logFile, logStart)) ?? failure;
  await stop();
  const inUse = /127\.0\.0\.1:(\d+): bind: address already in use/.exec(reason);
  throw new StartFailure(`etcd did not start on ${HOST}:${client}: ${reason}`, inUse ? Number(inUse[1]) : undefined);
}

/** Null once etcd reports healthy; otherwise why it did not (exited, or ran out of time). */
async function waitHealthy(child: ChildProcess, clientUrl: string, timeoutMs: number): Promise<string | null> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return `exited (${child.exitCode ?? child.signalCode})`;
    try {
      const res = await fetch(`${clientUrl}/health`, { signal: AbortSignal.timeout(1000) });
      const body = (await res.json()) as { health?: unknown };
      if (body.health === "true") return null;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return `not healthy after ${timeoutMs} ms`;
}

/** The line that says why etcd failed: the last fatal/error entry's error, else the last line. */
function mostRelevantLine(log: string): string | undefined {
  const lines = log.split("\n").filter((l) => l.trim() !== "");
  for (const line of [...lines].reverse()) {
    try {
      const entry = JSON.parse(line) as { level?: string; msg?: string; error?: string };
      if (entry.level === "fatal" || entry.level === "panic" || entry.level === "error") {
        return oneLine(entry.error ?? entry.msg ?? line);
      }
    } catch {
      // Not zap output (a Go panic, a wrapper script): fall through to the last line.
    }
  }
  const last = lines.at(-1);
  return last === undefined ? undefined : oneLine(last);
}


function envPort(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new AdapterError(`etcd: ${name}=${raw} is not a port`);
  return port;
}




