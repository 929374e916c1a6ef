"""The network section of scripts/bench_browser.py: what a reader downloads before `ready`.

Two copies of `web/` are served side by side, from the same files:
  before  the --full, uncompressed configuration (Pyodide's own stdlib zip, lock file and NumPy
          wheel; identity encoding, whatever the browser accepts) — the page as it loaded before
  after   what `scripts/serve.py` serves: br/gzip siblings, the trimmed stdlib and NumPy
For each, cold-cache loads (a new browser context each time) are timed from navigation to
data-state="ready" at each link speed (Chromium's Network.emulateNetworkConditions), alternating
before and after; the server counts every byte it writes (status lines, headers and bodies:
the bytes on the wire) and every request, until ready.
"""
from __future__ import annotations

import statistics
import sys
import threading
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import fetch_assets  # noqa: E402
import serve  # noqa: E402

LINKS = {"localhost": None, "20 Mbit/s + 40 ms": (20.0, 40), "4 Mbit/s + 40 ms": (4.0, 40)}
STATE = "document.querySelector('[data-testid=status]')?.dataset.state ?? 'loading'"  # (null until the document has parsed)


class Counting:
    """A serve.py server for web/ that counts what it writes; `full` serves the before copy."""

    def __init__(self, full: bool):
        self.bytes = 0
        self.requests = 0
        self.lock = threading.Lock()
        outer = self
        manifest = fetch_assets.assets_manifest(ROOT, full=True) if full else None

        class Writer:
            def __init__(self, raw):
                self.raw = raw

            def write(self, data):
                with outer.lock:
                    outer.bytes += len(data)
                return self.raw.write(data)

            def __getattr__(self, name):
                return getattr(self.raw, name)

        class Handler(serve.Handler):
            def setup(self):
                super().setup()
                self.wfile = Writer(self.wfile)

            def handle_one_request(self):
                super().handle_one_request()
                if getattr(self, "command", None):
                    with outer.lock:
                        outer.requests += 1

            def send_head(self):
                if full and self.url_path() == "/generated/assets.json":
                    import io
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(manifest)))
                    self.end_headers()
                    return io.BytesIO(manifest)
                return super().send_head()

            def siblings(self, path):
                return [] if full else super().siblings(path)

        self.server = serve.Server(("127.0.0.1", 0), partial(Handler, directory=str(serve.WEB_DIR)))
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = serve.url_of(self.server)

    def reset(self):
        with self.lock:
            self.bytes = self.requests = 0

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def throttle(ctx, page, link) -> None:
    """Chromium's network emulation over CDP for `page`: link = (Mbit/s, latency in ms)."""
    mbit, latency = link
    cdp = ctx.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": latency,
        "downloadThroughput": mbit * 1e6 / 8, "uploadThroughput": mbit * 1e6 / 8})


def cold_load(browser, site: Counting, link, timeout=300.0) -> dict:
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    page.goto("about:blank")
    if link:
        throttle(ctx, page, link)
    site.reset()
    t0 = time.perf_counter()
    page.goto(site.url, wait_until="commit")
    deadline = t0 + timeout
    state = "loading"
    while time.perf_counter() < deadline:
        state = page.evaluate(STATE)
        if state != "loading":
            break
        time.sleep(0.05)
    ready_s = time.perf_counter() - t0
    with site.lock:
        result = {"ready_s": ready_s, "bytes": site.bytes, "requests": site.requests, "state": state}
    ctx.close()
    return result


def network(browser, rounds: int = 3, slow: bool = False, log=print) -> dict:
    """{link: {before: {...}, after: {...}}} with medians over `rounds` cold loads each."""
    sites = {"before": Counting(full=True), "after": Counting(full=False)}
    links = dict(LINKS)
    if slow:
        links["1 Mbit/s + 40 ms"] = (1.0, 40)
    out = {}
    try:
        for name, link in links.items():
            runs = {"before": [], "after": []}
            for r in range(rounds if not (slow and link == (1.0, 40)) else 1):
                for which in ("before", "after") if link != (1.0, 40) else ("after",):
                    result = cold_load(browser, sites[which], link)
                    runs[which].append(result)
                    log(f"network {name}, {which}, round {r + 1}: ready {result['ready_s']:.2f} s, "
                        f"{result['bytes'] / 1e6:.2f} MB in {result['requests']} requests ({result['state']})")
            med = statistics.median
            out[name] = {which: {
                "ready_s": round(med(x["ready_s"] for x in got), 2),
                "ready_s_range": [round(min(x["ready_s"] for x in got), 2), round(max(x["ready_s"] for x in got), 2)],
                "mb_before_ready": round(med(x["bytes"] for x in got) / 1e6, 2),
                "requests": int(med(x["requests"] for x in got)),
                "errors": sum(x["state"] != "ready" for x in got),
            } for which, got in runs.items() if got}
    finally:
        for site in sites.values():
            site.close()
    return out
