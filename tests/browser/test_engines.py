"""The page in the two other engines a reader may use: Firefox (Gecko) and WebKitGTK (WebKit,
Safari's engine), from Debian. One short run in each, of the RNN, the fixed-window model and
attention (?cell=), as a reader acts: the page becomes ready,
Train makes the smoothed loss fall below ln 28, Pause stops the counter, Step adds one, resizing
the window while training raises nothing, no page error; and the first 20 losses of seed 1 are
those Chromium computes, bit for bit (the same wasm, the same NumPy).

- Firefox ESR is driven by Puppeteer (npm, package.json) over WebDriver BiDi, no geckodriver:
  tests/browser/engines/firefox.mjs does the run and prints what it saw; this file asserts.
- WebKitGTK is driven by Selenium through WebKitWebDriver (package webkit2gtk-driver), its
  MiniBrowser in automation mode, on a virtual X display (Xvfb) the test starts. WebDriver
  classic gives no console: errors are recorded by listeners installed once the page has loaded
  (window error events, unhandled rejections, console.error), and the page's own error area must
  stay empty.
Run just these: `python3 -m pytest -q tests/browser/test_engines.py`.
"""
from __future__ import annotations

import contextlib
import json
import math
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from conftest import ROOT

FIREFOX = "/usr/bin/firefox-esr"
WEBKIT_DRIVER = "/usr/bin/WebKitWebDriver"
MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"  # from webkit2gtk-driver's libwebkit2gtk-4.1
LN28 = math.log(28)
INSTALL = "run `bash scripts/test.sh` (it installs firefox-esr, webkit2gtk-driver, xvfb and the npm packages)"
SIZES = [(390, 844), (844, 390), (320, 640), (960, 600), (1280, 800)]
LOAD_TIMEOUT = 180  # seconds: Pyodide's start is slower in these engines, and the machine is shared


def need(path: str | Path, what: str):
    if not Path(path).exists():
        pytest.fail(f"{what} is missing ({path}): {INSTALL}", pytrace=False)


# Each engine runs the RNN and the two models of the lineage that are not recurrent (issue 23).
CELLS = ["rnn", "window", "attention"]


@pytest.fixture(scope="module")
def chromium_runs(open_reader) -> dict:
    return {}


@pytest.fixture
def chromium_losses(open_reader, chromium_runs, cell) -> list[float]:
    """The first 20 losses of seed 1 with `cell`, in Chromium (asked once per cell)."""
    if cell not in chromium_runs:
        r = open_reader(f"?seed=1&cell={cell}")
        chromium_runs[cell] = r.eval("() => window.rnnLive.debugLosses(20)")
        r.assert_clean()
    return chromium_runs[cell]


def check_run(out: dict, chromium_losses: list[float]):
    """What a reader relies on, from one engine's run (see firefox.mjs for the fields)."""
    assert "failure" not in out, out.get("failure")
    assert out["ready"]["state"] == "ready", f"the page did not load: {out['ready']['error']}"
    assert out["losses"] == chromium_losses  # bit for bit
    assert out["trained"]["loss"] < LN28 and out["trained"]["iteration"] >= 100
    assert out["paused"]["state"] == "paused"
    assert out["pausedLater"]["iteration"] == out["paused"]["iteration"], "Pause did not stop the counter"
    assert out["stepped"]["iteration"] == out["pausedLater"]["iteration"] + 1
    assert out["steppedLater"]["iteration"] == out["stepped"]["iteration"], "Step did more than one step"
    assert out["steppedLater"]["error"] is None
    assert out["errors"] == []


@pytest.mark.parametrize("cell", CELLS)
def test_firefox(base_url, chromium_losses, cell):
    need(FIREFOX, "Firefox ESR")
    need(ROOT / "node_modules" / "puppeteer-core", "Puppeteer (npm)")
    node = shutil.which("node")
    if not node:
        pytest.fail(f"Node.js is missing: {INSTALL}", pytrace=False)
    done = subprocess.run([node, str(ROOT / "tests/browser/engines/firefox.mjs"), base_url + f"?seed=1&cell={cell}", FIREFOX],
                          capture_output=True, text=True, timeout=600, cwd=ROOT)
    lines = done.stdout.strip().splitlines()
    assert done.returncode == 0 and lines, f"firefox.mjs failed: {done.stderr[-2000:]}"
    out = json.loads(lines[-1])
    assert out["version"].startswith("firefox/")
    print(f"Firefox {out['version']}: ready in {out['readyMs'] / 1000:.1f} s")
    check_run(out, chromium_losses)


# --- WebKitGTK ---------------------------------------------------------------------------------

RECORD_ERRORS = """
if (!window.__errors) {
  window.__errors = [];
  addEventListener("error", (e) => window.__errors.push("error event: " + e.message));
  addEventListener("unhandledrejection", (e) => window.__errors.push("unhandled rejection: " + e.reason));
  const error = console.error;
  console.error = (...args) => { window.__errors.push("console error: " + args.join(" ")); error.apply(console, args); };
}
"""
READ = """
const q = (id) => document.querySelector(`[data-testid=${id}]`);
return {state: q("status").dataset.state, iteration: Number(q("iteration").textContent),
        loss: Number(q("loss").textContent), error: q("error").hidden ? null : q("error").textContent};
"""


