"""Where the attention model looks before an echo line's closing key, as training goes on: the
numbers behind the article's figure "Looking back at the key instead of carrying it"
(Live.echo_attention, page/shortfalls/lookback.js) and docs/lineage.md.

For seeds 1–3, the attention model at its default size (D = 32, 2 heads, W = 32) trains on the
echo text with the shared Trainer; at each checkpoint, on 50 held-out lines: each head's mean
share of its weight on the line's opening key, at the space before the closing key (an even
spread over the 32 characters it can see gives 5/32 = 0.16), and the surprise at the closing
key's first letter (Live.echo_recall; ln 20 ≈ 3.00 is no memory).

    python scripts/tables/echo_attention_table.py [--steps 0,1000,3000,5000] [--seeds 1,2,3]

Measured 2026-12-06 (CPython 3.11, NumPy 2.4, 2 cores; --steps 0,1000,3000,5000,15000):

    seed  steps   head 1  head 2   key nats
       1      0     0.16    0.16       3.33
       1   1000     0.13    0.70       0.45
       1   3000     0.03    0.73       0.08
       1   5000     0.04    0.75       0.03
       1  15000     0.03    0.77       0.01
       2   5000     0.13    0.13       2.81
       2  15000     0.28    0.24       0.50
       3   5000     0.24    0.20       1.82
       3  15000     0.38    0.24       0.93
"""
from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from py_core import echo  # noqa: E402
from py_core.live import Live  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--steps", default="0,1000,3000,5000")
    ap.add_argument("--seeds", default="1,2,3")
    a = ap.parse_args()
    steps = [int(s) for s in a.steps.split(",")]
    text = echo.text()
    print("seed  steps   head 1  head 2   key nats")
    for seed in (int(s) for s in a.seeds.split(",")):
        run = Live(text, {"seed": seed, "cell": "attention"})
        for target in steps:
            run.train(target - run.trainer.iteration, math.inf)
            look, recall = run.echo_attention(), run.echo_recall()
            shares = "  ".join(f"{x:6.2f}" for x in look["share"])
            print(f"{seed:4d}  {target:5d}   {shares}   {recall['nats']:8.2f}", flush=True)


if __name__ == "__main__":
    main()
