/**
 * The text timeline of a trace: true time down the side, one lane per node, the event and what
 * it caused. Quiet stretches (time passing with nothing to see) fold into one line, and the
 * violating step is marked with the invariant's statement. Colour only when asked (a TTY).
 */
import type { AnyProtocol } from "../../model/core/protocol.ts";
import { clusterView } from "./cluster-view.ts";
import { leaseView } from "./lease-view.ts";
import { proxyView } from "./proxy-view.ts";
import { replicationView } from "./replication-view.ts";
import type { Trace } from "./schema.ts";
import type { ProtocolView } from "./view.ts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const views: Readonly<Record<string, ProtocolView<any, any, any>>> = { lease: leaseView, replication: replicationView, proxy: proxyView, cluster: clusterView };

const LANE = 24;
const pad = (s: string, n: number): string => (s.length >= n ? `${s.slice(0, n - 1)}…` : s.padEnd(n));

interface Style {
  readonly bold: (s: string) => string;
  readonly red: (s: string) => string;
  readonly dim: (s: string) => string;
}
const plain: Style = { bold: (s) => s, red: (s) => s, dim: (s) => s };
const ansi: Style = { bold: (s) => `\x1b[1m${s}\x1b[0m`, red: (s) => `\x1b[31m${s}\x1b[0m`, dim: (s) => `\x1b[2m${s}\x1b[0m` };

export function renderTimeline(protocol: AnyProtocol, trace: Trace, opts: { color?: boolean } = {}): string {
  const view = views[protocol.name]!;
  const style = opts.color ? ansi : plain;
  const config = protocol.configFromFlat(trace.config);
  const lines: string[] = [];
  let state = protocol.init(config);
  const header = `${"step".padStart(5)} ${"t(ms)".padStart(7)}  ${view.laneNames(state).map((n: string) => pad(n, LANE)).join(" ")}  event → effects`;
  lines.push(style.bold(header));
  let quiet = 0;
  const seen: unknown[] = [];
  const last = trace.observed !== undefined ? trace.events.length - 1 : (trace.violation?.step ?? trace.events.length - 1);
  for (let i = 0; i <= last && i < trace.events.length; i++) {
    const event = trace.events[i]!;
    const t = protocol.step(config, state, event);
    seen.push(...t.outputs);
    const effects = t.outputs.map((o: unknown) => view.describeOutput(o)).filter((d: string | null): d is string => d !== null);
    const observed = (trace.observed?.[i] ?? []).map((o: unknown) => view.describeOutput(o)).filter((d: string | null): d is string => d !== null);
    const violating = trace.violation?.step === i || trace.observedViolation?.step === i || trace.divergence?.step === i;
    const lanesChanged = view.laneKey(t.state) !== view.laneKey(state);
    if (effects.length === 0 && observed.length === 0 && !violating && !lanesChanged && event.type === "TimeAdvanced") {
      quiet++;
    } else {
      if (quiet > 0) lines.push(style.dim(`${"".padStart(5)} ${"".padStart(7)}  … ${quiet} quiet step${quiet > 1 ? "s" : ""} of time`));
      quiet = 0;
      const mark = violating ? ">>" : "  ";
      const row = `${mark}${String(i).padStart(3)} ${String(view.nowMs(t.state)).padStart(7)}  ${view.lanes(t.state).map((l: string) => pad(l, LANE)).join(" ")}  ${view.describeEvent(event, state)}${effects.length ? ` → ${effects.join("; ")}` : ""}`;
      lines.push(violating ? style.red(style.bold(row)) : row);
      if (observed.length > 0) lines.push(`${" ".repeat(16 + (LANE + 1) * view.laneNames(state).length)} ${trace.adapter}: ${observed.join("; ")}`);
    }
    state = t.state;
  }
  if (trace.observedViolation) lines.push(style.red(`>> step ${trace.observedViolation.step}: ${trace.adapter} broke ${trace.observedViolation.invariant}: ${trace.observedViolation.message}`));
  if (trace.divergence) lines.push(style.red(`>> step ${trace.divergence.step}: ${trace.adapter} diverged from the model: ${trace.divergence.message}`));
  if (trace.violation !== null) {
    const inv = protocol.invariants.find((x) => x.name === trace.violation!.invariant);
    lines.push(style.red(`>> step ${trace.violation.step}: ${trace.violation.invariant} violated${trace.adapter ? " in the model" : ""}: ${trace.violation.message}`));
    if (inv) lines.push(`   ${inv.name}: ${inv.statement}`);
  }
  for (const line of view.summary?.(seen) ?? []) lines.push(style.bold(line));
  lines.push(style.dim(view.legend));
  return `${lines.join("\n")}\n`;
}
