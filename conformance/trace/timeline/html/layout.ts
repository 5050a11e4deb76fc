/**
 * Where everything goes on the HTML timeline, computed before drawing so that the SVG diagram
 * and the HTML rows over it agree without a script measuring anything: the columns (time axis,
 * one per lane, the event column) and the rows, true time flowing down. Rows are evenly spaced
 * (a row is as tall as its text needs), and each run of quiet rows folds into one short line.
 */
import type { Row, Span, Timeline } from "../types.ts";

export const AXIS_W = 92;
export const LANE_W = 166;
/** The lane's line sits this far into its column; its cell text starts right of it. */
export const LINE_X = 20;
export const TOP = 14;
export const BOTTOM = 26;
export const FOLD_H = 24;
export const MIN_ROW_H = 40;
/** A drawn row's events, dots and span ends sit on its first line, this far below its top. */
export const ANCHOR = 15;
/** Cell text starts this far right of the lane's line, clear of the span bars. */
export const CELL_DX = 18;
export const CELL_W = LANE_W - LINE_X - CELL_DX - 4;

export type Item =
  /** `shown`: per lane, whether its cell is written (it changed since the row above, or the row is marked). */
  | { readonly kind: "row"; readonly row: Row; readonly y: number; readonly h: number; readonly shown: readonly boolean[] }
  | { readonly kind: "fold"; readonly rows: readonly Row[]; readonly y: number; readonly h: number };

export interface Layout {
  readonly items: readonly Item[];
  readonly laneX: readonly number[];
  /** Left edge and width of the event column (model and, for conformance traces, the real system). */
  readonly eventX: number;
  readonly eventW: number;
  readonly width: number;
  readonly height: number;
  /** Where the item showing `step` is anchored: -1 (before the first event) is the top, past the end the bottom. */
  readonly yOf: (step: number) => number;
}

/**
 * A lane's cell as written in the diagram: its state, and its local clock when that differs from
 * true time (drift, a jump, a pause): the clock a node acts on is the point of many traces.
 */
export function cellText(r: Row, lane: number): string {
  const clock = r.clocks[lane];
  const cell = r.cells[lane] ?? "";
  if (clock == null || clock === r.timeMs) return cell;
  const skew = clock - r.timeMs;
  return `${cell} · clock ${clock} (${skew > 0 ? "+" : "−"}${Math.abs(skew)})`;
}

/** A row is drawn unless it is quiet; a marked row is never folded away. */
export const drawn = (r: Row): boolean => !r.quiet || r.marks.length > 0;

export function layout(t: Timeline, eventW: number, rowHeight: (r: Row) => number): Layout {
  const items = stack(groups(t.rows), rowHeight);
  const laneX = t.lanes.map((_, i) => AXIS_W + i * LANE_W + LINE_X);
  const eventX = AXIS_W + t.lanes.length * LANE_W + 8;
  const last = items[items.length - 1];
  const height = (last === undefined ? TOP : last.y + last.h) + BOTTOM;
  const centre = new Map<number, number>();
  for (const it of items) for (const r of it.kind === "row" ? [it.row] : it.rows) centre.set(r.step, it.kind === "row" ? it.y + ANCHOR : it.y + it.h / 2);
  const yOf = (step: number): number => centre.get(step) ?? (step < 0 ? TOP / 2 : height - BOTTOM / 2);
  return { items, laneX, eventX, eventW, width: eventX + eventW + 8, height, yOf };
}

/** Consecutive quiet rows become one group; every other row is its own. */
function groups(rows: readonly Row[]): (Row | Row[])[] {
  const out: (Row | Row[])[] = [];
  for (const r of rows) {
    const prev = out[out.length - 1];
    if (drawn(r)) out.push(r);
    else if (Array.isArray(prev)) prev.push(r);
    else out.push([r]);
  }
  return out;
}

function stack(gs: readonly (Row | Row[])[], rowHeight: (r: Row) => number): Item[] {
  let y = TOP;
  let above: readonly string[] | null = null;
  return gs.map((g) => {
    let item: Item;
    if (Array.isArray(g)) item = { kind: "fold", rows: g, y, h: FOLD_H };
    else {
      const marked = g.marks.length > 0;
      const texts = g.cells.map((_, i) => cellText(g, i));
      const shown = texts.map((c, i) => marked || above === null || above[i] !== c);
      item = { kind: "row", row: g, y, h: Math.max(MIN_ROW_H, rowHeight(g)), shown };
      above = texts;
    }
    y += item.h;
    return item;
  });
}

/** Where a span is drawn from and to: a span still holding at the end runs to the bottom. */
export function spanEnds(l: Layout, s: Span): { y1: number; y2: number } {
  const y1 = l.yOf(s.fromStep);
  const y2 = s.toStep === null ? l.height - 6 : l.yOf(s.toStep);
  return { y1, y2: Math.max(y2, y1 + 6) };
}
