#!/usr/bin/env python3
"""Measure an article with three RNN live embeds in Debian's Chromium; print the numbers.

    python scripts/bench_embeds.py [--json]

The article is a writer's page (served by a route, like the tests' host pages) with three frames
of the panel at 680 pixels, each showing other pieces: "loss,sample", "heatmap" and
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
HOST = "bench-article.html"


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
                counter.statuses[code] = counter.statuses.get(code, 0) + 1
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
            f'<main id="main">{frames}</main><script src="{base}embed-host.js"></script>')


def frame_state(page, index: int) -> str | None:
    for frame in page.frames:
        if f"seed={index + 1}" in frame.url and "embed=1" in frame.url:
            try:
                return frame.evaluate("() => document.querySelector('[data-testid=status]')?.dataset.state")
            except Exception:
                return None
    return None


def wait_ready(page, indices, started: float, timeout=240.0) -> dict[int, float]:
    """Seconds from `started` until each frame in `indices` is ready."""
    ready: dict[int, float] = {}
    deadline = time.monotonic() + timeout
    while len(ready) < len(indices):
        if time.monotonic() > deadline:
            raise SystemExit(f"bench_embeds: frames {set(indices) - set(ready)} not ready in {timeout:.0f} s")
        for i in indices:
            if i not in ready and frame_state(page, i) == "ready":
                ready[i] = round(time.monotonic() - started, 2)
        time.sleep(0.05)
    return ready


def add_frame(page, base: str, i: int):
    page.evaluate("""([src, show, width]) => { const h = document.createElement('h2'); h.textContent = 'Figure';
        const f = document.createElement('iframe'); f.src = src; f.title = 'RNN live (' + show + ')';
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


def run(browser, base: str, counter: Counter) -> dict:
    out: dict = {}
    host = lambda together: (lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8",
                                                          body=article(base, together)))

    # Cold, together.
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    page = context.new_page()
    page.route(f"**/{HOST}", host(True))
    counter.reset()
    started = time.monotonic()
    page.goto(base + HOST)
    ready = wait_ready(page, [0, 1, 2], started)
    out["cold_together"] = {"ready_s": [ready[i] for i in range(3)], **counter.snapshot()}
    # Warm: the same context reloads the article.
    counter.reset()
    started = time.monotonic()
    page.reload()
    ready = wait_ready(page, [0, 1, 2], started)
    out["warm_reload"] = {"ready_s": [ready[i] for i in range(3)], **counter.snapshot()}
    context.close()

    # Cold, one by one (memory measured as the frames come).
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    page = context.new_page()
    page.route(f"**/{HOST}", host(False))
    page.goto(base + HOST)
    time.sleep(1.0)
    pss = [chromium_pss_mb()]
    frames = []
    for i in range(3):
        counter.reset()
        started = time.monotonic()
        add_frame(page, base, i)
        ready = wait_ready(page, [i], started)
        frames.append({"show": PIECES[i], "ready_s": ready[i], **counter.snapshot()})
        time.sleep(1.0)  # let the frame settle (first snapshot drawn) before reading memory
        pss.append(chromium_pss_mb())
    heaps = []
    for i in range(3):
        frame = next(f for f in page.frames if f"seed={i + 1}" in f.url)
        memory = frame.evaluate("() => window.rnnLive.debugMemory()")
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
    try:
        with sync_playwright() as p:
            kwargs = {"executable_path": CHROMIUM} if Path(CHROMIUM).exists() else {}
            browser = p.chromium.launch(args=ARGS, **kwargs)
            out = {"machine": platform.machine(), "cpus": os.cpu_count(), "chromium": browser.version, **run(browser, base, counter)}
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
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
