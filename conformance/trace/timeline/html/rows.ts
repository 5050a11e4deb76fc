/**
 * The HTML half of the diagram: one absolutely placed row per drawn step over the SVG (its time,
 * the lane cells that changed, the event and its effects, and a hover card with everything at
 * that step), one short line per folded run of quiet steps. Text lives here rather than in the
 * SVG because HTML wraps it; `eventHeight` estimates the wrapped height so the layout fits.
 */
import { esc, textWidthPx } from "./text.ts";
import { detailHtml } from "./detail.ts";
import { CELL_DX, CELL_W, cellText, type Item, type Layout } from "./layout.ts";
import type { Effect, Finding, Mark, Row, Timeline } from "../types.ts";

const LINE_EVENT = 17;
const LINE_FX = 19;
const PAD = 12;
/** Bold 13 px text is about as wide as regular 14 px. */
const BOLD_13 = 14;

export function rowsHtml(t: Timeline, l: Layout): string {
  return l.items.map((it) => (it.kind === "fold" ? foldHtml(it, l) : rowHtml(t, l, it))).join("\n");
}

function foldHtml(it: Extract<Item, { kind: "fold" }>, l: Layout): string {
  const first = it.rows[0]!;
  const last = it.rows[it.rows.length - 1]!;
  const n = it.rows.length;
  const steps = n === 1 ? `step ${first.step}` : `steps ${first.step}–${last.step}`;
  return `<div class="fold" data-fold="${first.step}-${last.step}" style="top:${it.y}px;height:${it.h}px"><div class="t">${esc(`${last.timeMs} ms`)}</div>`
    + `<div class="ev" style="left:${l.eventX}px;width:${l.eventW}px">⋯ ${n} quiet step${n > 1 ? "s" : ""} of time (${steps}), nothing to see</div></div>`;
}

function rowHtml(t: Timeline, l: Layout, it: Extract<Item, { kind: "row" }>): string {
  const r = it.row;
  const marked = r.marks.length > 0;
  const attrs = r.marks.map((m) => markAttr(t, m)).join("");
  const classes = ["row", ...r.marks.map((m) => `mark-${m}`)].join(" ");
  const cells = r.cells.map((_, i) => (it.shown[i]
    ? `<div class="cell${marked ? " at-mark" : ""}" style="left:${l.laneX[i]! + CELL_DX}px;width:${CELL_W}px">${esc(cellText(r, i))}</div>` : "")).join("");
  return `<div class="${classes}" data-step="${r.step}"${attrs} style="top:${it.y}px;height:${it.h}px">`
    + `<div class="t"><b>${r.step}</b>${esc(`${r.timeMs} ms`)}</div>${cells}`
    + `<div class="ev" style="left:${l.eventX}px;width:${l.eventW}px">${eventHtml(t, r)}</div>`
    + `${detailHtml(t, r, l)}</div>`;
}

function markAttr(t: Timeline, m: Mark): string {
  switch (m) {
    case "violation": return ` data-violation="${esc(t.violation?.invariant ?? "")}"`;
    case "observed-violation": return ` data-observed-violation="${esc(t.observedViolation?.invariant ?? "")}"`;
    case "divergence": return " data-divergence";
  }
}

const conformance = (t: Timeline): boolean => t.adapter !== undefined;
const half = (w: number): number => Math.floor((w - 12) / 2);

function eventHtml(t: Timeline, r: Row): string {
  const model = `<div class="what">${esc(r.event)}</div>${chips(r.effects)}`;
  const body = conformance(t)
    ? `<div class="pair"><div class="side">${model}</div><div class="side real">${r.observed === undefined || r.observed.length === 0 ? '<span class="none">nothing observed</span>' : chips(r.observed)}</div></div>`
    : model;
  return body + r.marks.map((m) => noteHtml(t, m)).join("");
}

const chips = (fx: readonly Effect[]): string => fx.map((e) => `<span class="fx tone-${e.tone}">${esc(e.text)}</span>`).join("");

/** What a mark means, in words, under the row's event. */
function markText(t: Timeline, m: Mark): { title: string; finding: Finding | null } {
  const who = t.adapter ?? "the real system";
  switch (m) {
    case "violation": return { title: `✖ ${t.violation?.invariant ?? "invariant"} violated: ${t.violation?.message ?? ""}`, finding: t.violation };
    case "observed-violation": return { title: `✖ ${who} broke ${t.observedViolation?.invariant ?? "an invariant"}: ${t.observedViolation?.message ?? ""}`, finding: t.observedViolation };
    case "divergence": return { title: `≠ ${who} diverged from the model: ${t.divergence?.message ?? ""}`, finding: t.divergence };
  }
}

function noteHtml(t: Timeline, m: Mark): string {
  const { title, finding } = markText(t, m);
  const statement = finding?.statement === undefined ? "" : `<div class="stmt">${esc(`${finding.invariant}: ${finding.statement}`)}</div>`;
  return `<div class="note note-${m}"><b>${esc(title)}</b>${statement}</div>`;
}

/** The event column's height for a row, estimated from its text (see GLYPH_EM). */
export function eventHeight(t: Timeline, r: Row, eventW: number): number {
  const w = conformance(t) ? half(eventW) : eventW;
  const model = linesOf(r.event, BOLD_13, w) * LINE_EVENT + chipsHeight(r.effects, w);
  const real = conformance(t) ? chipsHeight(r.observed ?? [], w) || LINE_FX : 0;
  const notes = r.marks.reduce((h, m) => {
    const { title, finding } = markText(t, m);
    return h + 8 + linesOf(title, BOLD_13, eventW) * LINE_EVENT + (finding?.statement ? linesOf(`${finding.invariant}: ${finding.statement}`, 12, eventW) * 16 : 0);
  }, 0);
  return Math.max(model, real) + notes + PAD;
}

const linesOf = (s: string, fontPx: number, w: number): number => Math.max(1, Math.ceil(textWidthPx(s, fontPx) / (w - 4)));

/** Chips flow left to right and wrap; a chip wider than the column wraps inside itself. */
function chipsHeight(fx: readonly Effect[], w: number): number {
  let lines = 0;
  let x = w;
  for (const e of fx) {
    const cw = textWidthPx(e.text, 12) + 26;
    if (cw > w) {
      lines += Math.ceil(cw / w);
      x = w;
    } else if (x + cw > w) {
      lines += 1;
      x = cw;
    } else x += cw;
  }
  return lines * LINE_FX;
}
