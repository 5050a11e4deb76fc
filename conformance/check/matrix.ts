/**
 * The preset × invariant matrix: for each preset of a protocol, whether each invariant held in
 * a run of random histories or was broken (and how soon). Each cell explores with that invariant
 * alone, so a preset that breaks several shows each of them.
 */
import { buildConfig, type Entry } from "../protocols.ts";
import { explore } from "./explore.ts";

export interface Cell {
  readonly preset: string;
  readonly invariant: string;
  readonly violated: boolean;
  /** Runs done: until the violation, or all of them. */
  readonly runs: number;
  readonly length: number;
}

export function presetMatrix(entry: Entry, runs: number, seed: number): Cell[] {
  const { protocol } = entry;
  return protocol.presets.flatMap((preset) => {
    const flatConfig = buildConfig(protocol, preset.name, {});
    return protocol.invariants.map((inv): Cell => {
      const r = explore({ entry, flatConfig, seed, runs, maxSteps: 100, timeLimitMs: 3_600_000, invariants: [inv.name] });
      return { preset: preset.name, invariant: inv.name, violated: r.violation !== null, runs: r.runs, length: r.events.length };
    });
  });
}

/** The matrix as a Markdown table: presets down, invariants across. */
export function matrixTable(entry: Entry, cells: readonly Cell[], runs: number): string {
  const invs = entry.protocol.invariants.map((i) => i.name);
  const head = `| preset | ${invs.map((i) => `\`${i}\``).join(" | ")} |`;
  const rule = `|---|${invs.map(() => "---").join("|")}|`;
  const rows = entry.protocol.presets.map((p) => {
    const marks = invs.map((inv) => {
      const c = cells.find((x) => x.preset === p.name && x.invariant === inv)!;
      return c.violated ? `**violated** (${c.length} events)` : "holds";
    });
    return `| \`${p.name}\` | ${marks.join(" | ")} |`;
  });
  return [head, rule, ...rows, "", `"holds": no violation in ${runs.toLocaleString("en-US")} random histories (seed 1); "violated": found, shrunk to that many events.`].join("\n");
}
