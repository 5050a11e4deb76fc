/**
 * A trace file's HTML timeline as a PNG, for the README and bug reports:
 *
 *   npx tsx scripts/screenshot.ts TRACE.json OUT.png
 *
 * Renders what `haspec show TRACE --html` writes, opens it offline in headless Chromium (see
 * scripts/install-browser.sh) and screenshots the whole page.
 */
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { loadTrace } from "../conformance/kits/load.ts";
import { buildTimeline } from "../conformance/trace/timeline/build.ts";
import { renderHtml } from "../conformance/trace/timeline/html/index.ts";
import { readyForScreenshot, launchChromium, openOffline } from "./browser.ts";

const [tracePath, outPath] = process.argv.slice(2);
if (tracePath === undefined || outPath === undefined) {
  console.error("usage: npx tsx scripts/screenshot.ts TRACE.json OUT.png");
  process.exit(2);
}
const html = loadTrace(tracePath).use((kit, trace) => renderHtml(buildTimeline(kit, trace)));
const browser = await launchChromium();
try {
  const { page, close } = await openOffline(browser, html);
  await readyForScreenshot(page);
  mkdirSync(dirname(resolve(outPath)), { recursive: true });
  await page.screenshot({ path: outPath, fullPage: true });
  await close();
  console.log(`wrote ${outPath}`);
} finally {
  await browser.close();
}
