"""The echo result: does the cell remember the opening key? RNN against LSTM, side by side.

    python scripts/tables/echo_table.py [--seeds 1 2 3] [--steps 5000 15000] [--fillers 8 14] [--json]

For each filler length and seed, trains the recipe's RNN (H = 64) and the LSTM whose weight
count is closest to it (live.matched_hidden: H = 30 at V = 28) on the echo text (py_core/echo.py)
with the recipe's settings (T = 25, Adagrad, lr 0.1, clip 5), and measures, at each checkpoint
in --steps, the mean surprise in nats at the closing key's first letter on held-out lines, read
from the run's carried state (as Live.echo_recall does): ln 20 ≈ 3.00 is no memory of the key.
Prints a Markdown table (docs/lstm.md quotes it) or, with --json, one JSON object per
measurement. Takes a few minutes per filler length (about 15 on a busy 2-core machine).
"""
from __future__ import annotations

import argparse
import datetime
import json
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import numpy as np  # noqa: E402

from py_core import echo  # noqa: E402
from py_core.live import matched_hidden  # noqa: E402
from py_core.train import Trainer  # noqa: E402

RNN_HIDDEN = 64  # the recipe's


def measure(cell: str, hidden: int, seed: int, filler: int, steps: list[int]) -> list[dict]:
    t = Trainer(echo.text(filler=filler), hidden_size=hidden, seed=seed, cell=cell)
    held = echo.held_out(filler=filler)
    out, start = [], time.perf_counter()
    for n in steps:
        t.step(n - t.iteration)
        out.append({"cell": cell, "hidden": hidden, "params": int(t.model.params.size), "seed": seed,
                    "filler": filler, "steps": n,
                    "nats": echo.key_letter_loss(t.model, t.vocab, held, t.h, echo.rest_of_line(t.text, t.cursor)),
                    "smooth_loss": t.smooth_loss, "seconds": time.perf_counter() - start})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    ap.add_argument("--steps", type=int, nargs="+", default=[5000, 15000])
    ap.add_argument("--fillers", type=int, nargs="+", default=[echo.FILLER, 14])
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    steps = sorted(a.steps)
    V = len(set(echo.text()))
    cells = (("rnn", RNN_HIDDEN), ("lstm", matched_hidden(V, RNN_HIDDEN)))
    rows = []
    for filler in a.fillers:
        for seed in a.seeds:
            for cell, hidden in cells:
                for r in measure(cell, hidden, seed, filler, steps):
                    rows.append(r)
                    if a.json:
                        print(json.dumps(r), flush=True)
                    else:
                        print(f"filler {filler:2}  seed {seed}  {cell:4} H={hidden:2}  {r['steps']:6,} steps: "
                              f"{r['nats']:.2f} nats on the closing key's first letter "
                              f"(smoothed loss {r['smooth_loss']:.3f}, {r['seconds']:.0f} s)",
                              file=sys.stderr, flush=True)
    if a.json:
        return
    print(f"\nMeasured {datetime.date.today()} ({platform.machine()}, Python {platform.python_version()}, "
          f"NumPy {np.__version__}); ln 20 = {echo.BASELINE:.2f} nats is no memory of the key.\n")
    header = "| filler | cell (weights) | " + " | ".join(f"{n:,} steps" for n in steps) + " |"
    print(header)
    print("|" + "---|" * (2 + len(steps)))
    for filler in a.fillers:
        for cell, hidden in cells:
            got = [r for r in rows if r["filler"] == filler and r["cell"] == cell]
            params = got[0]["params"]
            cols = []
            for n in steps:
                vals = [r["nats"] for r in got if r["steps"] == n]
                cols.append(f"{min(vals):.2f}–{max(vals):.2f} (mean {statistics.mean(vals):.2f})")
            words = echo.filler_words(filler)
            print(f"| {filler} ({words} words, {4 * words - 1} chars) | {cell.upper()} H={hidden} ({params:,}) | "
                  + " | ".join(cols) + " |")
    print(f"\nSeeds {', '.join(map(str, a.seeds))}: the range over seeds, nats on the closing key's first letter, "
          f"{echo.HELD_OUT_LINES} held-out lines.")


if __name__ == "__main__":
    main()
