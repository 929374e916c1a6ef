"""The four models' training steps side by side, in CPython and in Chromium; the page's Skip for each.

    python scripts/bench_models.py [--rounds 3] [--steps 500] [--no-page]

Measured in one run, so the ratios are taken side by side on the same (noisy) machine:
  cpython_us           µs per training step (T = 25) of py_core's Trainer for each model at its
                       default size (window n = 8, attention W = 32, RNN H = 64, the LSTM at the
                       RNN's weight count, H = 30), median over alternating rounds
  chromium_us          the same steps in a module worker on the page's Pyodide and NumPy
                       (scripts/bench_browser.py's harness, scripts/bench/pyodide_bench.py)
  *_vs_rnn             each model's median ratio to the RNN, round by round
  page_skip_5000_s     the page (?cell=…&speed=max&seed=1): wall time of "Skip to 5,000", from
                       the click to the page showing iteration 5,000 (target: under 30 s each)
Timings are never asserted in tests; docs/lineage.md quotes this output.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import bench_browser  # noqa: E402  (its server, Chromium flags and polling)
from py_core.corpus import sonnets  # noqa: E402
from py_core.live import matched_hidden  # noqa: E402
from py_core.train import Trainer  # noqa: E402

MODELS = ("window", "rnn", "lstm", "attention")
IMPL = {"rnn": "core", "lstm": "lstm", "window": "window", "attention": "attention"}  # pyodide_bench names


def cpython(rounds: int, steps: int) -> dict:
    text = sonnets()
    trainers = {m: Trainer(text, seed=1, cell=m, hidden_size=matched_hidden(28) if m == "lstm" else 64)
                for m in MODELS}
    for t in trainers.values():
        t.run(50)  # warm: workspaces built
    times = {m: [] for m in MODELS}
    for r in range(rounds):
        order = MODELS if r % 2 == 0 else MODELS[::-1]
        for m in order:
            start = time.perf_counter()
            trainers[m].run(steps)
            times[m].append((time.perf_counter() - start) * 1e6 / steps)
    return times


def chromium(browser, url: str, rounds: int, steps: int) -> dict:
    bench = browser.new_page()
    bench.goto(url + "bench/bench.html")
    bench.evaluate("bench.ready()")
    for m in MODELS:  # warm up: V8 compiles the hot wasm first
        bench.evaluate(f"bench.runPython('{IMPL[m]}', 100)")
    times = {m: [] for m in MODELS}
    for r in range(rounds):
        order = MODELS if r % 2 == 0 else MODELS[::-1]
        for m in order:
            ms = bench.evaluate(f"bench.runPython('{IMPL[m]}', {steps})")["ms"]
            times[m].append(ms * 1000 / steps)
        print(f"chromium round {r + 1}: " + ", ".join(f"{m} {times[m][-1]:.0f} µs" for m in MODELS),
              file=sys.stderr, flush=True)
    bench.close()
    return times


def page_skip(browser, url: str, model: str) -> float:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    bench_browser.time_ready(page, f"{url}?cell={model}&speed=max&seed=1")
    time.sleep(2.0)  # the article's n-gram is fitted just after a run appears
    t0 = time.perf_counter()
    page.click("[data-testid=skip]")
    bench_browser.poll(page, f"{bench_browser.ITERATION} >= 5000", timeout=600, interval=0.05)
    wall = time.perf_counter() - t0
    page.close()
    return wall


def summary(times: dict) -> dict:
    out = {m: round(statistics.median(v), 1) for m, v in times.items()}
    for m in MODELS:
        if m != "rnn":
            out[f"{m}_vs_rnn"] = round(statistics.median(a / b for a, b in zip(times[m], times["rnn"])), 2)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--steps", type=int, default=500)
    ap.add_argument("--no-page", action="store_true", help="skip the page's Skip to 5,000 per model")
    a = ap.parse_args()
    out = {"date": time.strftime("%Y-%m-%d"), "machine": f"{platform.machine()}, {os.cpu_count()} cores",
           "python": platform.python_version()}
    out["cpython_us"] = summary(cpython(a.rounds, a.steps))
    print(f"cpython: {out['cpython_us']}", file=sys.stderr, flush=True)
    from playwright.sync_api import sync_playwright

    server, url = bench_browser.start_server()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=bench_browser.CHROMIUM, args=bench_browser.CHROMIUM_ARGS)
        out["chromium"] = browser.version
        out["chromium_us"] = summary(chromium(browser, url, a.rounds, a.steps))
        if not a.no_page:
            out["page_skip_5000_s"] = {}
            for m in MODELS:
                out["page_skip_5000_s"][m] = round(page_skip(browser, url, m), 1)
                print(f"page: {m} skip to 5,000 in {out['page_skip_5000_s'][m]} s", file=sys.stderr, flush=True)
        browser.close()
    server.shutdown()
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
