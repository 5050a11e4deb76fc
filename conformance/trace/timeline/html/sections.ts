/**
 * The parts of the HTML page around the diagram: the header with the verdict (what was violated,
 * its statement and citation; for a conformance trace also what the real system did), the lane
 * headers, the summary, the key to the drawing, and every knob of the configuration.
 */
import { esc } from "./text.ts";
import { AXIS_W, LINE_X, type Layout } from "./layout.ts";
import type { Finding, Timeline } from "../types.ts";

export function headerHtml(t: Timeline): string {
  const steps = t.rows.length;
  const meta = [`preset <b>${esc(t.preset ?? "none")}</b>`, `seed <b>${esc(t.seed ?? "none")}</b>`, `${steps} step${steps === 1 ? "" : "s"} shown`, ...(t.adapter === undefined ? [] : [`adapter <b>${esc(t.adapter)}</b>`])];
  return `<header><h1>haspec · ${esc(t.protocol)} trace</h1><p class="meta">${meta.join(" · ")}</p>${verdictHtml(t)}${conformanceHtml(t)}</header>`;
}

const timeAt = (t: Timeline, step: number): string => {
  const row = t.rows.find((r) => r.step === step);
  return row === undefined ? `step ${step}` : `step ${step}, t = ${row.timeMs} ms`;
};

function findingHtml(t: Timeline, f: Finding, headline: string): string {
  const statement = f.statement === undefined ? "" : `<p><i>${esc(f.statement)}</i></p>`;
  const citation = f.citation === undefined ? "" : `<p class="cite">${esc(f.citation)}</p>`;
  return `<p class="big">${esc(headline)} (${esc(timeAt(t, f.step))})</p><p>${esc(f.message)}</p>${statement}${citation}`;
}

function verdictHtml(t: Timeline): string {
  const v = t.violation;
  if (v === null) return `<div class="verdict pass" data-verdict="pass"><p class="big">✔ no violation${t.adapter === undefined ? "" : " in the model"}</p></div>`;
  return `<div class="verdict" data-verdict="violation">${findingHtml(t, v, `✖ ${v.invariant ?? "an invariant"} violated`)}</div>`;
}

function conformanceHtml(t: Timeline): string {
  if (t.adapter === undefined) return "";
  const who = t.adapter;
  const broke = t.observedViolation === null ? "" : `<div class="verdict" data-verdict="observed-violation">${findingHtml(t, t.observedViolation, `✖ ${who} broke ${t.observedViolation.invariant ?? "an invariant"}`)}</div>`;
  const diverged = t.divergence === null
    ? `<div class="verdict pass"><p class="big">✔ ${esc(who)} did what the model allows at every step</p></div>`
    : `<div class="verdict diverged" data-verdict="divergence">${findingHtml(t, t.divergence, `≠ ${who} diverged from the model`)}</div>`;
  return broke + diverged;
}

export function laneHeadsHtml(t: Timeline, l: Layout): string {
  const lanes = t.lanes.map((lane, i) => `<div class="lane-head" data-lane="${i}" style="left:${l.laneX[i]! - LINE_X + 6}px"><b>${esc(lane.label)}</b><small>${esc(lane.kind)}</small></div>`).join("");
  const ev = t.adapter === undefined ? "event → effects" : `<div class="pair"><div class="side">model: event → effects</div><div class="side">${esc(t.adapter)}: observed</div></div>`;
  return `<div class="heads" style="width:${l.width}px"><div class="axis-head" style="left:4px;width:${AXIS_W - 20}px;text-align:right">step<br>true time</div>${lanes}`
    + `<div class="ev-head" style="left:${l.eventX}px;width:${l.eventW}px">${ev}</div></div>`;
}

export function summaryHtml(t: Timeline): string {
  if (t.summary.length === 0) return "";
  return `<h2>Summary</h2><ul class="summary" data-summary>${t.summary.map((s) => `<li>${esc(s)}</li>`).join("")}</ul>`;
}

const swatch = (inner: string, w = 26): string => `<svg width="${w}" height="18" viewBox="0 0 ${w} 18">${inner}</svg>`;

/** The key is drawn with the same classes as the diagram, so it cannot drift from it. */
export function keyHtml(t: Timeline): string {
  const items: [string, string][] = [
    [swatch('<circle class="dot tone-ok" cx="13" cy="9" r="5"/>'), "ok: acknowledged, accepted"],
    [swatch('<circle class="dot tone-fail" cx="13" cy="9" r="5"/>'), "fail: refused, error, lost"],
    [swatch('<circle class="dot tone-info" cx="13" cy="9" r="5"/>'), "info: outcome unknown, fault"],
    [swatch('<circle class="dot tone-neutral" cx="13" cy="9" r="5"/>'), "other effect"],
    [swatch('<circle class="ring" cx="13" cy="9" r="7"/><circle class="dot tone-event" cx="13" cy="9" r="3.5"/>'), "the lane the event acts on"],
    [swatch('<rect class="bar bar-lease" x="2" y="4" width="22" height="10" rx="3"/>'), "lease believed"],
    [swatch('<rect class="bar bar-op" x="2" y="5" width="18" height="8" rx="3"/><circle class="end tone-ok" cx="20" cy="9" r="5"/>'), "client operation waiting, ending in its outcome"],
    [swatch('<rect class="bar bar-recovery" x="2" y="5" width="22" height="8"/>'), "recovery"],
    [swatch('<rect class="bar bar-held" x="2" y="5" width="22" height="8"/>'), "session held by the proxy"],
    [swatch('<line class="arrow" x1="2" y1="4" x2="28" y2="14" marker-end="url(#head)"/>', 34), "I/O or message, landing at its row (dashed: still in flight)"],
    [swatch('<line class="arrow lost" x1="2" y1="4" x2="20" y2="12"/><path class="lost-cross" d="M16,8 L24,16 M16,16 L24,8"/>'), "message lost on the way"],
    [swatch('<rect class="fold-band" x="0" y="3" width="26" height="12"/>'), "quiet steps folded"],
    [swatch('<rect x="0" y="2" width="26" height="14" fill="rgba(207,34,46,.13)"/><rect x="0" y="2" width="4" height="14" fill="#cf222e"/>'), "violating step"],
  ];
  if (t.adapter !== undefined) items.push([swatch('<rect x="0" y="2" width="26" height="14" fill="rgba(130,80,223,.13)"/><rect x="0" y="2" width="4" height="14" fill="#8250df"/>'), "divergence from the model"]);
  return `<h2>Key</h2><div class="key" data-legend>${items.map(([s, text]) => `<span>${s} ${esc(text)}</span>`).join("")}</div><p>${esc(t.legend)}</p>`;
}

export function configHtml(t: Timeline): string {
  const knobs = Object.entries(t.config);
  const rows = knobs.map(([k, v]) => `<div data-knob="${esc(k)}"><span class="k">${esc(k)}</span><span class="v">${esc(v)}</span></div>`).join("");
  return `<details open data-config><summary><h2>Configuration: every knob (${knobs.length})</h2></summary><div class="config">${rows}</div></details>`;
}
