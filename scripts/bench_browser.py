"""Benchmark the page in Debian's Chromium and print one JSON object with the figures.

    python scripts/bench_browser.py [--rounds 3] [--soak 100000] [--skip-soak]
    python scripts/bench_browser.py --network-only [--slow]   # only the network section

Measured in one browser session, side by side, on this machine:
  ready_cold_ms / ready_warm_ms   navigation to data-state="ready", empty cache / reloaded
  page_5000_s, page_shows         the page at speed=max: wall time for 5,000 iterations
                                  pressing Train as soon as it is ready, and the throughput
                                  the page itself shows
  page_5000_settled_s             the same, pressing Train 3 s after ready
  page_worker_shares              that run's worker: the share of its wall time spent in the calls
                                  to train (pythonMs: inside Live.train), snapshots and figures
  core_5000_s, gist_5000_s        py_core's Trainer and the line-by-line gist port (one-hot
                                  column vectors, np.dot per timestep) in a module worker on
                                  the page's own Pyodide and NumPy, alternating rounds
  js_5000_s                       the recipe in plain JavaScript (Float64Array) in a worker
  ratio_page_vs_gist ...          median ratios of the above; page_over_core: the page
                                  (settled) against the bare Trainer, per round (target <= 1.05)
  profile_us                      py_core's training step in that worker, µs per iteration:
                                  the whole step, and each phase (scripts/bench/pyodide_bench.py)
  longest_task_ms                 longest main-thread task (PerformanceObserver "longtask")
                                  while training at max speed
  worker_memory_mb_before/after   the worker's wasm heap before and after --soak iterations
  warmup (--warmup only)          Train → 5,000 3 s after ready, with and without a throwaway
                                  run right after ready (scripts/bench/warmup.py)
  network                         cold-cache ready time, MB on the wire and requests before
                                  ready, at localhost, 20 and 4 Mbit/s (+40 ms): before (--full,
                                  uncompressed) and after, side by side (scripts/bench/network.py)
Timings are never asserted in tests; docs/performance.md and docs/loading.md quote this output.
"""
from __future__ import annotations

import argparse
import io
import json
import platform
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import serve  # noqa: E402
from bench.network import network  # noqa: E402
from bench.warmup import warmup  # noqa: E402
from py_core.corpus import Vocabulary, sonnets  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                 "--enable-precise-memory-info"]
BENCH_FILES = {  # URL path -> file, served beside web/ for the harness only
    "/bench/bench.html": ROOT / "scripts/bench/bench.html",
    "/bench/bench.js": ROOT / "scripts/bench/bench.js",
    "/bench/pyodide_worker.js": ROOT / "scripts/bench/pyodide_worker.js",
    "/bench/js_port_worker.js": ROOT / "scripts/bench/js_port_worker.js",
    "/bench/pyodide_bench.py": ROOT / "scripts/bench/pyodide_bench.py",
    "/bench/gist_port.py": ROOT / "scripts/gist_port.py",
}
LONGTASKS = """
window.__longest = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
}).observe({ type: "longtask", buffered: true });
"""


def start_server():
    """web/ plus the harness files and the corpus as ids, on a free loopback port."""
    text = sonnets()
    vocab = Vocabulary.from_text(text)
    ids_json = json.dumps({"ids": vocab.encode(text), "vocabSize": len(vocab)}).encode()

    class Handler(serve.Handler):
        def send_head(self):
            path = urllib.parse.urlsplit(self.path).path
            if path == "/bench/ids.json":
                return self._bytes(ids_json, "application/json")
            if path in BENCH_FILES:
                f = BENCH_FILES[path]
                kind = {".html": "text/html; charset=utf-8", ".py": "text/plain; charset=utf-8"}
                return self._bytes(f.read_bytes(), kind.get(f.suffix, "text/javascript"))
            return super().send_head()

        def _bytes(self, data, content_type):
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            return io.BytesIO(data)

    server = serve.make_server()
    server.RequestHandlerClass = lambda *a, **k: Handler(*a, directory=str(serve.WEB_DIR), **k)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, serve.url_of(server)


