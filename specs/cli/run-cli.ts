/** Runs the real `haspec` command in a child process, in a scratch directory. */
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { main } from "../../conformance/cli/main.ts";

const BIN = resolve(import.meta.dirname, "../../bin/haspec.js");

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function scratch(): string {
  return mkdtempSync(join(tmpdir(), "haspec-spec-"));
}

export function cli(args: readonly string[], cwd: string = scratch(), env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the haspec command in-process, as bin/haspec.js does: its exit status and the lines it wrote. */
export async function runInProcess(args: readonly string[]): Promise<{ status: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (l: string) => out.push(l), progress: () => {}, now: () => 0, freshSeed: () => 0, color: false };
  const status = await main(args, io, (l) => err.push(l));
  return { status, out, err };
}
