"""Fixtures for the browser tests: one static server, one Chromium, pages that act as a reader.

The server is `scripts/serve.py`'s `make_server` (the same headers a reader gets, strict CSP
included) on a free port; the browser is Debian's Chromium (`/usr/bin/chromium`), because
`playwright install` cannot download browsers here. Every page records console errors, page
errors, dialogs and any request that leaves the page's origin; a test can assert on them with
`reader.assert_clean()`, and the page fixtures do so when they close the page.

Under the page's CSP `page.wait_for_function` does not work, so `Reader.wait` polls with
`page.evaluate`. Timeouts are generous (a 2-core machine, Pyodide loading in a few seconds);
no test asserts on how fast anything is.
"""
from __future__ import annotations

import importlib.util
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
NEEDED = ["generated/settings.json", "generated/assets.json", "assets/sonnets.txt",
          "vendor/pyodide/pyodide.mjs", "vendor/pyodide/pyodide.asm.wasm"]
READY_TIMEOUT = 90  # seconds for Pyodide + NumPy + py_core on a slow machine


def _load_serve():
    spec = importlib.util.spec_from_file_location("rnn_live_serve", ROOT / "scripts" / "serve.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def base_url():
    missing = [p for p in NEEDED if not (WEB / p).exists()]
    if missing:
        pytest.fail(f"web/ is not built ({', '.join(missing)} missing): run `python scripts/fetch_assets.py`",
                    pytrace=False)
    server = _load_serve().make_server("127.0.0.1", 0, WEB)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        kwargs = {"executable_path": CHROMIUM} if Path(CHROMIUM).exists() else {}
        browser = p.chromium.launch(args=CHROMIUM_ARGS, **kwargs)
        yield browser
        browser.close()


class Reader:
    """A page, and what a reader does and sees on it."""

    def __init__(self, browser, base_url: str, query: str = "", viewport=None, before=None):
        self.base_url = base_url
        self.context = browser.new_context(viewport=viewport or {"width": 1280, "height": 800})
        self.page = self.context.new_page()
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.dialogs: list[str] = []
        self.off_origin: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        self.page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.context.on("request", self._request)
        self.context.route("**/*", self._route)
        if before:
            before(self.context)  # e.g. more routes (they take precedence over the one above)
        self.page.goto(base_url + query)

    # --- recording ---------------------------------------------------------------------------
    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _request(self, request):
        self.requests.append(request.url)
        if not self._local(request.url):
            self.off_origin.append(request.url)

    def _route(self, route):
        if self._local(route.request.url):
            route.continue_()
        else:  # never let anything leave, even if the test then fails on it
            self.off_origin.append(route.request.url)
            route.abort()

    def _local(self, url: str) -> bool:
        return url.startswith(self.base_url) or url.startswith(("data:", "blob:", "about:"))

    def assert_clean(self):
        assert self.page_errors == [], f"page errors: {self.page_errors}"
        assert self.console_errors == [], f"console errors: {self.console_errors}"
        assert self.dialogs == [], f"dialogs opened: {self.dialogs}"
        assert self.off_origin == [], f"requests off the page's origin: {self.off_origin}"

    def close(self):
        self.context.close()

    # --- reading the page --------------------------------------------------------------------
    def eval(self, script: str, arg=None):
        return self.page.evaluate(script, arg)

    def testid(self, name: str) -> str:
        return f'[data-testid="{name}"]'

    def text(self, name: str) -> str:
        return self.eval("s => document.querySelector(s).textContent", self.testid(name))

    def state(self) -> str:
        return self.eval("s => document.querySelector(s).dataset.state", self.testid("status"))

    def iteration(self) -> int:
        return int(self.text("iteration"))

    def loss(self) -> float:
        return float(self.text("loss"))

    def error(self) -> str | None:
        """The error area's text, or None while it is not visible."""
        if not self.page.is_visible(self.testid("error")):
            return None
        return self.text("error")

    def heatmap(self) -> list[tuple[int, int, float]]:
        return [tuple(x) for x in self.eval("""s => [...document.querySelectorAll(s)].map(c =>
            [Number(c.dataset.row), Number(c.dataset.col), Number(c.dataset.value)])""",
                                          f'{self.testid("heatmap")} {self.testid("heatmap-cell")}')]

    def workers(self) -> list:
        """The page's workers as Playwright knows them now. (`page.workers` is only updated when
        the sync API handles events, which it does during a call: one round trip first.)"""
        self.page.evaluate("0")
        return self.page.workers

    def query(self) -> str:
        return self.eval("() => location.search")

    def wait(self, predicate, what: str, timeout: float = 30.0):
        """Poll `predicate()` until it is truthy; fail naming `what` (and the page's status)."""
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what} "
                                     f"(status {self.state()!r}, iteration {self.text('iteration')!r}, "
                                     f"error {self.error()!r})")
            time.sleep(0.05)

    def wait_ready(self):
        self.wait(lambda: self.state() in ("ready", "error"), "the page to load", READY_TIMEOUT)
        assert self.state() == "ready", f"the page did not load: {self.error()}"

    # --- acting ------------------------------------------------------------------------------
    def click(self, name: str):
        self.page.click(self.testid(name))

    def fill(self, name: str, text: str, commit: bool = True):
        self.page.fill(self.testid(name), text)
        if commit:
            self.page.press(self.testid(name), "Enter")

    def retry(self):
        """Press Retry and wait until the page has left its error state (it redraws on the next
        animation frame, so right after the click the status can still read "error")."""
        self.click("retry")
        self.wait(lambda: self.state() != "error", "Retry to start loading again")

    def pause(self):
        """Pause if training; wait until the worker has stopped."""
        if self.state() == "training":
            self.click("train")
        self.wait(lambda: self.state() in ("paused", "ready"), "training to stop")

    def train_until(self, predicate, what: str, timeout: float = 60.0):
        if self.state() != "training":
            self.click("train")
        self.wait(lambda: self.state() == "training" or predicate(), "training to start")
        self.wait(predicate, what, timeout)
        self.pause()

    def reset(self):
        self.click("reset")
        # (The run may have been at iteration 0 already: wait until the worker has answered.)
        self.wait(lambda: self.eval("() => rnnLive.debugPending()") == 0 and self.state() == "ready"
                  and self.iteration() == 0, "Reset to iteration 0")


@pytest.fixture(scope="module")
def open_reader(browser, base_url):
    """Open a fresh page (`open_reader("?seed=3")`), ready to use; closed at the end of the module
    (not of the session: a page left open keeps its worker and its Pyodide heap, and a suite that
    piles up a hundred of them gets slower and less predictable the longer it runs)."""
    opened = []

    def open_(query: str = "", wait: bool = True, viewport=None, before=None) -> Reader:
        reader = Reader(browser, base_url, query, viewport, before)
        opened.append(reader)
        if wait:
            reader.wait_ready()
        return reader

    yield open_
    for reader in opened:
        reader.close()


@pytest.fixture(scope="module")
def reader(browser, base_url):
    """One page shared by a module's tests, as one reader would use it; checked when closed."""
    r = Reader(browser, base_url)
    r.wait_ready()
    yield r
    r.close()
    r.assert_clean()
