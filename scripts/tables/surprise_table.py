#!/usr/bin/env python3
"""What "What it expected" shows, measured with py_core: mean surprise at spaces and at letters.

    python scripts/tables/surprise_table.py [--seeds 1 2 3] [--steps 0 3000]

For each seed and step count: the means on the page's default line (live.SURPRISE_LINE, the
opening of The Rape of Lucrece, which no run trains on) and on the poem's first 10,000
characters read in one go (newlines are neither spaces nor letters). Also the CPython cost of one
Live.surprise call on the default line.
"""
import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from py_core.corpus import SONNETS_PATH, normalize, sonnets  # noqa: E402
from py_core.live import SURPRISE_LINE, Live  # noqa: E402
from py_core.surprise import surprise  # noqa: E402

ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
ap.add_argument("--steps", type=int, nargs="+", default=[0, 3000])
args = ap.parse_args()

lucrece = normalize((SONNETS_PATH.parent / "lucrece.txt").read_text())
poem = lucrece[lucrece.index("from the besieged"):][:10_000].rstrip("\n")


def means(result: dict) -> tuple[float, float]:
    s, c = np.array(result["surprise"]), np.array(result["chars"])
    return float(s[c == " "].mean()), float(s[(c != " ") & (c != "\n")].mean())


print("| seed | steps | default line: spaces | letters | 10,000 characters of Lucrece: spaces | letters |")
print("|---:|---:|---:|---:|---:|---:|")
for seed in args.seeds:
    run = Live(sonnets(), {"seed": seed})
    for steps in sorted(args.steps):
        if steps > run.trainer.iteration:
            run.train(steps - run.trainer.iteration, 1e9)
        line = means(run.surprise())
        whole = means(surprise(run.trainer.model, run.trainer.vocab, poem))  # (newlines kept)
        print(f"| {seed} | {steps:,} | {line[0]:.2f} | {line[1]:.2f} | {whole[0]:.2f} | {whole[1]:.2f} |")

times = []
for _ in range(200):
    start = time.perf_counter()
    run.surprise()
    times.append(time.perf_counter() - start)
print(f"\nLive.surprise() on the default line ({len(SURPRISE_LINE)} characters), CPython: "
      f"median {np.median(times) * 1e6:.0f} µs over {len(times)} calls")
