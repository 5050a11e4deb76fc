/**
 * A real etcd, started and stopped as a plain process. Nothing here is skipped: a machine that
 * cannot run etcd fails these tests (install it with scripts/install-servers.sh).
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { listeners } from "./leftovers.ts";
import { AdapterError } from "../../adapters/contract.ts";
import { tracked } from "../../adapters/core/processes.ts";
import { startEtcd, type EtcdServer } from "../../adapters/etcd/server.ts";

const started: EtcdServer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

async function start(opts?: Parameters<typeof startEtcd>[0]): Promise<EtcdServer> {
  const server = await startEtcd(opts);
  started.push(server);
  return server;
}


/** Pids of live processes named `name` whose parent is this process. */
function childrenNamed(name: string): number[] {
  return readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .flatMap((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, "utf8");
        const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
        return comm === name && Number(ppid) === process.pid && state !== "Z" ? [Number(d)] : [];
      } catch {
        return [];
      }
    });
}

function signalZeroThrows(pid: number): string | null {
  try {
    process.kill(pid, 0);
    return null;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code ?? "unknown";
  }
}

/** Gone, or a zombie nobody has reaped yet (in a container, pid 1 may never reap it). */
function isGone(pid: number): boolean {
  if (signalZeroThrows(pid) === "ESRCH") return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return true;
  }
}

async function eventually(check: () => boolean, ms = 3000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

async function holdPort(): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

async function startError(opts: Parameters<typeof startEtcd>[0]): Promise<AdapterError> {
  const error = await startEtcd(opts).then(
    (s) => {
      started.push(s);
      return new Error("etcd started");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AdapterError);
  return error as AdapterError;
}

describe("etcd server: start and stop", () => {
  it("starts healthy on 127.0.0.1 only, and stop leaves no process and no data dir", async () => {
    const server = await start();
    const url = new URL(server.clientUrl);
    expect(url.hostname).toBe("127.0.0.1");
    expect(await (await fetch(`${server.clientUrl}/health`)).json()).toMatchObject({ health: "true" });
    // 0100007F is 127.0.0.1 as /proc/net/tcp writes it; a wildcard bind would show 00000000.
    expect(listeners(Number(url.port))).toEqual(["0100007F"]);
    expect(existsSync(server.dataDir)).toBe(true);
    expect(tracked().pids).toEqual([server.pid]);

    await server.stop();
    expect(signalZeroThrows(server.pid)).toBe("ESRCH");
    expect(existsSync(server.dataDir)).toBe(false);
    expect(tracked()).toEqual({ pids: [], dirs: [] });
    await server.stop(); // idempotent
  });

  it("grants 1 s leases (the short raft timings are in effect)", async () => {
    const server = await start();
    const res = await fetch(`${server.clientUrl}/v3/lease/grant`, { method: "POST", body: JSON.stringify({ TTL: 1 }) });
    expect(await res.json()).toMatchObject({ TTL: "1" });
  });

  it("a port already in use is a one-line AdapterError naming it, and leaves nothing behind", async () => {
    const holder = await holdPort();
    const port = (holder.address() as { port: number }).port;
    try {
      const error = await startError({ port });
      expect(error.message).not.toMatch(/\n/);
      expect(error.message).toContain(`127.0.0.1:${port}`);
      expect(error.message).toMatch(/address already in use/);
    } finally {
      holder.close();
    }
    expect(childrenNamed("etcd")).toEqual([]);
    expect(tracked()).toEqual({ pids: [], dirs: [] });
  });

  it("a missing binary is a one-line AdapterError saying not found", async () => {
    const error = await startError({ bin: "/nonexistent/etcd" });
    expect(error.message).toBe("etcd: cannot run /nonexistent/etcd: not found (install with scripts/install-servers.sh)");
  });
});

/**
 * Runs a Node process that starts etcd, prints its pid and data dir, then does `then`; returns
 * them with the Node process's exit code once it has ended.
 */
async function etcdInChild(then: string, signal?: NodeJS.Signals) {
  const serverModule = fileURLToPath(new URL("../../adapters/etcd/server.ts", import.meta.url));
  const processesModule = fileURLToPath(new URL("../../adapters/core/processes.ts", import.meta.url));
  const code = `
    const { installSignalCleanup } = await import(${JSON.stringify(processesModule)});
    const { startEtcd } = await import(${JSON.stringify(serverModule)});
    installSignalCleanup();
    const s = await startEtcd();
    console.log(JSON.stringify({ pid: s.pid, dataDir: s.dataDir }));
    ${then}
  `;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("\n")) resolve(out.split("\n")[0]!);
    });
    void exited.then(() => reject(new Error(`child exited before starting etcd: ${err}`)));
  });
  const info = JSON.parse(line) as { pid: number; dataDir: string };
  if (signal !== undefined) child.kill(signal);
  return { ...info, exitCode: await exited };
}

describe("etcd server: nothing outlives the process that started it", () => {
  it("SIGTERM kills etcd, removes its dir, and exits 143", async () => {
    const r = await etcdInChild("setInterval(() => {}, 1000);", "SIGTERM");
    expect(r.exitCode).toBe(143);
    expect(await eventually(() => isGone(r.pid))).toBe(true);
    expect(existsSync(r.dataDir)).toBe(false);
  });

  it("an uncaught exception kills etcd and removes its dir", async () => {
    const r = await etcdInChild("setTimeout(() => { throw new Error('boom'); }, 10);");
    expect(r.exitCode).toBe(1);
    expect(await eventually(() => isGone(r.pid))).toBe(true);
    expect(existsSync(r.dataDir)).toBe(false);
  });

  it("process.exit without stop kills etcd and removes its dir", async () => {
    const r = await etcdInChild("process.exit(0);");
    expect(r.exitCode).toBe(0);
    expect(await eventually(() => isGone(r.pid))).toBe(true);
    expect(existsSync(r.dataDir)).toBe(false);
  });
});
