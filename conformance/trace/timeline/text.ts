/**
 * The terminal timeline: true time down the side, one lane per node (and storage, the proxy and
 * the clients), each cell the lane's role and local clock, spans drawn as bars in two gutters
 * (leases, recovery and held sessions in the first; I/O and client operations in the second),
 * the event and what it caused. Quiet stretches fold into one line; the violating step is
 * marked with the invariant's statement. Colour only when asked (a TTY).
 */
import type { Ev, ProtocolKit } from "../../kits/kit.ts";
import type { Trace } from "../schema.ts";
import { buildTimeline } from "./build.ts";
import type { Effect, Row, Span, Timeline, Tone } from "./types.ts";

const MAX_LANE = 24;

interface Style {
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly tone: (t: Tone | "mark", s: string) => string;
}
const plain: Style = { bold: (s) => s, dim: (s) => s, tone: (_, s) => s };
const sgr = (code: string) => (s: string): string => `\x1b[${code}m${s}\x1b[0m`;
const toneCodes: Record<Tone | "mark", string> = { ok: "32", fail: "31", info: "33", neutral: "0", mark: "1;31" };
const ansi: Style = { bold: sgr("1"), dim: sgr("2"), tone: (t, s) => (t === "neutral" ? s : sgr(toneCodes[t])(s)) };

export function renderTimeline<C, S, E extends Ev, O>(kit: ProtocolKit<C, S, E, O>, trace: Trace<E, O>, opts: { color?: boolean } = {}): string {
  return renderText(buildTimeline(kit, trace), opts);
}

export function renderText(t: Timeline, opts: { color?: boolean } = {}): string {
  const style = opts.color ? ansi : plain;
  const widths = laneWidths(t);
  const gutters = new Gutters(t.spans);
  const lines = [style.bold(`${"step".padStart(5)} ${"t(ms)".padStart(7)}  ${t.lanes.map((l, i) => `  ${fit(l.label, widths[i]!)}`).join(" ")}  event → effects`)];
  let quiet = 0;
  for (const row of t.rows) {
    if (row.quiet) {
      quiet++;
      continue;
    }
    if (quiet > 0) lines.push(style.dim(`${"".padStart(5)} ${"".padStart(7)}  … ${quiet} quiet step${quiet > 1 ? "s" : ""} of time`));
    quiet = 0;
    lines.push(...rowLines(t, row, widths, gutters, style));
  }
  lines.push(...findingLines(t, style));
  for (const line of t.summary) lines.push(style.bold(line));
  lines.push(style.dim(t.legend));
  lines.push(style.dim("gutters: ┃ a lease believed (┳ begins, ┻ ends), recovery or a held session; │ I/O or a client operation in flight (┬ issued, ┴ done; ╋ ┼ one begins beside another, ┫ ┤ one ends beside another); ◆ a message lands"));
  return `${lines.join("\n")}\n`;
}

function rowLines(t: Timeline, row: Row, widths: readonly number[], gutters: Gutters, style: Style): string[] {
  const marked = row.marks.length > 0;
  const lanes = row.cells.map((c, i) => `${gutters.at(i, row.step)}${fit(cellText(c, row.clocks[i] ?? null), widths[i]!)}`).join(" ");
  const effects = row.effects.map((e) => style.tone(e.tone, e.text)).join("; ");
  const head = `${marked ? ">>" : "  "}${String(row.step).padStart(3)} ${String(row.timeMs).padStart(7)}  ${lanes}  `;
  const lines = [marked ? style.tone("mark", `${head}${row.event}${effects ? ` → ${row.effects.map((e) => e.text).join("; ")}` : ""}`) : `${head}${row.event}${effects ? ` → ${effects}` : ""}`];
  if (row.observed !== undefined && row.observed.length > 0) lines.push(`${" ".repeat(head.length)}${t.adapter}: ${row.observed.map((e: Effect) => style.tone(e.tone, e.text)).join("; ")}`);
  return lines;
}

function findingLines(t: Timeline, style: Style): string[] {
  const lines: string[] = [];
  if (t.observedViolation) lines.push(style.tone("mark", `>> step ${t.observedViolation.step}: ${t.adapter} broke ${t.observedViolation.invariant}: ${t.observedViolation.message}`));
  if (t.divergence) lines.push(style.tone("mark", `>> step ${t.divergence.step}: ${t.adapter} diverged from the model: ${t.divergence.message}`));
  if (t.violation !== null) {
    lines.push(style.tone("mark", `>> step ${t.violation.step}: ${t.violation.invariant} violated${t.adapter ? " in the model" : ""}: ${t.violation.message}`));
    if (t.violation.statement) lines.push(`   ${t.violation.invariant}: ${t.violation.statement}`);
    if (t.violation.citation) lines.push(style.dim(`   (${t.violation.citation})`));
  }
  return lines;
}

const cellText = (cell: string, clock: number | null): string => (clock === null ? cell : `${cell} @${clock}`);
const fit = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n));

/** Each lane as wide as its widest shown cell, within bounds, so narrow lanes leave room for the events. */
function laneWidths(t: Timeline): number[] {
  return t.lanes.map((l, i) => {
    const cells = t.rows.filter((r) => !r.quiet).map((r) => cellText(r.cells[i]!, r.clocks[i] ?? null).length);
    return Math.min(MAX_LANE, Math.max(l.label.length, ...cells));
  });
}

/** The two gutter glyphs of a lane at a step, from the spans on that lane and the messages landing on it. */
class Gutters {
  constructor(private readonly spans: readonly Span[]) {}

  at(lane: number, step: number): string {
    const mine = this.spans.filter((s) => s.lane === lane);
    const long = mine.filter((s) => s.kind === "lease" || s.kind === "recovery" || s.kind === "held");
    const short = mine.filter((s) => s.kind === "io" || s.kind === "op");
    const lands = this.spans.some((s) => s.toLane === lane && s.toStep === step && s.landed === true);
    return `${glyph(long, step, "┃┳┻╋┫")}${lands ? "◆" : glyph(short, step, "│┬┴┼┤")}`;
  }
}

/** ` ` none, then: continuing, begins, ends, begins beside another, ends beside one that goes on. */
function glyph(spans: readonly Span[], step: number, g: string): string {
  const begins = spans.some((s) => s.fromStep === step);
  const ends = spans.some((s) => s.toStep === step);
  const goesOn = spans.some((s) => s.fromStep < step && (s.toStep === null || s.toStep > step));
  if (begins) return ends || goesOn ? g[3]! : g[1]!;
  if (ends) return goesOn ? g[4]! : g[2]!;
  return goesOn ? g[0]! : " ";
}
