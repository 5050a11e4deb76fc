/**
 * The page's look: system fonts only, colours by meaning (ok green, fail red, info amber,
 * neutral grey; leases blue, I/O purple, violations a red band, divergence a purple one), and
 * the hover card shown by CSS alone. The one script scrolls the marked row into view.
 */
import { ANCHOR, AXIS_W } from "./layout.ts";

export const css = `
:root { --ok:#1a7f37; --fail:#cf222e; --info:#b35900; --neutral:#6e7781; --lease:#0969da; --io:#8250df; --op:#57606a; --ink:#1f2328; --muted:#59636e; --line:#d0d7de; }
* { box-sizing: border-box; }
body { margin: 0; font: 13px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; }
main { padding: 16px 20px 40px; }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 15px; margin: 22px 0 8px; }
.meta { color: var(--muted); margin: 0 0 10px; }
.meta b { color: var(--ink); }
.verdict { border-left: 6px solid var(--fail); background: #ffebe9; padding: 8px 12px; margin: 6px 0; max-width: 1100px; }
.verdict.pass { border-color: var(--ok); background: #dafbe1; }
.verdict.diverged { border-color: var(--io); background: #fbefff; }
.verdict .big { font-size: 15px; font-weight: 700; }
.verdict p { margin: 3px 0; }
.cite { color: var(--muted); font-size: 12px; }
.summary { margin: 6px 0; padding-left: 20px; }
.heads { position: sticky; top: 0; z-index: 5; background: #fff; border-bottom: 1px solid var(--line); height: 40px; }
.heads > div { position: absolute; top: 4px; }
.lane-head { font-weight: 700; font-size: 14px; }
.lane-head small { display: block; font-weight: 400; font-size: 11px; color: var(--muted); }
.axis-head, .ev-head { font-weight: 700; color: var(--muted); }
.axis-head { font-size: 11px; line-height: 15px; }
.ev-head .pair { display: flex; gap: 12px; } .ev-head .side { flex: 1; }
.diagram { position: relative; }
.lanes-svg { position: absolute; left: 0; top: 0; }
.stripe { fill: #f6f8fa; }
.lane { stroke: #8c959f; stroke-width: 1.5; }
.lane-client, .lane-proxy { stroke-dasharray: 5 3; }
.lane-storage { stroke: #6e5494; stroke-width: 3; }
.fold-band { fill: #eef1f4; }
.lane-gap { stroke: #eef1f4; stroke-width: 4; }
.bar-lease { fill: rgba(9,105,218,.22); stroke: var(--lease); }
.bar-op { fill: rgba(87,96,106,.25); stroke: var(--op); }
.bar-recovery { fill: url(#hatch); stroke: var(--info); }
.bar-held { fill: rgba(179,89,0,.25); stroke: var(--info); stroke-dasharray: 3 2; }
.bar-io { fill: var(--io); }
.bar.open { stroke-dasharray: 4 3; }
.hatch-bg { fill: rgba(179,89,0,.12); } .hatch-line { stroke: var(--info); stroke-width: 2; }
.bar-label { font-size: 9px; fill: #0a3069; }
.arrow { stroke: var(--io); stroke-width: 1.6; }
.arrow.open { stroke-dasharray: 5 4; }
.arrow.lost { stroke: #8c959f; stroke-dasharray: 2 3; }
.lost-cross { stroke: var(--fail); stroke-width: 2.5; }
.head { fill: var(--io); }
.arrow-label { font-size: 10px; fill: #5a32a3; text-anchor: middle; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
.ring { fill: #fff; stroke: var(--ink); stroke-width: 2; }
.dot { stroke: #fff; stroke-width: 1; }
circle.tone-ok { fill: var(--ok); } circle.tone-fail { fill: var(--fail); } circle.tone-info { fill: var(--info); } circle.tone-neutral { fill: #8c959f; } circle.tone-event { fill: var(--ink); }
circle.end { stroke: #fff; stroke-width: 1.5; }
.row, .fold { position: absolute; left: 0; right: 0; border-top: 1px solid #eaeef2; }
.row:hover { background: rgba(9,105,218,.07); z-index: 3; }
.row.mark-violation, .row.mark-observed-violation { background: rgba(207,34,46,.13); box-shadow: inset 5px 0 0 var(--fail); }
.row.mark-divergence { background: rgba(130,80,223,.13); box-shadow: inset 5px 0 0 var(--io); }
.row.mark-violation.mark-divergence { box-shadow: inset 5px 0 0 var(--fail), inset 10px 0 0 var(--io); }
.t { position: absolute; left: 8px; top: ${ANCHOR - 9}px; width: ${AXIS_W - 24}px; text-align: right; font-size: 12px; color: var(--muted); font-variant-numeric: tabular-nums; }
.t b { display: block; color: var(--ink); font-size: 12px; }
.fold .t { top: 4px; }
.fold .ev { color: var(--muted); font-style: italic; top: 4px; }
.cell { position: absolute; top: ${ANCHOR - 8}px; font-size: 12px; line-height: 14px; overflow: hidden; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow-wrap: anywhere; }
.cell.at-mark { font-weight: 700; -webkit-line-clamp: 3; }
.ev { position: absolute; top: 5px; }
.what { font-weight: 600; margin-bottom: 2px; }
.pair { display: flex; gap: 12px; } .pair .side { flex: 1; min-width: 0; }
.pair .real { border-left: 2px solid var(--line); padding-left: 8px; }
.fx { display: inline-block; max-width: 100%; font-size: 12px; line-height: 16px; margin: 0 4px 3px 0; padding: 0 7px 0 6px; border-radius: 8px; background: #f1f3f5; border: 1px solid #e1e4e8; }
.fx::before { content: "●"; margin-right: 4px; }
.tone-ok { color: var(--ok); } .fx.tone-ok { background: #dafbe1; border-color: #aceebb; color: #116329; }
.tone-fail { color: var(--fail); } .fx.tone-fail { background: #ffebe9; border-color: #ffcecb; color: #a40e26; }
.tone-info { color: var(--info); } .fx.tone-info { background: #fff1e5; border-color: #ffd8b5; color: #8a4600; }
.fx.tone-neutral { color: var(--ink); } .fx.tone-neutral::before { color: #8c959f; }
.none { color: var(--muted); font-style: italic; }
.note { margin-top: 6px; }
.note b { color: var(--fail); font-size: 13px; }
.note-divergence b { color: #6639ba; }
.stmt { font-size: 12px; color: var(--ink); font-style: italic; }
.detail { display: none; position: absolute; top: calc(100% - 2px); z-index: 10; width: 560px; background: #fff; border: 1px solid #8c959f; border-radius: 6px; box-shadow: 0 6px 20px rgba(0,0,0,.18); padding: 8px 10px; font-size: 12px; }
.row:hover .detail { display: block; }
.detail .dh { font-weight: 700; } .detail .dev { margin: 2px 0 4px; }
.detail h4 { margin: 6px 0 2px; font-size: 12px; color: var(--muted); }
.detail ul { margin: 0; padding-left: 18px; }
.detail table { border-collapse: collapse; margin-top: 6px; width: 100%; }
.detail th, .detail td { text-align: left; padding: 1px 6px; border-bottom: 1px solid #eaeef2; vertical-align: top; }
.key { display: flex; flex-wrap: wrap; gap: 6px 18px; align-items: center; }
.key svg { vertical-align: middle; }
summary h2 { display: inline; }
.config { display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); column-gap: 24px; max-width: 1400px; font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px; }
.config > div { display: flex; justify-content: space-between; gap: 12px; border-bottom: 1px solid #eaeef2; padding: 2px 4px; }
.config .v { font-weight: 700; overflow-wrap: anywhere; text-align: right; }
`;

/** Brings the first marked row to the middle of the window: what the reader came to see. */
export const script = `(function () { var m = document.querySelector("[data-violation],[data-observed-violation],[data-divergence]"); if (m) m.scrollIntoView({ block: "center" }); })();`;
