/**
 * @fileoverview The example article (web/examples/article.html) in Firefox ESR, its frames served
 * from another origin than the article, driven by Puppeteer as firefox.mjs is. Run by
 * tests/browser/test_page_embed_messages.py, which asserts on the one JSON line this prints:
 *   node tests/browser/engines/firefox-embed.mjs ARTICLE_URL [FIREFOX_BINARY]
 * It waits for the first figure's caption to say "Ready.", clicks the article's "Train it" link,
 * waits for "Training." and a count above 0, clicks "Pause it", and reports what the captions and
 * the frames said, the frame heights the host script set, and any errors.
 */
import { collectErrors, launchFirefox, sleep, until } from "./launch.mjs";

const [url, binary = "/usr/bin/firefox-esr"] = process.argv.slice(2);

const browser = await launchFirefox(binary);
const out = { version: await browser.version(), errors: [] };
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1000, height: 900 });
  collectErrors(page, out);
  const read = () => page.evaluate(() => ({
    state: document.querySelector("[data-state-of=frame-loss]").textContent,
    numbers: document.querySelector("[data-numbers-of=frame-loss]").textContent,
    heights: [...document.querySelectorAll("iframe")].map((f) => f.style.height),
    frames: [...document.querySelectorAll("iframe")].map((f) => f.src),
  }));
  const waitFor = (test, what, seconds) => until(read, test, what, seconds, 100);
  await page.goto(url);
  out.ready = await waitFor((s) => s.state === "Ready.", "the first figure to be ready", 170);
  await page.click("a[data-command=train]");
  out.training = await waitFor((s) => s.state === "Training." && /Iteration [1-9]/.test(s.numbers), "training", 60);
  await page.click("a[data-command=pause]");
  out.paused = await waitFor((s) => s.state === "Paused.", "the pause", 30);
  await sleep(1000);
  out.pausedLater = await read();
} catch (e) {
  out.failure = String(e && e.stack || e);
} finally {
  await browser.close();
}
console.log(JSON.stringify(out));
