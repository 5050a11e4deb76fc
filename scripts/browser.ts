/**
 * Headless Chromium for the HTML timeline's test and screenshots: Debian's chromium driven by
 * playwright-core (Playwright's own browser download does not work on these machines), with the
 * flags that keep it off the network, and a page that records every request and lets through
 * only the document itself.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";

export const CHROMIUM = process.env.HASPEC_CHROMIUM ?? "/usr/bin/chromium";

const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** Chromium, or an error in one line saying how to install it. */
export async function launchChromium(): Promise<Browser> {
  try {
    return await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 60_000 });
  } catch (e) {
    const why = (e instanceof Error ? e.message : String(e)).split("\n")[0];
    throw new Error(`cannot start Chromium at ${CHROMIUM} (${why}); install it with: bash scripts/install-browser.sh`);
  }
}

export interface OfflinePage {
  readonly page: Page;
  readonly url: string;
  /** Every request the page made, the document's own included. */
  readonly requests: string[];
  readonly close: () => Promise<void>;
}

/** Opens `html` from a file in a temporary directory, aborting every request but the file itself (and inline data). */
export async function openOffline(browser: Browser, html: string, viewport = { width: 1500, height: 1000 }): Promise<OfflinePage> {
  const dir = mkdtempSync(join(tmpdir(), "haspec-html-"));
  const file = join(dir, "timeline.html");
  writeFileSync(file, html);
  const url = pathToFileURL(file).href;
  const context = await browser.newContext({ viewport, offline: true });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  const allowed = (u: string): boolean => u === url || u.startsWith("data:") || u.startsWith("about:");
  await page.route("**/*", (route) => (allowed(route.request().url()) ? route.continue() : route.abort()));
  await page.goto(url, { waitUntil: "load" });
  const close = async (): Promise<void> => {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { page, url, requests, close };
}

/**
 * Ready for a whole-page screenshot: as wide as the diagram (it may be wider than the window),
 * and scrolled back to the top, since the page scrolls its violation into view on load and a
 * sticky lane header would otherwise be drawn across the middle.
 */
export async function readyForScreenshot(page: Page): Promise<void> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  const size = page.viewportSize();
  if (size !== null && width > size.width) await page.setViewportSize({ width, height: size.height });
  await page.evaluate(() => window.scrollTo(0, 0));
}
