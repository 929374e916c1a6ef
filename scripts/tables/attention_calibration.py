"""Which tiny attention design learns: the table behind py_core/attention.py's defaults.

For each candidate (positional scheme × heads × D, one layer, H = 64, W = 32, the recipe's
Adagrad, seed 1), trained with the shared Trainer:
  - the smoothed loss on the sonnets at 1,000 and 5,000 steps,
  - the echo text's closing-key first-letter loss (py_core/echo.py, held-out lines, measured from
    the run's carried context) at 5,000 and 15,000 steps: ln 20 ≈ 3.0 is no memory; target < 1.0,
  - the weight count and the time of one training step (T = 25), beside the RNN's in the same run.

    python scripts/tables/attention_calibration.py            # CPython, about a minute and a half

Measured (CPython 3, NumPy with BLAS, 2 shared cores; 2026-12-05):

    design               weights  ms/step  ×RNN  sonnets@1k  sonnets@5k  echo@5k  echo@15k
    rnn                     7772   0.162  1.00      2.854      2.113   3.122    3.016
    relative 1h D24         6428   0.215  1.33      2.667      2.085   0.141    0.043
    relative 2h D24         6460   0.251  1.55      2.660      2.054   0.413    0.115
    relative 2h D32         8988   0.275  1.70      2.659      2.050   0.031    0.011   <- the default
    relative 2h D16         4444   0.229  1.42      2.671      2.126   0.946    0.154
    alibi 2h D24            6396   0.272  1.68      2.647      2.081   3.096    2.124
    none 2h D24             6396   0.280  1.73      2.735      2.305   2.786    2.486

A learned bias per offset is what finds the echo key (ALiBi and no positions never do by
15,000 steps); D 32 with two heads is best on both texts within the weight budget.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import numpy as np  # noqa: E402

from py_core import echo  # noqa: E402
from py_core.attention import Attention  # noqa: E402
from py_core.corpus import sonnets  # noqa: E402
from py_core.train import Trainer  # noqa: E402

CANDIDATES = (  # (positional scheme, heads, D)
    ("relative", 1, 24),
    ("relative", 2, 24),
    ("relative", 2, 32),
    ("relative", 2, 16),
    ("alibi", 2, 24),
    ("none", 2, 24),
)


def design(positions: str, heads: int, width: int) -> type:
    """Attention with other module constants, for one row of the table."""
    return type("Candidate", (Attention,), {"POSITIONS": positions, "HEADS": heads, "D": width})


def trainer(text: str, seed: int, model_class=None, reach: int | None = None) -> Trainer:
    """A Trainer on `text`: the RNN, or `model_class` put in its place with fresh buffers."""
    t = Trainer(text, seed=seed)
    if model_class is not None:
        t.model = model_class(len(t.vocab), t.settings["hidden"], seed, reach)
        for name in ("grads", "memory", "_next_memory", "_scratch", "_update"):
            setattr(t, name, t.model.params * 0.0)
        t.h = np.zeros(t.model.state_size)
    return t


def row(name: str, seed: int, model_class=None, reach: int | None = None) -> dict:
    t = trainer(sonnets(), seed, model_class, reach)
    start = time.perf_counter()
    t.step(1000)
    at_1k = t.smooth_loss
    t.step(4000)
    ms = (time.perf_counter() - start) / 5000 * 1e3
    e = trainer(echo.text(), seed, model_class, reach)
    held = echo.held_out()
    keys = []
    for n in (5000, 10000):
        e.step(n)
        keys.append(echo.key_letter_loss(e.model, e.vocab, held, e.h, echo.rest_of_line(e.text, e.cursor)))
    return {"design": name, "weights": t.model.params.size, "ms": ms, "s1k": at_1k, "s5k": t.smooth_loss,
            "e5k": keys[0], "e15k": keys[1], "diverged": t.diverged or e.diverged}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--reach", type=int, default=32, help="W for every attention row")
    args = ap.parse_args()
    print(f"{'design':<20} {'weights':>7} {'ms/step':>7} {'×RNN':>5} {'sonnets@1k':>10} {'sonnets@5k':>10} "
          f"{'echo@5k':>7} {'echo@15k':>8}", flush=True)
    rnn = None
    rows = [("rnn", None)] + [(f"{p} {h}h D{d}", design(p, h, d)) for p, h, d in CANDIDATES]
    for name, cls in rows:
        r = row(name, args.seed, cls, None if cls is None else args.reach)
        rnn = rnn or r["ms"]
        print(f"{r['design']:<20} {r['weights']:>7} {r['ms']:>7.3f} {r['ms'] / rnn:>5.2f} {r['s1k']:>10.3f} "
              f"{r['s5k']:>10.3f} {r['e5k']:>7.3f} {r['e15k']:>8.3f}{'  diverged' if r['diverged'] else ''}",
              flush=True)


if __name__ == "__main__":
    main()
