"""Benchmark the LSTM and compare mode in Debian's Chromium; print one JSON object.

    python scripts/bench_lstm_browser.py [--rounds 3] [--steps 1000]

Measured in one browser session, side by side (the way scripts/bench_browser.py measures the RNN):
  rnn_step_us, lstm_step_us     py_core's Trainer, RNN (H = 64) and LSTM (H = 30, matched by
                                weight count), in a module worker on the page's Pyodide and NumPy,
                                alternating rounds; ratio_lstm_vs_rnn is their median ratio
  pair_one_worker_us            both in ONE worker, in lockstep chunks (as compare mode trains them),
                                µs per iteration of the pair
  pair_two_workers_us           each in its own worker, at the same time (µs per iteration of the
                                slower): what two workers would buy on this machine
  profile_rnn_us, profile_lstm_us   each step by phase (scripts/bench/lstm_bench.py)
  page_rnn_5000_s, page_lstm_5000_s  the page at speed=max (?cell=lstm&hidden=30 for the LSTM):
                                wall time from Train to iteration 5,000
  page_compare_15000_s          ?compare=1&text=echo: wall time of "Skip to 15,000"
  page_compare_its             15,000 / that time
Timings are never asserted in tests; docs/lstm.md quotes this output.
"""
from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import bench_browser  # noqa: E402  (its server, Chromium flags and polling)

bench_browser.BENCH_FILES.update({
    "/bench/lstm.html": ROOT / "scripts/bench/lstm.html",
    "/bench/lstm.js": ROOT / "scripts/bench/lstm.js",
    "/bench/lstm_worker.js": ROOT / "scripts/bench/lstm_worker.js",
    "/bench/lstm_bench.py": ROOT / "scripts/bench/lstm_bench.py",
})
poll, ITERATION, time_ready = bench_browser.poll, bench_browser.ITERATION, bench_browser.time_ready


def page_train(page, url: str, query: str, iterations: int) -> float:
    """Seconds from Train to `iterations` at speed=max on a fresh page."""
    page.bring_to_front()
    time_ready(page, f"{url}?speed=max&seed=1{query}")
    time.sleep(2.0)  # the article's n-gram is fitted just after a run appears
    t0 = time.perf_counter()
    page.click("[data-testid=train]")
    poll(page, f"{ITERATION} >= {iterations}", timeout=900, interval=0.02)
    wall = time.perf_counter() - t0
    page.click("[data-testid=train]")
    return wall


def page_skip(page, url: str, query: str, iterations: int) -> float:
    """Seconds from "Skip to N" to the page showing iteration N (skip pauses there)."""
    page.bring_to_front()
    time_ready(page, f"{url}?speed=max&seed=1{query}")
    time.sleep(2.0)
    t0 = time.perf_counter()
    page.click("[data-testid=skip]")
    poll(page, f"{ITERATION} >= {iterations}", timeout=900, interval=0.05)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--steps", type=int, default=1000, help="iterations per timed worker run")
    ap.add_argument("--skip-page", action="store_true", help="only the workers")
    a = ap.parse_args()
    from playwright.sync_api import sync_playwright

    server, url = bench_browser.start_server()
    out = {"date": time.strftime("%Y-%m-%d"), "machine": f"{platform.machine()}, "
           f"{__import__('os').cpu_count()} cores"}
    n = a.steps
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=bench_browser.CHROMIUM, args=bench_browser.CHROMIUM_ARGS)
        out["chromium"] = browser.version
        ctx = browser.new_context(viewport={"width": 1280, "height": 800})
        bench = ctx.new_page()
        bench.goto(url + "bench/lstm.html")
        bench.evaluate("lstmBench.start(2)")
        for i in (0, 1):  # warm up both workers and both cells
            for impl in ("rnn", "lstm"):
                bench.evaluate(f"lstmBench.run({i}, '{impl}', 200)")
        rnn, lstm, one, two = [], [], [], []
        for r in range(a.rounds):
            rnn.append(bench.evaluate(f"lstmBench.run(0, 'rnn', {n})")["ms"] * 1000 / n)
            lstm.append(bench.evaluate(f"lstmBench.run(0, 'lstm', {n})")["ms"] * 1000 / n)
            one.append(bench.evaluate(f"lstmBench.run(0, 'pair', {n})")["ms"] * 1000 / n)
            two.append(bench.evaluate(f"lstmBench.parallel(['rnn', 'lstm'], {n})")["ms"] * 1000 / n)
            print(f"round {r + 1}: rnn {rnn[-1]:.0f} µs, lstm {lstm[-1]:.0f} µs, pair in one worker "
                  f"{one[-1]:.0f} µs, in two workers {two[-1]:.0f} µs per iteration", file=sys.stderr, flush=True)
        med = statistics.median
        out.update({
            "rnn_step_us": round(med(rnn)), "lstm_step_us": round(med(lstm)),
            "ratio_lstm_vs_rnn": round(med(l / r for l, r in zip(lstm, rnn)), 2),
            "pair_one_worker_us": round(med(one)), "pair_two_workers_us": round(med(two)),
            "profile_rnn_us": bench.evaluate(f"lstmBench.run(0, 'profile-rnn', {n})")["value"],
            "profile_lstm_us": bench.evaluate(f"lstmBench.run(0, 'profile-lstm', {n})")["value"],
        })
        bench.close()
        if not a.skip_page:
            page = ctx.new_page()
            rnn_s, lstm_s, compare_s = [], [], []
            for r in range(a.rounds):
                rnn_s.append(page_train(page, url, "", 5000))
                lstm_s.append(page_train(page, url, "&cell=lstm&hidden=30", 5000))
                compare_s.append(page_skip(page, url, "&compare=1&text=echo", 15_000))
                print(f"round {r + 1}: page RNN {rnn_s[-1]:.2f} s, LSTM {lstm_s[-1]:.2f} s per 5,000; "
                      f"compare {compare_s[-1]:.1f} s to 15,000", file=sys.stderr, flush=True)
            out.update({
                "page_rnn_5000_s": round(med(rnn_s), 2), "page_lstm_5000_s": round(med(lstm_s), 2),
                "page_compare_15000_s": round(med(compare_s), 1),
                "page_compare_its": round(15_000 / med(compare_s)),
            })
        browser.close()
    server.shutdown()
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
