/**
 * The HTML timeline in a real browser (Debian's Chromium, see scripts/install-browser.sh): for a
 * golden counterexample of each protocol and for a conformance trace, the page shows the lanes,
 * draws every row that is not quiet and folds the rest, highlights the violating row and names
 * its invariant, shows a step's details on hover, shows every knob, and asks the network for
 * nothing. A screenshot of each goes to haspec-traces/screenshots/ for a person to look at.
 */
import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, describe, expect, test } from "vitest";
import type { Trace } from "../../conformance/trace/schema.ts";
import { buildTimeline } from "../../conformance/trace/timeline/build.ts";
import { renderHtml } from "../../conformance/trace/timeline/html/index.ts";
import type { Row, Timeline } from "../../conformance/trace/timeline/types.ts";
import { launchChromium, openOffline, readyForScreenshot } from "../../scripts/browser.ts";
import { golden as goldenTrace } from "../catalogue/golden.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const SHOTS = join(ROOT, "haspec-traces", "screenshots");
/** A golden trace's timeline. */
const golden = (id: string): Timeline => goldenTrace(id).use((kit, trace) => buildTimeline(kit, trace));

/**
 * R2 as a conformance run would record it against a MariaDB whose semi-sync wait gave up early:
 * the real primary answers the commit OK after 27 ms (the model waits the full timeout), which is
 * where the two first differ, and the row is then lost as in the model.
 */
function conformanceTimeline(): Timeline {
  return goldenTrace("R2").use((kit, t) => buildTimeline(kit, asConformance(t)));
}

/** R2's model outputs, with the real primary's early OK moved from step 4 to step 3. */
function asConformance<E, O>(t: Trace<E, O>): Trace<E, O> {
  const observed = t.outputs.map((o, i) => (i === 3 ? [...o, ...t.outputs[4]!.slice(1)] : i === 4 ? t.outputs[4]!.slice(0, 1) : o));
  return {
    ...t, adapter: "mariadb", observed,
    observedViolation: t.violation,
    divergence: { step: 3, message: "mariadb told commit 1 OK after 27 ms; the model waits rpl_semi_sync_master_timeout (10000 ms)" },
  };
}

const cases: readonly { readonly name: string; readonly timeline: () => Timeline }[] = [
  { name: "lease", timeline: () => golden("E2") },
  { name: "replication", timeline: () => golden("R2") },
  { name: "proxy", timeline: () => golden("P1") },
  { name: "cluster", timeline: () => golden("C1") },
  { name: "conformance", timeline: conformanceTimeline },
];

/** One browser for the file, started by the first test that needs it; a failure to start fails every test, with the install hint. */
let started: Promise<Browser> | null = null;
const browser = (): Promise<Browser> => (started ??= launchChromium());
afterAll(async () => {
  if (started !== null) await (await started.catch(() => null))?.close();
});

/** What the Timeline says is drawn: each row that is not quiet (a marked row never is), and one fold per run of quiet rows. */
function expectedDrawing(rows: readonly Row[]): { steps: number[]; folds: number } {
  const drawn = (r: Row): boolean => !r.quiet || r.marks.length > 0;
  const steps = rows.filter(drawn).map((r) => r.step);
  const folds = rows.filter((r, i) => !drawn(r) && (i === 0 || drawn(rows[i - 1]!))).length;
  return { steps, folds };
}

const text = (page: Page, selector: string): Promise<string> => page.locator(selector).innerText();

