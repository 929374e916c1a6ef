"""Benchmark py_core's Trainer against a line-by-line port of the recipe, side by side.

    python scripts/bench_core.py [--rounds 7] [--steps 500] [--clock wall|cpu] [--json]

Both train on the sonnets with the recipe's defaults (H=64, T=25) from the same seed, in the
same process, in alternating rounds (which goes first alternates too), so that the machine's
noise hits both alike. Prints the per-round times and the median ratio gist/py_core; the
README's results table quotes it. Not a test: timings are never asserted. On a machine shared
with other work, `--clock cpu` times this process's CPU time (time.process_time) instead of the
wall clock: what others run then slows neither contender.
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
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import numpy as np  # noqa: E402

from gist_port import GistRNN  # noqa: E402
from py_core.corpus import sonnets  # noqa: E402
from py_core.train import Trainer  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--steps", type=int, default=500, help="iterations per round and contender")
    ap.add_argument("--clock", choices=("wall", "cpu"), default="wall")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()

    text = sonnets()
    core = Trainer(text, seed=1)
    gist = GistRNN(core.data.tolist(), len(core.vocab), seed=1)
    clock = time.perf_counter if a.clock == "wall" else time.process_time

    def time_core():
        t0 = clock()
        core.step(a.steps)
        return clock() - t0

    def time_gist():
        t0 = clock()
        for _ in range(a.steps):
            gist.step()
        return clock() - t0

    time_core(), time_gist()  # warm up
    rounds = []
    for r in range(a.rounds):
        if r % 2:
            g, c = time_gist(), time_core()
        else:
            c, g = time_core(), time_gist()
        rounds.append((c, g))
        if not a.json:
            print(f"round {r + 1}: py_core {c / a.steps * 1e6:6.1f} µs/step   "
                  f"gist port {g / a.steps * 1e6:6.1f} µs/step   ratio {g / c:4.2f}×", flush=True)
    ratio = statistics.median(g / c for c, g in rounds)
    per5k_core = statistics.median(c for c, _ in rounds) / a.steps * 5000
    per5k_gist = statistics.median(g for _, g in rounds) / a.steps * 5000
    result = {"ratio_median": round(ratio, 2), "py_core_s_per_5000": round(per5k_core, 3),
              "gist_s_per_5000": round(per5k_gist, 3), "rounds": a.rounds, "steps_per_round": a.steps, "clock": a.clock,
              "python": platform.python_version(), "numpy": np.__version__, "machine": platform.machine()}
    if a.json:
        print(json.dumps(result))
    else:
        print(f"median: py_core {per5k_core:.2f} s / 5,000 steps, gist port {per5k_gist:.2f} s "
              f"/ 5,000 steps: py_core is {ratio:.2f}× faster")


if __name__ == "__main__":
    main()
