/**
 * The preset × invariant matrix: for each preset of a protocol, whether each invariant held in
 * a run of random histories or was broken (and how soon). Each cell explores with that invariant
 * alone, so a preset that breaks several shows each of them.
 */
import type { ProxyConfig } from "../../model/proxy/index.ts";
import { buildConfig } from "../kits/config.ts";
import { kits } from "../kits/index.ts";
import type { Ev, ProtocolKit } from "../kits/kit.ts";
import { explore } from "./explore.ts";

export interface Cell {
  readonly preset: string;
  readonly invariant: string;
  readonly violated: boolean;
  /** Runs done: until the violation, or all of them. */
  readonly runs: number;
  readonly length: number;
  /** Held while no run reached any of its witnesses. */
  readonly vacuous: boolean;
}

export function presetMatrix<C, S, E extends Ev, O>(kit: ProtocolKit<C, S, E, O>, runs: number, seed: number): Cell[] {
  const protocol = kit.model;
  return protocol.presets.flatMap((preset) => {
    const flatConfig = buildConfig(protocol, preset.name, {});
    return protocol.invariants.map((inv): Cell => {
      const r = explore({ kit, flatConfig, seed, runs, maxSteps: 100, timeLimitMs: 3_600_000, invariants: [inv.name] });
      const done = r.violationRun === null ? r.runs : r.violationRun + 1;
      return { preset: preset.name, invariant: inv.name, violated: r.violation !== null, runs: done, length: r.events.length, vacuous: r.coverage.vacuous.includes(inv.name) };
    });
  });
}

/** The matrix as a Markdown table: presets down, invariants across. */
export function matrixTable(protocol: { readonly invariants: readonly { readonly name: string }[]; readonly presets: readonly { readonly name: string }[] }, cells: readonly Cell[], runs: number): string {
  const invs = protocol.invariants.map((i) => i.name);
  const head = `| preset | ${invs.map((i) => `\`${i}\``).join(" | ")} |`;
  const rule = `|---|${invs.map(() => "---").join("|")}|`;
  const rows = protocol.presets.map((p) => {
    const marks = invs.map((inv) => {
      const c = cells.find((x) => x.preset === p.name && x.invariant === inv)!;
      return c.violated ? `**violated** (${c.length} events)` : c.vacuous ? "holds, *vacuous*" : "holds";
    });
    return `| \`${p.name}\` | ${marks.join(" | ")} |`;
  });
  return [
    head, rule, ...rows, "",
    `"holds": no violation in ${runs.toLocaleString("en-US")} random histories (seed 1); "*vacuous*": held, but no history reached the situation it is about (its witness), so the pass says nothing; "violated": found, shrunk to that many events.`,
  ].join("\n");
}

/**
 * The proxy's strategies side by side: for each preset, how it carries sessions over, which
 * guarantees held in every run and which broke (with the shrunk counterexample's length).
 */
/** The proxy's presets side by side: what each strategy keeps across a failover, and what it risks. */
export function strategiesTable(cells: readonly Cell[], runs: number): string {
  const protocol = kits.proxy.model;
  const rows = protocol.presets.map((p) => {
    const mine = cells.filter((c) => c.preset === p.name);
    const kept = mine.filter((c) => !c.violated).map((c) => `\`${c.invariant}\`${c.vacuous ? " (*vacuous*)" : ""}`);
    const broken = mine.filter((c) => c.violated).map((c) => `**\`${c.invariant}\`** (${c.length} events)`);
    const how = strategyText(protocol.configFromFlat(buildConfig(protocol, p.name, {})));
    const all = kept.length === mine.length && !mine.some((c) => c.vacuous);
    return `| \`${p.name}\` | ${how} | ${all ? "all" : kept.join(", ") || "none"} | ${broken.join(", ") || "—"} |`;
  });
  return [
    "| preset | how it carries sessions across a failover | preserves | risks |",
    "|---|---|---|---|",
    ...rows,
    "",
    `"preserves": no violation in ${runs.toLocaleString("en-US")} random histories (seed 1), each invariant explored alone ("*vacuous*": no history reached the situation it is about); "risks": found, shrunk to that many events. Workload knobs at their defaults unless the preset says otherwise.`,
  ].join("\n");
}

function strategyText(c: ProxyConfig): string {
  const parts = [
    c.persistentConnections ? "idle sessions reconnect" : "connections break",
    `session state restored: ${c.sessionRestore}${c.strictTmpTables ? " (strict temporary tables)" : ""}`,
  ];
  switch (c.preservation) {
    case "attach": parts.push(`transactions attached and the last statement resent${c.attachValidation ? "" : " **without validation**"}`); break;
    case "replay": parts.push(`transactions replayed, checksum ${c.checksum}, safe commit ${c.safeCommit ? "on" : "**off**"}`); break;
    default: parts.push("transactions break");
  }
  if (c.retriesOnFailure > 0) parts.push(`failed autocommit statements retried ${c.retriesOnFailure}×`);
  if (!c.epochCheck) parts.push("**no epoch check** on topology");
  const avoided = AVOIDABLE.filter(([, kind]) => !c.workload.includes(kind)).map(([name]) => name);
  if (avoided.length > 0) parts.push(`application avoids ${avoided.join(" and ")}`);
  return parts.join("; ");
}

/** The workload knobs the strategies table names when an application avoids what they allow. */
const AVOIDABLE = [["blindWrites", "blind-update"], ["implicitCommits", "implicit-commit"]] as const;
