"""Print the reference table (docs/fidelity.md): seeds 1-8, smoothed loss at 0, 1k, 2k and 5k steps, sample.

    python scripts/tables/reference_table.py [--seeds 1 2 3 4 5 6 7 8]
"""
import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from py_core.corpus import sonnets  # noqa: E402
from py_core.train import Trainer  # noqa: E402

ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument("--seeds", type=int, nargs="+", default=list(range(1, 9)))
args = ap.parse_args()
print("| seed | loss at 0 | 1,000 | 2,000 | 5,000 | sample after 5,000 (first 100 characters) |")
print("|---:|---:|---:|---:|---:|---|")
finals = []
for seed in args.seeds:
    t = Trainer(sonnets(), seed=seed)
    losses = [t.smooth_loss] + [t.step(k)["smooth_loss"] for k in (1000, 1000, 3000)]
    sample = t.sample(100).replace("\n", " / ")
    print(f"| {seed} | " + " | ".join(f"{x:.3f}" for x in losses) + f" | `{sample}` |")
    finals.append(losses[-1])
print(f"\nmean at 5,000 over {len(finals)} seeds: {sum(finals) / len(finals):.3f}")
