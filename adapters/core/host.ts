/**
 * What every real server's harness needs of this machine: a binary found before it is run, free
 * ports on 127.0.0.1, and the tail of its log read back as one line for an error message.
 */
import { accessSync, constants, readFileSync, statSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { delimiter, join } from "node:path";
import { AdapterError } from "../contract.ts";

export const HOST = "127.0.0.1";

/** The binary's path, or a one-line AdapterError naming the system and what is wrong. */
export function resolveBin(system: string, bin: string, extraDirs: readonly string[] = []): string {
  const dirs = [...(process.env.PATH ?? "").split(delimiter).filter(Boolean), ...extraDirs];
  const candidates = bin.includes("/") ? [bin] : dirs.map((d) => join(d, bin));
  const found = candidates.find((p) => {
    try {
      return statSync(p).isFile();
    } catch {
      return false;
    }
  });
  if (found === undefined) throw new AdapterError(`${system}: cannot run ${bin}: not found (install with scripts/install-servers.sh)`);
  try {
    accessSync(found, constants.X_OK);
  } catch {
    throw new AdapterError(`${system}: cannot run ${found}: not executable`);
  }
  return found;
}

/** Ports the OS reports free on 127.0.0.1 (a fixed one is kept), held open together so they differ. */
export async function freePorts(fixed: readonly (number | undefined)[]): Promise<number[]> {
  const servers: Server[] = [];
  const pick = async (port: number | undefined): Promise<number> => {
    if (port !== undefined) return port;
    const server = createServer();
    servers.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, HOST, resolve);
    });
    return (server.address() as { port: number }).port;
  };
  try {
    const out: number[] = [];
    for (const f of fixed) out.push(await pick(f));
    return out;
  } finally {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  }
}

export async function freePort(): Promise<number> {
  return (await freePorts([undefined]))[0]!;
}

export function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** What was appended to a log since `offset` (the size before this start). */
export function readFrom(path: string, offset: number): string {
  try {
    return readFileSync(path).subarray(offset).toString("utf8");
  } catch {
    return "";
  }
}

export function oneLine(s: string): string {
  const line = s.replace(/\s+/g, " ").trim();
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

/** Polls `ready` every 50 ms until it holds; after `tries` polls, fails with `what` (a replica that never caught up). */
export async function pollUntil(ready: () => Promise<boolean>, tries: number, what: string): Promise<void> {
  for (let i = 0; !(await ready()); i++) {
    if (i >= tries) throw new Error(what);
    await new Promise((done) => setTimeout(done, 50));
  }
}
