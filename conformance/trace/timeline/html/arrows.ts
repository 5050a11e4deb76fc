/**
 * Messages drawn in the SVG: an arrow from the lane that issued the I/O to the lane where it
 * lands, ending at the row where it landed (dashed to the bottom: still in flight at the end;
 * stopping short at a cross: lost on the way). Messages with the same ends share one arrow and
 * one label, and labels are placed where they cover nothing else.
 */
import { esc, textWidthPx } from "./text.ts";
import { ANCHOR, CELL_DX, CELL_W, cellText, spanEnds, type Layout } from "./layout.ts";
import type { Span } from "../types.ts";

export function arrowsSvg(l: Layout, messages: readonly Span[]): string {
  const labels = new Labels(laneBoxes(l), cellBoxes(l));
  return [...together(messages).values()].map((g) => arrowSvg(l, g, labels)).join("");
}

/** Messages sent between the same lanes at the same step and ending alike at the same step. */
function together(messages: readonly Span[]): Map<string, Span[]> {
  const groups = new Map<string, Span[]>();
  for (const s of messages) {
    const key = `${s.lane}>${s.toLane}@${s.fromStep}-${s.toStep}:${s.landed}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return groups;
}

function arrowSvg(l: Layout, group: readonly Span[], labels: Labels): string {
  const s = group[0]!;
  const label = group.map((m) => m.label).join(" + ");
  const { y1, y2 } = spanEnds(l, s);
  const x1 = l.laneX[s.lane]!;
  const x2 = l.laneX[s.toLane!]!;
  const dir = x2 < x1 ? -1 : 1;
  const lost = s.landed === false;
  // A lost message stops two thirds of the way, where a cross says it went no further.
  const [ex, ey] = lost ? [x1 + (x2 - x1) * 0.66, y1 + (y2 - y1) * 0.66] : [x2 - 8 * dir, y2];
  const cls = `arrow${s.toStep === null ? " open" : ""}${lost ? " lost" : ""}`;
  const line = `<line class="${cls}" data-span-kind="io" x1="${x1 + 6 * dir}" y1="${y1}" x2="${ex}" y2="${ey}"${lost ? "" : ' marker-end="url(#head)"'}><title>${esc(label)}</title></line>`;
  const cross = lost ? `<path class="lost-cross" d="M${ex - 5},${ey - 5} L${ex + 5},${ey + 5} M${ex - 5},${ey + 5} L${ex + 5},${ey - 5}"/>` : "";
  return line + cross + labels.place(lost ? `${label} (lost)` : label, x1, y1, ex, ey);
}

interface Box { readonly x: number; readonly y: number; readonly w: number; readonly h: number }

/** Each lane's line with its bars, dots and lease label: an arrow label there would sit on them. */
const laneBoxes = (l: Layout): Box[] => l.laneX.map((x) => ({ x: x - 18, y: 0, w: 32, h: l.height }));

/** Where the HTML rows write lane cells (two lines at most), so arrow labels keep clear of them. */
function cellBoxes(l: Layout): Box[] {
  return l.items.flatMap((it) => (it.kind !== "row" ? [] : it.row.cells.flatMap((_, i): Box[] => {
    if (!it.shown[i]) return [];
    const c = cellText(it.row, i);
    const w = Math.min(CELL_W, textWidthPx(c, 12));
    return [{ x: l.laneX[i]! + CELL_DX, y: it.y + ANCHOR - 8, w, h: textWidthPx(c, 12) > CELL_W ? 30 : 16 }];
  })));
}

/**
 * Arrow labels, kept from piling onto each other: each tries a few points along its arrow and
 * takes the first clear of the lanes' lines, the cells and the labels placed before; failing
 * that, a point near the middle clear of cells and labels only (a long label between two
 * neighbouring lanes may then cross a line, which its white halo keeps readable); with none
 * free it is left out (the event column and the hover card still name the I/O).
 */
class Labels {
  private readonly placed: Box[];

  constructor(private readonly lanes: readonly Box[], cells: readonly Box[]) {
    this.placed = [...cells];
  }

  place(text: string, x1: number, y1: number, x2: number, y2: number): string {
    const w = textWidthPx(text, 10) + 4;
    const at = (f: number): Box => ({ x: x1 + (x2 - x1) * f - w / 2, y: y1 + (y2 - y1) * f - 7, w, h: 13 });
    const free = (b: Box, others: readonly Box[]): boolean => !others.some((o) => b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h);
    const box = [0.5, 0.35, 0.65, 0.2, 0.8].map(at).find((b) => free(b, this.lanes) && free(b, this.placed))
      ?? [0.5, 0.4, 0.6].map(at).find((b) => free(b, this.placed));
    if (box === undefined) return "";
    this.placed.push(box);
    return `<text class="arrow-label" x="${box.x + w / 2}" y="${box.y + 10}">${esc(text)}</text>`;
  }
}