class Xvfb:
    """A virtual X display for the length of a test (the first free number, from Xvfb itself)."""

    def __enter__(self):
        if not shutil.which("Xvfb"):
            pytest.fail(f"Xvfb is missing: {INSTALL}", pytrace=False)
        read, write = os.pipe()
        self.process = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x1024x24",
                                         "-nolisten", "tcp"], pass_fds=[write], stderr=subprocess.DEVNULL)
        os.close(write)
        self.pipe = read  # (open while Xvfb runs: it exits if it cannot finish writing the number)
        number = b""
        while not number.endswith(b"\n"):
            chunk = os.read(read, 16)
            assert chunk, "Xvfb did not start"
            number += chunk
        self.display = f":{number.decode().strip()}"
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(10)
        os.close(self.pipe)


@contextlib.contextmanager
def webkit():
    """WebKitGTK's MiniBrowser in automation mode, driven by Selenium over WebKitWebDriver on a
    virtual display (the tests of other files use it too); quit at the end."""
    need(WEBKIT_DRIVER, "WebKitWebDriver")
    need(MINIBROWSER, "WebKitGTK's MiniBrowser")
    try:
        from selenium import webdriver
        from selenium.webdriver.webkitgtk.options import Options
        from selenium.webdriver.webkitgtk.service import Service
    except ImportError:
        pytest.fail(f"Selenium is missing: {INSTALL}", pytrace=False)
    with Xvfb() as x:
        options = Options()
        options.binary_location = MINIBROWSER
        options.add_argument("--automation")
        service = Service(executable_path=WEBKIT_DRIVER, env={**os.environ, "DISPLAY": x.display})
        driver = webdriver.WebKitGTK(options=options, service=service)
        try:
            yield driver
        finally:
            driver.quit()


@pytest.mark.parametrize("cell", CELLS)
def test_webkit(base_url, chromium_losses, cell):
    with webkit() as driver:
        driver.set_script_timeout(120)
        out = {"version": driver.capabilities.get("browserVersion", "?"), "errors": []}
        read = lambda: driver.execute_script(READ)  # noqa: E731

        def until(test, what, seconds):
            # WebKitWebDriver sometimes answers a script with an empty error while the page's first
            # modules compile (seen once in CI); that is the driver, not the page, so ask again until
            # the deadline, and report the driver's last answer if it never recovers.
            from selenium.common.exceptions import WebDriverException

            deadline = time.monotonic() + seconds
            while True:
                try:
                    now = read()
                except WebDriverException as e:
                    now = f"WebKitWebDriver: {e!r}"
                else:
                    if test(now):
                        return now
                assert time.monotonic() < deadline, f"timed out waiting for {what}: {now}"
                time.sleep(0.05)

        driver.set_window_size(1280, 800)
        started = time.monotonic()
        driver.get(base_url + f"?seed=1&cell={cell}")
        driver.execute_script(RECORD_ERRORS)
        out["ready"] = until(lambda s: s["state"] in ("ready", "error"), "the page to load", LOAD_TIMEOUT)
        out["readyMs"] = (time.monotonic() - started) * 1000
        assert out["ready"]["state"] == "ready", f"the page did not load in WebKit: {out['ready']['error']}"
        driver.execute_script("window.__losses = null; window.rnnLive.debugLosses(20).then((l) => { window.__losses = l; });")
        deadline = time.monotonic() + LOAD_TIMEOUT
        while not (losses := driver.execute_script("return window.__losses")):
            assert time.monotonic() < deadline, f"no answer to debugLosses in {LOAD_TIMEOUT} s: {read()}"
            time.sleep(0.1)
        out["losses"] = losses
        print(f"WebKitGTK: ready in {out['readyMs'] / 1000:.1f} s, losses after {time.monotonic() - started:.1f} s")
        driver.find_element("css selector", "[data-testid=train]").click()
        out["trained"] = until(lambda s: s["iteration"] >= 100 and s["loss"] < LN28, "the loss to fall", 120)
        for width, height in SIZES:
            driver.set_window_size(width, height)
            time.sleep(0.3)
        driver.find_element("css selector", "[data-testid=train]").click()
        out["paused"] = until(lambda s: s["state"] == "paused", "Pause", 30)
        time.sleep(1)
        out["pausedLater"] = read()
        driver.find_element("css selector", "[data-testid=step]").click()
        out["stepped"] = until(lambda s: s["iteration"] == out["pausedLater"]["iteration"] + 1, "Step", 30)
        time.sleep(0.5)
        out["steppedLater"] = read()
        out["errors"] = driver.execute_script("return window.__errors")
    print(f"WebKitGTK {out['version']}: ready in {out['readyMs'] / 1000:.1f} s")
    check_run(out, chromium_losses)
