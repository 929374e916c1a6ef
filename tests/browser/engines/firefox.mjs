/**
 * @fileoverview The page in Firefox ESR, acted on as a reader would, driven by Puppeteer over
 * WebDriver BiDi (no geckodriver). Run by tests/browser/test_engines.py, which asserts on what
 * this prints (one JSON line):
 *   node tests/browser/engines/firefox.mjs URL [FIREFOX_BINARY]
 * It loads URL, asks the page's worker for the first 20 losses of a fresh run
 * (rnnLive.debugLosses), trains until the smoothed loss is below ln 28, pauses, watches the
 * counter for a second, presses Step once, and reports the page's errors and console errors.
 * While it trains it resizes the viewport through SIZES (a phone turned, an embed's frame).
 */
import { collectErrors, launchFirefox, sleep, until } from "./launch.mjs";

const [url, binary = "/usr/bin/firefox-esr"] = process.argv.slice(2);
const LN28 = Math.log(28);
const SIZES = [[390, 844], [844, 390], [320, 640], [960, 600], [1280, 800]];

const browser = await launchFirefox(binary);
const out = { version: await browser.version(), errors: [] };
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 800 });
  collectErrors(page, out);
  await page.evaluateOnNewDocument(() => {
    window.__errors = [];
    window.addEventListener("error", (e) => window.__errors.push(`error event: ${e.message}`));
    window.addEventListener("unhandledrejection", (e) => window.__errors.push(`unhandled rejection: ${e.reason}`));
  });
  const read = () => page.evaluate(() => ({
    state: document.querySelector("[data-testid=status]").dataset.state,
    iteration: Number(document.querySelector("[data-testid=iteration]").textContent),
    loss: Number(document.querySelector("[data-testid=loss]").textContent),
    error: document.querySelector("[data-testid=error]").hidden ? null : document.querySelector("[data-testid=error]").textContent,
  }));
  const waitFor = (test, what, seconds) => until(read, test, what, seconds, 50);
  const started = Date.now();
  await page.goto(url);
  out.ready = await waitFor((s) => s.state === "ready" || s.state === "error", "the page to load", 150);
  out.readyMs = Date.now() - started;
  out.losses = await page.evaluate(() => window.rnnLive.debugLosses(20));
  await page.click("[data-testid=train]");
  out.trained = await waitFor((s) => s.iteration >= 100 && s.loss < LN28, "the loss to fall below ln 28", 120);
  for (const [width, height] of SIZES) {
    await page.setViewport({ width, height });
    await sleep(300);
  }
  await page.click("[data-testid=train]");
  out.paused = await waitFor((s) => s.state === "paused", "Pause", 30);
  await sleep(1000);
  out.pausedLater = await read();
  await page.click("[data-testid=step]");
  out.stepped = await waitFor((s) => s.iteration === out.pausedLater.iteration + 1, "Step", 30);
  await sleep(500);
  out.steppedLater = await read();
  out.errors.push(...await page.evaluate(() => window.__errors));
} catch (e) {
  out.failure = String(e && e.stack || e);
} finally {
  await browser.close();
}
console.log(JSON.stringify(out));
