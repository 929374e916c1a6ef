#!/usr/bin/env python3
"""Measure an article with three RNN live embeds in Debian's Chromium; print the numbers.

    python scripts/bench_embeds.py [--json]

The article is a writer's page, served from another origin (a second server, on a temporary folder:
Playwright's request routing would turn the HTTP cache off) with three frames of the panel at 680
pixels, each showing other pieces: "loss,sample", "heatmap" and
"controls,timeline", and the host script (web/embed-host.js). Three ways it loads:
  cold, together     an empty cache, all three frames in the page from the start (what an article
                     with three frames near its top gets)
  cold, one by one   an empty cache, each frame added when the one before is ready (frames further
                     down the article, loading="lazy"): the second and third find the first's files
                     in the HTTP cache
  warm               the article reloaded: everything in the cache (vendor/ is immutable; the rest
                     is "no-cache", so it is revalidated: 304s)
For each: bytes the server sent (status line, headers and body, counted at the socket), requests
by status, and each frame's time until its status reads "ready" (from the navigation, or from the
frame's insertion). Then the memory a frame holds: each frame's worker wasm heap (rnnLive
.debugMemory(), the worker's "debug-memory" answer) and Chromium's processes' proportional set
size (PSS, /proc/PID/smaps_rollup, summed over the browser's process tree) with 0 to 3 frames.
Numbers only: nothing is asserted.
"""
from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import os
import platform
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import serve  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
PIECES = ["loss,sample", "heatmap", "controls,timeline"]
WIDTH = 680


class Counter:
    """Bytes the server wrote and requests answered, by status."""

    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        with self.lock:
            self.bytes = 0
            self.statuses: dict[int, int] = {}

    def snapshot(self) -> dict:
        with self.lock:
            return {"bytes": self.bytes, "requests": dict(sorted(self.statuses.items()))}


class CountingFile:
    def __init__(self, raw, counter):
        self.raw, self.counter = raw, counter

    def write(self, data):
        with self.counter.lock:
            self.counter.bytes += len(data)
        return self.raw.write(data)

    def __getattr__(self, name):
        return getattr(self.raw, name)


def start_server(counter: Counter):
    class Handler(serve.Handler):
        def setup(self):
            super().setup()
            self.wfile = CountingFile(self.wfile, counter)

        def send_response(self, code, message=None):
            with counter.lock:
                counter.statuses[int(code)] = counter.statuses.get(int(code), 0) + 1
            super().send_response(code, message)

    server = serve.make_server("127.0.0.1", 0, serve.WEB_DIR)
    server.RequestHandlerClass = lambda *a, **k: Handler(*a, directory=str(serve.WEB_DIR), **k)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, serve.url_of(server)


def article(base: str, together: bool) -> str:
    frames = "".join(
        f'<h2>Figure {i + 1}</h2><iframe id="f{i}" src="{base}?embed=1&amp;show={show}&amp;seed={i + 1}" '
        f'title="RNN live ({show})" width="{WIDTH}" height="600" style="max-width: 100%; border: 0"></iframe>'
        for i, show in enumerate(PIECES)) if together else ""
    return (f'<!doctype html><meta charset="utf-8"><title>Three embeds</title><h1>An article</h1>'
            f'<main id="main">{frames}</main><script src="embed-host.js"></script><script src="listen.js"></script>')


# The article's ear: when each frame first said "ready" (its state message; an <iframe> out of view
# has its drawing held back, so its own status element can lag), in performance.now() milliseconds.
LISTEN = """window.__ready = {};
addEventListener("message", (e) => {
  const i = [...document.querySelectorAll("iframe")].findIndex((f) => f.contentWindow === e.source);
  if (i >= 0 && e.data && e.data.type === "rnn-live:state" && e.data.state === "ready" && !(i in __ready)) __ready[i] = performance.now();
});
"""


def start_article_server(base: str):
    """The writer's site: the two articles and a copy of the host script, on another origin."""
    site = Path(tempfile.mkdtemp(prefix="bench-embeds-"))
    (site / "together.html").write_text(article(base, True))
    (site / "one-by-one.html").write_text(article(base, False))
    shutil.copy(serve.WEB_DIR / "embed-host.js", site / "embed-host.js")
    (site / "listen.js").write_text(LISTEN)
    server = serve.make_server("127.0.0.1", 0, site, frame_origins=[base.rstrip("/")])
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://localhost:{server.server_address[1]}/", site


def frame_of(page, index: int):
    element = page.query_selector(f"#f{index}")
    return element.content_frame() if element else None


