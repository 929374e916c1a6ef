"""The warm-up experiment of scripts/bench_browser.py (`--warmup`).

The page's first ~100 iterations run at about half speed while V8 compiles the hot wasm. Would a
throwaway run right after `ready` shorten Train → iteration 5,000 for a reader who presses Train a
few seconds after the page is ready? Measured side by side, alternating, on fresh pages:
  cold    ready, wait 3 s, press Train, time to iteration 5,000
  warmed  ready, a throwaway run of WARMUP iterations in the worker (rnnLive.debugLosses: a fresh
          run like the current one, discarded), then the same wait, Train and timing
"""
from __future__ import annotations

import statistics
import time

WARMUP = 200
SETTLE_S = 3.0
STATE = "document.querySelector('[data-testid=status]')?.dataset.state ?? 'loading'"  # (null until the document has parsed)
ITERATION = "Number(document.querySelector('[data-testid=iteration]').textContent.replace(/[^0-9]/g, ''))"


def _poll(page, js, timeout=300.0, interval=0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if page.evaluate(js):
            return
        time.sleep(interval)
    raise TimeoutError(js)


def _one(browser, url, warm: bool) -> dict:
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    page.goto(url + "?speed=max&seed=1")
    _poll(page, f"{STATE} === 'ready'")
    ready = time.perf_counter()
    warm_ms = 0.0
    if warm:
        t0 = time.perf_counter()
        page.evaluate(f"rnnLive.debugLosses({WARMUP})")
        warm_ms = (time.perf_counter() - t0) * 1000
    time.sleep(max(0.0, SETTLE_S - (time.perf_counter() - ready)))
    t0 = time.perf_counter()
    page.click("[data-testid=train]")
    _poll(page, f"{ITERATION} >= 100")
    first_100 = time.perf_counter() - t0
    _poll(page, f"{ITERATION} >= 5000")
    wall = time.perf_counter() - t0
    ctx.close()
    return {"wall_s": wall, "first_100_s": first_100, "warmup_ms": warm_ms}


def warmup(browser, url, rounds: int = 5, log=print) -> dict:
    runs = {"cold": [], "warmed": []}
    for r in range(rounds):
        for name in ("cold", "warmed") if r % 2 == 0 else ("warmed", "cold"):
            result = _one(browser, url, name == "warmed")
            runs[name].append(result)
            log(f"warm-up {name}, round {r + 1}: Train → 5,000 in {result['wall_s']:.2f} s "
                f"(first 100 in {result['first_100_s']:.3f} s; warm-up {result['warmup_ms']:.0f} ms)")
    med = statistics.median
    return {name: {"train_to_5000_s": round(med(x["wall_s"] for x in got), 2),
                   "range_s": [round(min(x["wall_s"] for x in got), 2), round(max(x["wall_s"] for x in got), 2)],
                   "first_100_s": round(med(x["first_100_s"] for x in got), 3),
                   "warmup_ms": round(med(x["warmup_ms"] for x in got))}
            for name, got in runs.items()} | {"warmup_iterations": WARMUP, "settle_s": SETTLE_S}
