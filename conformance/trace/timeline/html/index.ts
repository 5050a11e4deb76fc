/**
 * A trace's timeline as one self-contained HTML page: a space-time diagram (a column per lane,
 * true time flowing down) with the verdict above it and the key and configuration below. Inline
 * CSS and SVG, system fonts, no URL of any kind, so the file can be mailed or attached to a bug
 * and opened anywhere offline. Every string from the trace is escaped: trace files are input.
 */
import { eventHeight, rowsHtml } from "./rows.ts";
import { diagramSvg } from "./diagram.ts";
import { layout } from "./layout.ts";
import { configHtml, headerHtml, keyHtml, laneHeadsHtml, summaryHtml } from "./sections.ts";
import { css, script } from "./style.ts";
import { esc } from "./text.ts";
import type { Timeline } from "../types.ts";

/** The event column: wide enough for a sentence and a few effects; split in two for a conformance trace. */
const EVENT_W = 520;
const PAIR_W = 640;

export function renderHtml(t: Timeline): string {
  const eventW = t.adapter === undefined ? EVENT_W : PAIR_W;
  const l = layout(t, eventW, (r) => eventHeight(t, r, eventW));
  const title = `haspec ${t.protocol} trace${t.violation?.invariant ? `: ${t.violation.invariant}` : ""}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>${esc(title)}</title><style>${css}</style></head>
<body><main>
${headerHtml(t)}
${summaryHtml(t)}
<h2>Timeline</h2>
${laneHeadsHtml(t, l)}
<div class="diagram" style="width:${l.width}px;height:${l.height}px">
${diagramSvg(t, l)}
${rowsHtml(t, l)}
</div>
${keyHtml(t)}
${configHtml(t)}
</main><script>${script}</script></body></html>
`;
}
