"""The LSTM's training step against the RNN's, in Chromium, on the page's Pyodide and NumPy.

    python scripts/bench/cells_browser.py [--rounds 5] [--steps 1000]

Opens scripts/bench_browser.py's harness (the same server and module worker) and, in
alternating rounds, trains py_core's RNN (H=64) and its LSTM with about the same weight count
(H=30, live.matched_hidden) on the sonnets, then profiles one step of each phase by phase
(scripts/bench/pyodide_bench.py). Prints one JSON object: ms per step for both, the median
ratio LSTM/RNN (the issue's target: at most 2), and both profiles. Timings are never asserted.
"""
from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_browser import CHROMIUM, CHROMIUM_ARGS, start_server  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--steps", type=int, default=1000)
    a = ap.parse_args()
    from playwright.sync_api import sync_playwright

    server, url = start_server()
    out = {"date": time.strftime("%Y-%m-%d"), "machine": f"{platform.machine()}, "
           f"{__import__('os').cpu_count()} cores"}
    with sync_playwright() as p, tempfile.TemporaryDirectory():
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        out["chromium"] = browser.version
        bench = browser.new_page()
        bench.goto(url + "bench/bench.html")
        bench.evaluate("bench.ready()")
        for impl in ("core", "lstm"):  # warm up: V8 compiles the hot wasm first
            bench.evaluate(f"bench.runPython('{impl}', 300)")
        times = {"core": [], "lstm": []}
        for r in range(a.rounds):
            order = ("core", "lstm") if r % 2 == 0 else ("lstm", "core")
            for impl in order:
                ms = bench.evaluate(f"bench.runPython('{impl}', {a.steps})")["ms"]
                times[impl].append(ms * 1000 / a.steps)  # µs per step
            print(f"round {r + 1}: RNN {times['core'][-1]:.0f} µs/step, LSTM {times['lstm'][-1]:.0f} µs/step, "
                  f"ratio {times['lstm'][-1] / times['core'][-1]:.2f}", file=sys.stderr, flush=True)
        out["rnn_us_per_step"] = round(statistics.median(times["core"]), 1)
        out["lstm_us_per_step"] = round(statistics.median(times["lstm"]), 1)
        out["ratio_lstm_vs_rnn"] = round(statistics.median(l / c for l, c in zip(times["lstm"], times["core"])), 2)
        out["profile_rnn_us"] = bench.evaluate(f"bench.runPython('profile', {a.steps})")["profile"]
        out["profile_lstm_us"] = bench.evaluate(f"bench.runPython('profile-lstm', {a.steps})")["profile"]
        browser.close()
    server.shutdown()
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