def wait_ready(page, indices, started: float, timeout=240.0) -> dict[int, float]:
    """Seconds from `started` (performance.now() ms in the article) until each frame in `indices`
    said it was ready."""
    deadline = time.monotonic() + timeout
    while True:
        ready = {int(k): v for k, v in page.evaluate("() => window.__ready || {}").items()}
        if all(i in ready for i in indices):
            return {i: round((ready[i] - started) / 1000, 2) for i in indices}
        if time.monotonic() > deadline:
            raise SystemExit(f"bench_embeds: frames {set(indices) - set(ready)} not ready in {timeout:.0f} s")
        time.sleep(0.05)


def add_frame(page, base: str, i: int):
    page.evaluate("""([src, show, width]) => { const h = document.createElement('h2'); h.textContent = 'Figure';
        const f = document.createElement('iframe'); f.id = 'f' + document.querySelectorAll('iframe').length; f.src = src; f.title = 'RNN live (' + show + ')';
        f.width = width; f.height = 600; f.style.border = '0';
        document.getElementById('main').append(h, f); }""",
                  [f"{base}?embed=1&show={PIECES[i]}&seed={i + 1}", PIECES[i], WIDTH])


def process_tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def chromium_pss_mb() -> float:
    """PSS of every Chromium process under this one (the Playwright driver starts the browser)."""
    total = 0
    for pid in process_tree(os.getpid()):
        try:
            if "chromium" not in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0].decode(errors="replace"):
                continue
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return round(total / 1024, 1)


def run(browser, base: str, site: str, counter: Counter) -> dict:
    out: dict = {}

    # Cold, together.
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    page = context.new_page()
    counter.reset()
    page.goto(site + "together.html")
    ready = wait_ready(page, [0, 1, 2], 0.0)  # (from the navigation's start)
    out["cold_together"] = {"ready_s": [ready[i] for i in range(3)], **counter.snapshot()}
    # Warm: the same context reloads the article.
    counter.reset()
    page.reload()
    ready = wait_ready(page, [0, 1, 2], 0.0)
    out["warm_reload"] = {"ready_s": [ready[i] for i in range(3)], **counter.snapshot()}
    context.close()

    # Cold, one by one (memory measured as the frames come).
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    page = context.new_page()
    page.goto(site + "one-by-one.html")
    time.sleep(1.0)
    pss = [chromium_pss_mb()]
    frames = []
    for i in range(3):
        counter.reset()
        started = page.evaluate("() => performance.now()")
        add_frame(page, base, i)
        ready = wait_ready(page, [i], started)
        frames.append({"show": PIECES[i], "ready_s": ready[i], **counter.snapshot()})
        time.sleep(1.0)  # let the frame settle (first snapshot drawn) before reading memory
        pss.append(chromium_pss_mb())
    heaps = []
    for i in range(3):
        memory = frame_of(page, i).evaluate("() => window.rnnLive.debugMemory()")
        heaps.append(round(memory["workerBytes"] / 2**20, 1))
    out["cold_one_by_one"] = frames
    out["worker_wasm_heap_mb"] = heaps
    out["chromium_pss_mb_with_0_to_3_frames"] = pss
    out["pss_per_frame_mb"] = [round(b - a, 1) for a, b in zip(pss, pss[1:])]
    context.close()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object only")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    counter = Counter()
    server, base = start_server(counter)
    writer, site, folder = start_article_server(base)
    try:
        with sync_playwright() as p:
            kwargs = {"executable_path": CHROMIUM} if Path(CHROMIUM).exists() else {}
            browser = p.chromium.launch(args=ARGS, **kwargs)
            out = {"machine": platform.machine(), "cpus": os.cpu_count(), "chromium": browser.version, **run(browser, base, site, counter)}
            browser.close()
    finally:
        for s in (server, writer):
            s.shutdown()
            s.server_close()
        shutil.rmtree(folder, ignore_errors=True)
    if args.json:
        print(json.dumps(out))
        return 0
    mb = lambda b: f"{b / 1e6:.2f} MB"
    print(f"Chromium {out['chromium']}, {out['cpus']} CPUs; three frames at {WIDTH} px: {', '.join(PIECES)}")
    for name in ["cold_together", "warm_reload"]:
        o = out[name]
        print(f"{name:16} {mb(o['bytes']):>9} from the server, requests {o['requests']}, ready after {o['ready_s']} s")
    for i, f in enumerate(out["cold_one_by_one"]):
        print(f"cold, frame {i + 1} ({f['show']}): {mb(f['bytes']):>9}, requests {f['requests']}, ready {f['ready_s']} s after it was added")
    print(f"worker wasm heap per frame: {out['worker_wasm_heap_mb']} MB")
    print(f"Chromium PSS with 0..3 frames: {out['chromium_pss_mb_with_0_to_3_frames']} MB (per frame {out['pss_per_frame_mb']})")
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
