/**
 * @fileoverview What the Firefox ESR scripts beside this file share: Debian's Firefox launched
 * headless by Puppeteer over WebDriver BiDi (no geckodriver, no browser download), and a page's
 * errors and console errors collected into `out.errors`.
 */
import puppeteer from "puppeteer-core";

export const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

export function launchFirefox(binary = "/usr/bin/firefox-esr") {
  return puppeteer.launch({
    browser: "firefox",
    executablePath: binary,
    headless: true,
    protocolTimeout: 180_000,
    extraPrefsFirefox: { "app.update.enabled": false, "browser.shell.checkDefaultBrowser": false },
  });
}

/** Collect `page`'s errors and console errors into `out.errors`. */
export function collectErrors(page, out) {
  page.on("pageerror", (e) => out.errors.push(`page error: ${e.message}`));
  page.on("console", (m) => { if (m.type() === "error") out.errors.push(`console error: ${m.text()}`); });
}

/** Poll `read()` until `test` holds of what it returns (that value), or throw after `seconds`. */
export async function until(read, test, what, seconds, everyMs = 50) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const now = await read();
    if (test(now)) return now;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(now)}`);
    await sleep(everyMs);
  }
}
