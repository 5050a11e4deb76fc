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
