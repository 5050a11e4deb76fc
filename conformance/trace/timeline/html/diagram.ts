/**
 * The SVG half of the diagram: a column per lane with its line running down (dotted across
 * folded quiet steps), the spans, and at each drawn row a ring on the lane the event acts on and
 * a dot per effect on the lane it concerns, coloured by tone. All text but the span labels is in
 * the HTML rows laid over it (html-rows.ts).
 */
import { AXIS_W, LANE_W, type Item, type Layout } from "./layout.ts";
import { spansSvg } from "./spans.ts";
import type { Timeline } from "../types.ts";

export function diagramSvg(t: Timeline, l: Layout): string {
  const { width, height } = l;
  return `<svg class="lanes-svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" aria-hidden="true">`
    + defs() + columns(t, l) + l.items.filter((it) => it.kind === "fold").map((it) => foldSvg(t, l, it)).join("")
    + spansSvg(t, l) + l.items.map((it) => (it.kind === "row" ? dotsSvg(l, it) : "")).join("") + "</svg>";
}

function defs(): string {
  return `<defs><marker id="head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="head"/></marker>`
    + `<pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" class="hatch-bg"/><line x1="0" y1="0" x2="0" y2="6" class="hatch-line"/></pattern></defs>`;
}

/** Alternate lane columns are shaded so a row can be followed across; each lane's line runs the full height. */
function columns(t: Timeline, l: Layout): string {
  return t.lanes.map((lane, i) => {
    const stripe = i % 2 === 1 ? `<rect class="stripe" x="${AXIS_W + i * LANE_W}" y="0" width="${LANE_W}" height="${l.height}"/>` : "";
    return `${stripe}<line class="lane lane-${lane.kind}" x1="${l.laneX[i]}" y1="4" x2="${l.laneX[i]}" y2="${l.height - 4}"/>`;
  }).join("");
}

function foldSvg(t: Timeline, l: Layout, it: Item): string {
  const gaps = t.lanes.map((_, i) => `<line class="lane-gap" x1="${l.laneX[i]}" y1="${it.y}" x2="${l.laneX[i]}" y2="${it.y + it.h}"/>`).join("");
  return `<rect class="fold-band" x="0" y="${it.y + 2}" width="${l.width}" height="${it.h - 4}"/>${gaps}`;
}

/** Effects on one lane stack downward from the row's anchor, closer together when many share a short row. */
function dotsSvg(l: Layout, it: Extract<Item, { kind: "row" }>): string {
  const y = l.yOf(it.row.step);
  const byLane = new Map<number | null, string[]>();
  for (const e of it.row.effects) byLane.set(e.lane, [...(byLane.get(e.lane) ?? []), e.tone]);
  const dots = [...byLane].map(([lane, tones]) => {
    const x = lane === null ? AXIS_W - 10 : l.laneX[lane]!;
    const gap = tones.length < 2 ? 0 : Math.min(9, (it.h - 21) / (tones.length - 1));
    return tones.map((tone, k) => `<circle class="dot tone-${tone}" cx="${x}" cy="${y + k * gap}" r="4"/>`).join("");
  }).join("");
  const lane = it.row.eventLane;
  const ring = lane === null ? "" : `<circle class="ring" cx="${l.laneX[lane]}" cy="${y}" r="7.5"/>${byLane.has(lane) ? "" : `<circle class="dot tone-event" cx="${l.laneX[lane]}" cy="${y}" r="3.5"/>`}`;
  return ring + dots;
}
