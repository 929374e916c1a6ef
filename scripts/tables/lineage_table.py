"""The seed's lineage, measured: the fixed-window model, the RNN, the LSTM and attention, side by side.

    python scripts/tables/lineage_table.py [--seeds 1 2 3] [--json]          # the whole table (~20 min)
    python scripts/tables/lineage_table.py --seeds 1 --echo-steps 5000       # a quick look

Each model at its default size (the settings table's hidden 64, window n = 8, span W = 32; the
LSTM at the hidden size whose weight count is closest to the RNN's, live.matched_hidden) and,
for the echo result, the window model at n = 16 too, trained with the recipe (T = 25, Adagrad,
lr 0.1, clip 5). For each model and seed it measures, in one process, one after another:

- the sonnets' smoothed loss at 1,000 and 5,000 steps;
- the loss per character on held-out verse: the first 10,000 characters of *The Rape of
  Lucrece* from "from the besieged ardea" (as Live.set_held_out reads it), read from a fresh state;
- the share of sampled words that are words of the sonnets (a 2,000-character sample at
  temperature 1 from the trained network; a "word" is a maximal run of letters);
- on the echo text (py_core/echo.py), the loss on the closing key's first letter of held-out
  lines at 5,000 and 15,000 steps (ln 20 = 3.00: no memory of the opening key);
- the weight count and the time of one training step (T = 25), the median of 200, taken in the
  same process as the RNN's so that the ratio is side by side.

Prints a Markdown table (docs/lineage.md quotes it) or, with --json, one object per run.
"""
from __future__ import annotations

import argparse
import datetime
import json
import platform
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from py_core import echo, models  # noqa: E402
from py_core.corpus import normalize, sonnets  # noqa: E402
from py_core.live import POEM_OPENING, matched_hidden  # noqa: E402
from py_core.train import Trainer  # noqa: E402

HELD_OUT_CHARS = 10_000  # as live.HELD_OUT_CHARS
SAMPLE_CHARS = 2_000
TIMED_STEPS = 200


def variants(V: int) -> list[dict]:
    """The models of the table: name, cell and the Trainer's size arguments."""
    return [
        {"name": "window n=8", "cell": "window", "hidden": 64, "window": 8},
        {"name": "window n=16", "cell": "window", "hidden": 64, "window": 16},
        {"name": "rnn", "cell": "rnn", "hidden": 64},
        {"name": "lstm", "cell": "lstm", "hidden": matched_hidden(V, 64)},
        {"name": "attention", "cell": "attention", "hidden": 64},
    ]


def make(text: str, v: dict, seed: int) -> Trainer:
    return Trainer(text, hidden_size=v["hidden"], seed=seed, cell=v["cell"], window=v.get("window"),
                   context=v.get("context"))


def step_ms(t: Trainer) -> float:
    """The median time of one training step (ms), over TIMED_STEPS steps one at a time."""
    times = []
    for _ in range(TIMED_STEPS):
        start = time.perf_counter()
        t.run(1)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000.0


def words_share(sample: str, known: set) -> float | None:
    words = re.findall(r"[a-z]+", sample)
    return sum(w in known for w in words) / len(words) if words else None


