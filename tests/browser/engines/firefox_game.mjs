/**
 * @fileoverview One short guessing game in Firefox ESR (Puppeteer over WebDriver BiDi), for
 * tests/browser/test_page_game.py, which asserts on what this prints (one JSON line):
 *   node tests/browser/engines/firefox_game.mjs URL LINE [FIREFOX_BINARY]
 * It loads URL, scrolls to the game and waits for its first round, and types into the guess field, for each
 * character of LINE (the round's line as CPython computes it), one wrong guess and then the right
 * one; then it reports the revealed characters, the reader's score and any error.
 */
import { collectErrors, launchFirefox, sleep } from "./launch.mjs";

const [url, line, binary = "/usr/bin/firefox-esr"] = process.argv.slice(2);
const wrongFor = (c) => (c !== "q" ? "q" : "z");

const browser = await launchFirefox(binary);
const out = { errors: [] };
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 800 });
  collectErrors(page, out);
  await page.goto(url);
  const deadline = Date.now() + 180_000;
  while (!(await page.evaluate(() => document.querySelector("[data-testid=status]").dataset.state === "ready"))) {
    if (Date.now() > deadline) throw new Error("the page was not ready within 180 s");
    await sleep(100);
  }
  await page.evaluate(() => document.getElementById("game-card").scrollIntoView()); // a reader comes to the game
  while (!(await page.evaluate(() => !!document.querySelector("#game-line .game-slot")))) {
    if (Date.now() > deadline) throw new Error("no round of the game within 180 s");
    await sleep(100);
  }
  await page.focus("[data-testid=game-input]");
  for (const c of line) {
    await page.keyboard.type(wrongFor(c));
    await page.keyboard.type(c);
  }
  await sleep(300);
  out.chars = await page.evaluate(() => [...document.querySelectorAll("[data-testid=game-char]")].map((c) => ({
    char: c.dataset.char, reader: Number(c.dataset.reader), network: Number(c.dataset.network) })));
  out.reader = await page.evaluate(() => {
    const d = document.querySelector("[data-testid=game-score-reader]").dataset;
    return { lower: Number(d.lower), upper: Number(d.upper) };
  });
} catch (e) {
  out.failure = String((e && e.stack) || e);
} finally {
  await browser.close();
}
console.log(JSON.stringify(out));
