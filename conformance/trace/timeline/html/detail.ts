/**
 * The hover card of a drawn row: everything known at that step, so the diagram itself can stay
 * sparse. The event, every effect (and what the real system did, for a conformance trace), what
 * lasts across the step (leases, I/O in flight, waiting operations), and each lane's state and
 * local clock. Shown by CSS alone when the row is hovered.
 */
import { esc } from "./text.ts";
import { AXIS_W, type Layout } from "./layout.ts";
import type { Effect, Row, Span, Timeline } from "../types.ts";

export function detailHtml(t: Timeline, r: Row, l: Layout): string {
  const list = (fx: readonly Effect[]): string => (fx.length === 0 ? '<p class="none">nothing</p>' : `<ul>${fx.map((e) => `<li class="tone-${e.tone}">${esc(laneOf(t, e.lane))}${esc(e.text)}</li>`).join("")}</ul>`);
  const observed = r.observed === undefined ? "" : `<h4>${esc(t.adapter ?? "observed")} did</h4>${list(r.observed)}`;
  const lanes = t.lanes.map((lane, i) => `<tr><th>${esc(lane.label)}</th><td>${esc(r.cells[i] ?? "")}</td><td>${r.clocks[i] == null ? "" : esc(`clock ${r.clocks[i]} ms`)}</td></tr>`).join("");
  const holding = t.spans.filter((s) => s.fromStep <= r.step && (s.toStep === null || s.toStep >= r.step));
  const spans = holding.length === 0 ? "" : `<h4>lasting</h4><ul>${holding.map((s) => `<li>${esc(spanText(t, s))}</li>`).join("")}</ul>`;
  return `<div class="detail" role="tooltip" style="left:${Math.max(AXIS_W, l.eventX - 200)}px">`
    + `<div class="dh">step ${r.step} · t = ${r.timeMs} ms · ${esc(r.eventType)}</div><p class="dev">${esc(r.event)}</p>`
    + `<h4>${t.adapter !== undefined ? "model did" : "effects"}</h4>${list(r.effects)}${observed}${spans}`
    + `<table class="lanes"><tr><th>lane</th><th>state after the step</th><th>local clock</th></tr>${lanes}</table></div>`;
}

const laneOf = (t: Timeline, lane: number | null): string => (lane === null ? "" : `[${t.lanes[lane]?.label ?? lane}] `);

const kindText: Readonly<Record<Span["kind"], string>> = { lease: "lease", io: "I/O", op: "waiting", recovery: "recovery", held: "held" };

function spanText(t: Timeline, s: Span): string {
  const lane = t.lanes[s.lane]?.label ?? String(s.lane);
  const to = s.toLane === undefined ? "" : ` → ${t.lanes[s.toLane]?.label ?? s.toLane}`;
  const since = s.fromStep < 0 ? "from the start" : `since step ${s.fromStep} (${s.fromMs} ms)`;
  return `${kindText[s.kind]} ${lane}${to}: ${s.label}, ${since}${s.toStep === null ? ", still open at the end" : `, until step ${s.toStep}`}`;
}