def poll(page, js, timeout=120.0, interval=0.05):
    """Poll `js` (an expression) until truthy; CSP forbids wait_for_function's string eval."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = page.evaluate(js)
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError(js)


# Where the page's worker spends its time while training (rnnLive.debugTimes(), web/js/worker/loop.js): the
# calls to train (pythonMs of them inside Live.train), snapshots, the article's figures.
WORKER_PARTS = ("trainMs", "pythonMs", "snapshotMs", "figuresMs")
STATE = "document.querySelector('[data-testid=status]')?.dataset.state ?? 'loading'"  # (null until the document has parsed)
ITERATION = "Number(document.querySelector('[data-testid=iteration]').textContent.replace(/[^0-9]/g, ''))"


def time_ready(page, url) -> float:
    t0 = time.perf_counter()
    page.goto(url)
    poll(page, f"{STATE} === 'ready'", timeout=180)
    return (time.perf_counter() - t0) * 1000


def page_run(page, url, iterations=5000, settle=0.0) -> dict:
    """Train at speed=max from a fresh run until `iterations`; wall time and the shown it/s.

    settle: seconds to wait after ready before pressing Train (the worker fits the article's
    n-gram and scores the first comparison just after a run appears).
    """
    page.bring_to_front()  # a background tab gets no animation frames: its counter would lag
    time_ready(page, url + "?speed=max&seed=1")
    time.sleep(settle)
    page.evaluate("window.__longest = 0")
    t0 = time.perf_counter()
    page.click("[data-testid=train]")
    poll(page, f"{ITERATION} >= {iterations}", timeout=600, interval=0.02)
    wall = time.perf_counter() - t0
    shown = page.evaluate("document.querySelector('[data-testid=throughput]')?.textContent || ''")
    page.click("[data-testid=train]")  # pause
    longest = page.evaluate("window.__longest")
    times = page.evaluate("rnnLive.debugTimes()")
    return {"wall_s": wall, "shown": shown.strip(), "longest_task_ms": longest, "times": times}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--soak", type=int, default=100_000, help="iterations for the memory soak")
    ap.add_argument("--skip-soak", action="store_true")
    ap.add_argument("--network-only", action="store_true", help="only the network section")
    ap.add_argument("--skip-network", action="store_true", help="everything but the network section")
    ap.add_argument("--slow", action="store_true", help="network: also one load at 1 Mbit/s")
    ap.add_argument("--warmup", action="store_true", help="only the warm-up experiment (scripts/bench/warmup.py)")
    a = ap.parse_args()
    from playwright.sync_api import sync_playwright

    server, url = start_server()
    out = {"date": time.strftime("%Y-%m-%d"), "machine": f"{platform.machine()}, "
           f"{__import__('os').cpu_count()} cores"}
    with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        out["chromium"] = browser.version
        say = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
        if a.warmup:
            out["warmup"] = warmup(browser, url, max(a.rounds, 5), log=say)
            browser.close()
            server.shutdown()
            print(json.dumps(out, indent=1))
            return
        if not a.skip_network:
            out["network"] = network(browser, a.rounds, a.slow, log=say)
        if a.network_only:
            browser.close()
            server.shutdown()
            print(json.dumps(out, indent=1))
            return
        ctx = browser.new_context(viewport={"width": 1280, "height": 800})
        ctx.add_init_script(LONGTASKS)
        page = ctx.new_page()
        out["ready_cold_ms"] = round(time_ready(page, url))
        out["ready_warm_ms"] = round(time_ready(page, url))

        bench = ctx.new_page()
        bench.goto(url + "bench/bench.html")
        bench.evaluate("bench.ready()")
        bench.evaluate("bench.runPython('core', 200)")  # warm up both
        bench.evaluate("bench.runPython('gist', 50)")
        bench.evaluate("bench.runJs(200)")

        page_s, settled_s, core_s, gist_s, js_s, shown, longest, spent = [], [], [], [], [], [], [], []
        for r in range(a.rounds):
            run = page_run(page, url)
            page_s.append(run["wall_s"])
            settled = page_run(page, url, settle=3.0)
            settled_s.append(settled["wall_s"])
            spent.append(settled["times"])
            shown.append(run["shown"])
            longest += [run["longest_task_ms"], settled["longest_task_ms"]]
            core_s.append(bench.evaluate("bench.runPython('core', 1000)")["ms"] / 1000 * 5)
            gist_s.append(bench.evaluate("bench.runPython('gist', 250)")["ms"] / 1000 * 20)
            js_s.append(bench.evaluate("bench.runJs(2500)")["ms"] / 1000 * 2)
            t = spent[-1]
            print(f"round {r + 1}: page {page_s[-1]:.2f} s, settled {settled_s[-1]:.2f} s, core {core_s[-1]:.2f} s, "
                  f"gist {gist_s[-1]:.2f} s, js {js_s[-1]:.2f} s per 5,000 (page shows {shown[-1]}); "
                  f"the settled page's worker: " + ", ".join(f"{k} {t[k] / t['wallMs']:.1%}" for k in WORKER_PARTS)
                  + f", {t['chunks']} chunks", file=sys.stderr, flush=True)
        med = statistics.median
        out.update({
            "page_5000_s": round(med(page_s), 2), "page_5000_settled_s": round(med(settled_s), 2),
            "page_shows": shown[-1],
            "core_5000_s": round(med(core_s), 2), "gist_5000_s": round(med(gist_s), 2),
            "js_5000_s": round(med(js_s), 2),
            "ratio_page_vs_gist": round(med(g / c for g, c in zip(gist_s, settled_s)), 2),
            "page_over_core": round(med(c / k for c, k in zip(settled_s, core_s)), 3),  # target <= 1.05
            "ratio_core_vs_gist": round(med(g / c for g, c in zip(gist_s, core_s)), 2),
            "ratio_js_vs_page": round(med(j / c for j, c in zip(js_s, settled_s)), 2),
            "longest_task_ms": round(max(longest), 1),
            # The settled page's worker from Train to 5,000 (and a little past: until the Pause):
            # each part's share of its wall time, median over rounds (web/js/worker/loop.js, "debug-times").
            "page_worker_shares": {k: round(med(t[k] / t["wallMs"] for t in spent), 4) for k in WORKER_PARTS},
            "page_worker_ms_per_chunk": round(med(t["wallMs"] / t["chunks"] for t in spent), 2),
        })
        profile = bench.evaluate("bench.runPython('profile', 1000)")["profile"]
        out["profile_us"] = profile
        print("py_core step under Pyodide, µs per iteration: " + ", ".join(
            f"{k} {v}" for k, v in {**profile["parts_us"], "other": profile["other_us"],
                                    "whole step": profile["step_us"]}.items()), file=sys.stderr)
        bench.close()

        if not a.skip_soak:
            page.bring_to_front()
            time_ready(page, url + "?speed=max&seed=1")
            before = page.evaluate("rnnLive.debugMemory()")
            page.click("[data-testid=train]")
            poll(page, f"{ITERATION} >= {a.soak}", timeout=1800, interval=0.5)
            page.click("[data-testid=train]")
            after = page.evaluate("rnnLive.debugMemory()")
            out.update({
                "soak_iterations": a.soak,
                "worker_memory_mb_before": round(before["workerBytes"] / 2**20, 1),
                "worker_memory_mb_after": round(after["workerBytes"] / 2**20, 1),
                "page_js_heap_mb_before": round(before["pageBytes"] / 2**20, 1),
                "page_js_heap_mb_after": round(after["pageBytes"] / 2**20, 1),
            })
        browser.close()
    server.shutdown()
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
