/**
 * What a conformance run leaves behind: processes (by pid, zombies excluded) still running whose
 * command line names one of the run's server directories, as printed by `haspec conform`.
 */
import { readdirSync, readFileSync } from "node:fs";

export const startedIn = (text: string): { pids: number[]; dirs: string[] } => {
  const m = [...text.matchAll(/started: pid (\d+) at \S+ \(data in (\S+)\)/g)];
  return { pids: m.map((x) => Number(x[1])), dirs: m.map((x) => x[2]!) };
};

export function leftovers(dirs: readonly string[]): string[] {
  const found: string[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")) continue;
      const cmd = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ");
      if (dirs.some((d) => cmd.includes(d))) found.push(`${entry}: ${cmd.trim()}`);
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** Listening TCP sockets on this port, as local addresses in /proc/net/tcp{,6} hex form. */
export function listeners(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  return ["/proc/net/tcp", "/proc/net/tcp6"].flatMap((file) =>
    readFileSync(file, "utf8")
      .split("\n")
      .slice(1)
      .map((l) => l.trim().split(/\s+/))
      .filter((f) => f[1]?.endsWith(`:${hexPort}`) && f[3] === "0A")
      .map((f) => f[1]!.split(":")[0]!),
  );
}
