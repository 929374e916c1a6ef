"""Benchmark py_core's Trainer against a line-by-line port of the recipe, side by side, and
the LSTM's training step against the RNN's.

    python scripts/bench_core.py [--rounds 7] [--steps 500] [--clock wall|cpu] [--json]

All train on the sonnets from the same seed with the recipe's settings (T=25): py_core's RNN
(H=64), the gist port (H=64) and py_core's LSTM with about the RNN's weight count (H=30,
live.matched_hidden), in the same process, in rounds that rotate which goes first, so that the
machine's noise hits all alike. Prints the per-round times, the median ratio gist/py_core and
the median ratio LSTM/RNN; docs/performance.md quotes them. Not a test: timings are
never asserted.
On a machine shared with other work, `--clock cpu` times this process's CPU time
(time.process_time) instead of the wall clock: what others run then slows no contender.
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
from py_core.live import matched_hidden  # noqa: E402
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
    lstm_hidden = matched_hidden(len(core.vocab))
    lstm = Trainer(text, hidden_size=lstm_hidden, seed=1, cell="lstm")
    clock = time.perf_counter if a.clock == "wall" else time.process_time

    def time_core():
        t0 = clock()
        core.step(a.steps)
        return clock() - t0

    def time_lstm():
        t0 = clock()
        lstm.step(a.steps)
        return clock() - t0

    def time_gist():
        t0 = clock()
        for _ in range(a.steps):
            gist.step()
        return clock() - t0

    contenders = {"core": time_core, "gist": time_gist, "lstm": time_lstm}
    for run in contenders.values():  # warm up
        run()
    rounds = []
    names = list(contenders)
    for r in range(a.rounds):
        order = names[r % 3:] + names[:r % 3]  # who goes first rotates
        took = {name: contenders[name]() for name in order}
        rounds.append(took)
        if not a.json:
            c, g, l = took["core"], took["gist"], took["lstm"]
            print(f"round {r + 1}: py_core {c / a.steps * 1e6:6.1f} µs/step   "
                  f"gist port {g / a.steps * 1e6:6.1f} µs/step   ratio {g / c:4.2f}×   "
                  f"LSTM H={lstm_hidden} {l / a.steps * 1e6:6.1f} µs/step   LSTM/RNN {l / c:4.2f}×", flush=True)
    ratio = statistics.median(r["gist"] / r["core"] for r in rounds)
    lstm_ratio = statistics.median(r["lstm"] / r["core"] for r in rounds)
    per5k = {name: statistics.median(r[name] for r in rounds) / a.steps * 5000 for name in names}
    result = {"ratio_median": round(ratio, 2), "py_core_s_per_5000": round(per5k["core"], 3),
              "gist_s_per_5000": round(per5k["gist"], 3), "lstm_hidden": lstm_hidden,
              "lstm_s_per_5000": round(per5k["lstm"], 3), "lstm_over_rnn_median": round(lstm_ratio, 2),
              "rounds": a.rounds, "steps_per_round": a.steps, "clock": a.clock,
              "python": platform.python_version(), "numpy": np.__version__, "machine": platform.machine()}
    if a.json:
        print(json.dumps(result))
    else:
        print(f"median: py_core {per5k['core']:.2f} s / 5,000 steps, gist port {per5k['gist']:.2f} s "
              f"/ 5,000 steps: py_core is {ratio:.2f}× faster")
        print(f"median: LSTM (H={lstm_hidden}) {per5k['lstm']:.2f} s / 5,000 steps: "
              f"{lstm_ratio:.2f}× the RNN's (H=64) step")


if __name__ == "__main__":
    main()
