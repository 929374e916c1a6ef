"""Loading over real networks: compression, a plain static server, byte progress and stalls.

- Under `scripts/serve.py` the big files arrive compressed (br); under `python -m http.server`
  (no compression at all) the page still loads and trains.
- On a slow link (Chromium's own network emulation) the loading line counts megabytes, and the
  watchdog, shortened to 2 s for the test, never fires while bytes keep arriving.
- A download that stops half-way is a stall: the page says so and offers Retry, which loads.
"""
from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from functools import partial

import pytest

from conftest import READY_TIMEOUT, WEB, Reader, _load_serve

STALL_MS = 2000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def open_recording(browser, url: str) -> tuple[Reader, dict]:
    """A page, and path → response headers of the first request for each path (worker's included)."""
    seen = {}

    def listen(context):
        context.on("response", lambda resp: seen.setdefault(
            resp.url.split("?")[0].removeprefix(url), resp.all_headers()))

    return Reader(browser, url, before=listen), seen


def test_serve_py_sends_the_big_files_compressed(browser, base_url):
    r, seen = open_recording(browser, base_url)
    r.wait_ready()
    wasm = seen["vendor/pyodide/pyodide.asm.wasm"]
    assert wasm["content-encoding"] == "br" and wasm["content-type"] == "application/wasm"
    assert seen["vendor/pyodide/pyodide.asm.js"]["content-encoding"] == "br"
    # The trimmed standard library and NumPy are what loads (already deflated zips: sent as they are).
    assert "lean/python_stdlib.zip" in seen and "lean/numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl" in seen
    assert "vendor/pyodide/python_stdlib.zip" not in seen
    r.train_until(lambda: r.iteration() >= 20, "training on the trimmed build")
    r.assert_clean()
    r.close()


@pytest.fixture(scope="module")
def plain_server():
    """`python -m http.server -d web`: no compression, no security headers, no cache policy."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "http.server", "-d", str(WEB), "-b", "127.0.0.1", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}/"
    proc.terminate()
    proc.wait(timeout=10)


def test_the_page_works_under_a_plain_static_server(browser, plain_server):
    r, seen = open_recording(browser, plain_server)
    r.wait_ready()
    assert "vendor/pyodide/pyodide.asm.wasm" in seen
    assert not any("content-encoding" in headers for headers in seen.values()), seen
    r.train_until(lambda: r.iteration() >= 20, "training under http.server")
    r.click("save")  # checkpoints, the n-gram and memory reach need more of Python: they work too
    r.wait(lambda: r.text("tool-note").startswith("Saved the network"), "the save")
    r.assert_clean()
    r.close()


def throttle(r: Reader, mbit: float, latency_ms: float = 40):
    cdp = r.context.new_cdp_session(r.page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": latency_ms,
        "downloadThroughput": mbit * 1e6 / 8, "uploadThroughput": mbit * 1e6 / 8})
    return cdp


def loaded_bytes(r: Reader) -> tuple[int, int]:
    return r.eval("""() => { const el = document.getElementById('load-bytes');
        return el ? [Number(el.dataset.received || 0), Number(el.dataset.total || 0)] : [0, 0]; }""")


def test_a_slow_link_is_progress_not_a_stall(browser, base_url):
    # A blank page first: the link is slow from the first byte of the site.
    r = Reader(browser, "about:blank")
    r.base_url = base_url
    throttle(r, 2.0)
    r.page.goto(base_url, wait_until="commit")
    r.wait(lambda: r.eval("() => !!window.rnnLive"), "the page's script")
    r.eval("ms => rnnLive.debugStallAfter(ms)", STALL_MS)
    lines = []
    start = time.monotonic()

    def downloaded():
        received, total = loaded_bytes(r)
        text = r.eval("() => document.getElementById('load-bytes')?.textContent || ''")
        if text and (not lines or lines[-1] != text):
            lines.append(text)
        assert r.state() != "error", r.error()
        return total > 0 and received >= total

    r.wait(downloaded, "every big download to arrive at 2 Mbit/s", 120)
    took = time.monotonic() - start
    assert took > 4 * STALL_MS / 1000, f"the downloads took {took:.1f} s: too fast to prove anything"
    r.eval("() => rnnLive.debugStallAfter()")  # (the CPU-bound start of Python is not what is tested)
    r.wait_ready()
    assert any("MB" in line and "left" in line for line in lines), lines
    total_mb = loaded_bytes(r)[1] / 1e6
    assert 3 < total_mb < 6, lines  # on the wire: br wasm + trimmed stdlib and NumPy
    r.assert_clean()
    r.close()


class StopsHalfway:
    """serve.py, except that the first request for the wasm sends half of it and then nothing."""

    def __init__(self):
        self.release = threading.Event()
        self.stopped = threading.Event()
        serve = _load_serve()
        outer = self

        class Handler(serve.Handler):
            def copyfile(self, source, outputfile):
                if self.path.endswith("pyodide.asm.wasm") and not outer.stopped.is_set():
                    outer.stopped.set()
                    data = source.read()
                    outputfile.write(data[: len(data) // 2])
                    outputfile.flush()
                    outer.release.wait(90)  # a request that has stopped moving ...
                    self.close_connection = True  # ... until the test lets go: then the connection
                    self.connection.shutdown(socket.SHUT_RDWR)  # drops, so nothing waits on it
                    return
                super().copyfile(source, outputfile)

        self.server = serve.Server(("127.0.0.1", 0), partial(Handler, directory=str(WEB)))
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def close(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


def test_a_download_that_stops_moving_is_a_stall_with_retry(browser):
    site = StopsHalfway()
    try:
        r = Reader(browser, site.url)
        # (loaded_bytes first: the sync API handles the routes only while the test calls into the page)
        r.wait(lambda: loaded_bytes(r)[0] > 0 and site.stopped.is_set(), "half the wasm to arrive", 90)
        r.eval("ms => rnnLive.debugStallAfter(ms)", STALL_MS)
        r.wait(lambda: r.state() == "error", "the watchdog to give up on the stopped download", 30)
        message = r.error()
        assert message.startswith("Loading stalled: “Starting Python” made no progress for 2 seconds"), message
        assert r.page.is_visible(r.testid("retry"))
        r.eval("() => rnnLive.debugStallAfter()")
        site.release.set()
        r.retry()
        r.wait_ready()
        r.close()
    finally:
        site.close()