def measure(v: dict, seed: int, echo_steps: list[int], text: str, held: str, known: set) -> dict:
    start = time.perf_counter()
    t = make(text, v, seed)
    row = {"name": v["name"], "cell": v["cell"], "seed": seed, "params": int(t.model.params.size),
           "year": models.YEARS[v["cell"]]}
    t.step(1000)
    row["loss_1000"] = t.smooth_loss
    t.step(4000)
    row["loss_5000"] = t.smooth_loss
    row["lucrece"] = t.model.mean_loss(t.vocab.encode(held))
    row["real_words"] = words_share(t.sample(SAMPLE_CHARS, 1.0), known)
    e = make(echo.text(), v, seed)
    lines = echo.held_out()
    for n in echo_steps:
        e.step(n - e.iteration)
        row[f"echo_{n}"] = echo.key_letter_loss(e.model, e.vocab, lines, e.h, echo.rest_of_line(e.text, e.cursor))
    row["seconds"] = time.perf_counter() - start
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    ap.add_argument("--echo-steps", type=int, nargs="+", default=[5000, 15000])
    ap.add_argument("--only", nargs="+", help="names of the variants to run (default: all)")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    text = sonnets()
    lucrece = normalize((ROOT / "py_core" / "data" / "lucrece.txt").read_text(encoding="utf-8"))
    vocab = set(normalize(text))
    held = "".join(c for c in lucrece[lucrece.index(POEM_OPENING):] if c in vocab)[:HELD_OUT_CHARS]
    known = set(re.findall(r"[a-z]+", normalize(text)))
    V = len(vocab)
    chosen = [v for v in variants(V) if not a.only or v["name"] in a.only]

    # Step times first, all in one stretch of this process, so that the ratios are side by side.
    timing = {}
    for v in chosen:
        t = make(text, v, 1)
        t.run(20)  # warm: workspaces built
        timing[v["name"]] = step_ms(t)
    rnn_ms = timing.get("rnn") or step_ms(make(text, {"cell": "rnn", "hidden": 64}, 1))

    rows = []
    for v in chosen:
        for seed in a.seeds:
            r = measure(v, seed, sorted(a.echo_steps), text, held, known)
            r["step_ms"], r["step_vs_rnn"] = timing[v["name"]], timing[v["name"]] / rnn_ms
            rows.append(r)
            if a.json:
                print(json.dumps(r), flush=True)
            print(f"{r['name']:12} seed {seed}: 1k {r['loss_1000']:.3f}  5k {r['loss_5000']:.3f}  "
                  f"lucrece {r['lucrece']:.3f}  words {r['real_words']:.2f}  "
                  + "  ".join(f"echo@{n} {r[f'echo_{n}']:.2f}" for n in sorted(a.echo_steps))
                  + f"  ({r['seconds']:.0f} s)", file=sys.stderr, flush=True)
    if a.json:
        return
    steps = sorted(a.echo_steps)
    print(f"\nMeasured {datetime.date.today()} ({platform.machine()}, Python {platform.python_version()}, "
          f"NumPy {np.__version__}); seeds {', '.join(map(str, a.seeds))}: mean (min–max).\n")
    print("| model (year) | weights | sonnets, 1,000 | sonnets, 5,000 | *Lucrece*, held out | real words | "
          + " | ".join(f"echo key, {n:,}" for n in steps) + " | step (ms) | × RNN |")
    print("|---|---:|---:|---:|---:|---:|" + "---:|" * len(steps) + "---:|---:|")

    def cell(vals, fmt="{:.2f}"):
        vals = [x for x in vals if x is not None]
        if not vals:
            return "—"
        if len(vals) == 1:
            return fmt.format(vals[0])
        return f"{fmt.format(statistics.mean(vals))} ({fmt.format(min(vals))}–{fmt.format(max(vals))})"

    for v in chosen:
        got = [r for r in rows if r["name"] == v["name"]]
        print(f"| {v['name']} ({got[0]['year']}) | {got[0]['params']:,} | {cell([r['loss_1000'] for r in got])} | "
              f"{cell([r['loss_5000'] for r in got])} | {cell([r['lucrece'] for r in got])} | "
              f"{cell([r['real_words'] for r in got], '{:.0%}')} | "
              + " | ".join(cell([r[f'echo_{n}'] for r in got]) for n in steps)
              + f" | {got[0]['step_ms']:.3f} | {got[0]['step_vs_rnn']:.2f} |")
    print(f"\nln 28 = {np.log(V):.3f} is a uniform guess; ln 20 = {echo.BASELINE:.2f} on the echo key is no memory of it.")


if __name__ == "__main__":
    main()
