/**
 * Spans drawn in the SVG as bars: a lease believed or a client operation waiting on its lane's
 * line (an operation's bar ends in the colour of its outcome), recovery and a held session a
 * narrow bar beside the line, an I/O without a destination a thin bar left of it. Messages (I/O
 * with a destination) are arrows: html-arrows.ts.
 */
import { arrowsSvg } from "./arrows.ts";
import { esc, textWidthPx } from "./text.ts";
import { spanEnds, type Layout } from "./layout.ts";
import type { Span, Timeline, Tone } from "../types.ts";

/** Bars on a lane: centred on the line, or beside it (recovery, held) so both show when they overlap. */
const BAR: Readonly<Record<Exclude<Span["kind"], "io">, { dx: number; w: number }>> = {
  lease: { dx: -6, w: 12 },
  op: { dx: -4, w: 8 },
  recovery: { dx: 7, w: 6 },
  held: { dx: 7, w: 6 },
};

export function spansSvg(t: Timeline, l: Layout): string {
  const bars = t.spans.filter((s) => s.toLane === undefined).map((s) => barSvg(t, l, s));
  return bars.join("") + arrowsSvg(l, t.spans.filter((s) => s.toLane !== undefined));
}

function barSvg(t: Timeline, l: Layout, s: Span): string {
  const { y1, y2 } = spanEnds(l, s);
  if (s.kind === "io") return `<rect class="bar bar-io" data-span-kind="io" x="${l.laneX[s.lane]! - 12}" y="${y1}" width="3" height="${y2 - y1}"><title>${esc(s.label)}</title></rect>`;
  const kind = s.kind;
  const { dx, w } = BAR[kind];
  const x = l.laneX[s.lane]! + dx;
  const open = s.toStep === null ? " open" : "";
  const bar = `<rect class="bar bar-${kind}${open}" data-span-kind="${kind}" x="${x}" y="${y1}" width="${w}" height="${y2 - y1}" rx="3"><title>${esc(s.label)}</title></rect>`;
  // Only a lease is labelled in the drawing (its epoch is the point); the others are named in the hover card.
  const label = kind === "lease" && textWidthPx(s.label, 9) < y2 - y1 - 8
    ? `<text class="bar-label" transform="translate(${x - 11} ${y1 + 4}) rotate(90)">${esc(s.label)}</text>` : "";
  const outcome = kind === "op" && s.toStep !== null ? `<circle class="end tone-${outcomeTone(t, s)}" cx="${x + w / 2}" cy="${y2}" r="6"/>` : "";
  return bar + label + outcome;
}

/**
 * An operation ends in the tone of what its lane was told at its last step (ok, fail, or
 * unknown: info), a failure winning; when its lane was told nothing (a write whose landing shows
 * on storage), in the tone of the step's outcomes if they all agree.
 */
function outcomeTone(t: Timeline, s: Span): Tone {
  const fx = (t.rows.find((r) => r.step === s.toStep)?.effects ?? []).filter((e) => e.tone !== "neutral");
  const own = fx.filter((e) => e.lane === s.lane);
  if (own.length > 0) return own.some((e) => e.tone === "fail") ? "fail" : own[0]!.tone;
  const tones = new Set(fx.map((e) => e.tone));
  return tones.size === 1 ? [...tones][0]! : "neutral";
}