describe("haspec show --html in Chromium", () => {
  for (const c of cases) {
    test(`${c.name}: lanes, rows, the marked row, hover details, configuration, no requests`, async () => {
      const t = c.timeline();
      const html = renderHtml(t);
      const { page, url, requests, close } = await openOffline(await browser(), html);
      try {
        await expectLanes(page, t);
        await expectRows(page, t);
        await expectMarked(page, t);
        await expectHover(page, t);
        await expectConfig(page, t);
        expect(requests, "the page asked for something besides itself").toEqual([url]);
        await screenshot(page, c.name, html);
      } finally {
        await close();
      }
    });
  }

  test("text from the trace is escaped: a hostile knob, lane or event stays text", async () => {
    const hostile = "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\">";
    const base = golden("E2");
    const t: Timeline = {
      ...base, preset: hostile, config: { ...base.config, "evil.knob": hostile },
      lanes: base.lanes.map((l, i) => (i === 0 ? { ...l, label: hostile } : l)),
      rows: base.rows.map((r, i) => (i === 0 ? { ...r, event: hostile, cells: r.cells.map(() => hostile) } : r)),
      summary: [hostile],
    };
    const html = renderHtml(t);
    expect(html).not.toContain("<script>window");
    expect(html).not.toContain("<img");
    const { page, url, requests, close } = await openOffline(await browser(), html);
    try {
      expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await page.locator("img").count()).toBe(0);
      expect(await text(page, '[data-knob="evil.knob"]')).toContain(hostile);
      expect(await text(page, '[data-lane="0"] b')).toBe(hostile);
      expect(requests).toEqual([url]);
    } finally {
      await close();
    }
  });

  test("the page names no URL to fetch: no src or href but inline data", () => {
    for (const c of cases) {
      const html = renderHtml(c.timeline());
      const refs = [...html.matchAll(/\b(?:src|href|xlink:href)\s*=\s*["']?([^"'\s>]*)/gi)].map((m) => m[1]!);
      expect(refs.filter((r) => !r.startsWith("data:")), c.name).toEqual([]);
      expect(html, c.name).not.toMatch(/@import|url\(\s*["']?(?!#)/i);
    }
  });
});

async function expectLanes(page: Page, t: Timeline): Promise<void> {
  const labels = await page.locator("[data-lane] b").allInnerTexts();
  expect(labels).toEqual(t.lanes.map((l) => l.label));
}

async function expectRows(page: Page, t: Timeline): Promise<void> {
  const { steps, folds } = expectedDrawing(t.rows);
  const drawn = await page.locator("[data-step]").evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-step"))));
  expect(drawn).toEqual(steps);
  expect(await page.locator("[data-fold]").count()).toBe(folds);
  expect(steps.length + folds).toBeLessThan(t.rows.length + 1);
}

/** The violating (or diverging) row: there, in a red (purple) band, naming the invariant, scrolled into view. */
async function expectMarked(page: Page, t: Timeline): Promise<void> {
  const v = t.violation!;
  expect(v, "each case's trace has a violation").not.toBeNull();
  const row = page.locator("[data-violation]");
  expect(await row.count()).toBe(1);
  expect(await row.getAttribute("data-step")).toBe(String(v.step));
  expect(await row.getAttribute("data-violation")).toBe(v.invariant);
  expect(await row.innerText()).toContain(`${v.invariant} violated`);
  if (v.statement !== undefined) expect(await row.innerText()).toContain(v.statement);
  expect(reddish(await row.evaluate((e) => getComputedStyle(e).backgroundColor))).toBe(true);
  expect(await text(page, "[data-verdict=violation]")).toContain(v.invariant);
  const marked = page.locator("[data-violation],[data-observed-violation],[data-divergence]").first();
  const box = await marked.boundingBox();
  expect(box!.y + box!.height / 2, "the marked row is scrolled into view").toBeGreaterThan(0);
  expect(box!.y + box!.height / 2).toBeLessThan(page.viewportSize()!.height);
  if (t.adapter === undefined) return;
  const d = page.locator("[data-divergence]");
  expect(await d.getAttribute("data-step")).toBe(String(t.divergence!.step));
  expect(await d.innerText()).toContain(`${t.adapter} diverged from the model`);
  const observed = t.rows.find((r) => r.step === t.divergence!.step)!.observed!;
  for (const e of observed) expect(await d.locator(".real").innerText()).toContain(e.text);
  expect(await text(page, "[data-verdict=divergence]")).toContain(t.divergence!.message);
  expect(await page.locator("[data-observed-violation]").getAttribute("data-step")).toBe(String(t.observedViolation!.step));
}

const reddish = (css: string): boolean => {
  const [r, g, b, a = 1] = (css.match(/[\d.]+/g) ?? []).map(Number);
  return a > 0 && r! > 150 && r! > g! + 60 && r! > b! + 60;
};

/** Hovering the busiest drawn row shows its event, every effect, every lane's cell and clock. */
async function expectHover(page: Page, t: Timeline): Promise<void> {
  const row = [...t.rows].filter((r) => !r.quiet).sort((a, b) => b.effects.length - a.effects.length)[0]!;
  const detail = page.locator(`[data-step="${row.step}"] .detail`);
  expect(await detail.isVisible()).toBe(false);
  await page.hover(`[data-step="${row.step}"] .ev .what`);
  expect(await detail.isVisible()).toBe(true);
  const shown = await detail.innerText();
  expect(shown).toContain(`step ${row.step} · t = ${row.timeMs} ms`);
  expect(shown).toContain(row.event);
  for (const e of row.effects) expect(shown).toContain(e.text);
  for (const e of row.observed ?? []) expect(shown).toContain(e.text);
  row.cells.forEach((c) => expect(shown).toContain(c));
  row.clocks.forEach((c) => c !== null && expect(shown).toContain(`clock ${c} ms`));
}

async function expectConfig(page: Page, t: Timeline): Promise<void> {
  const knobs = Object.entries(t.config);
  expect(await page.locator("[data-knob]").count()).toBe(knobs.length);
  for (const [k, v] of knobs) {
    const knob = page.locator(`[data-knob="${k}"]`);
    expect(await knob.isVisible()).toBe(true);
    expect(await knob.innerText()).toMatch(new RegExp(`${k.replace(/\./g, "\\.")}\\s+${String(v).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
  }
}

async function screenshot(page: Page, name: string, html: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.mouse.move(0, 0);
  await readyForScreenshot(page);
  const png = join(SHOTS, `${name}.png`);
  await page.screenshot({ path: png, fullPage: true });
  expect(statSync(png).size, "the screenshot has something in it").toBeGreaterThan(20_000);
  writeFileSync(join(SHOTS, `${name}.html`), html);
  console.log(`screenshot: ${png} (page: ${name}.html beside it)`);
}
