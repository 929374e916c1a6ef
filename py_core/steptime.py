"""How one training step's time grows with the sequence length T, model by model: the article's
"It is strictly sequential", measured where it is read (the page's worker calls it through
Live.step_times; scripts/bench_steptime.py in CPython).

For each T in `seqs` and each model, a fresh Trainer of that model on the same text, seed and
settings (sizes matched by weight count to the run's, as compare mode and the lineage match
them: live.rival_hidden) trains WARMUP steps untimed, then `steps` steps in blocks of BLOCK, each block timed with
time.perf_counter, and keeps the median block's time per step (a pause of the machine or of the
garbage collector in a block or two does not move it; a block, not one step, because a browser's
clock may tick only every 0.1 ms). The models are timed in turn at each T, so a slow moment of the machine falls
on all of them rather than on one.

Beside each time, the number of computations in one update that must wait for each other
(`dependent_steps`): the RNN and the LSTM step through the T positions forwards, then back
(2T); the fixed-window model and attention compute all T positions at once in each layer, one
layer forward and one back (2 for their one hidden layer, or one attention layer). That count
is what parallel hardware cannot shorten; the time on one thread is what the reader's machine
does with it.
"""
from __future__ import annotations

import time

from . import models, settings
from .train import Trainer

SEQS = (10, 25, 50, 100)  # the sequence lengths timed (the recipe's is 25)
STEPS = 20  # timed steps per model and T, in blocks of BLOCK
BLOCK = 4  # steps timed together (a browser's clock may tick only every 0.1 ms)
WARMUP = 2  # untimed steps first (allocations, caches)
TEXT_CHARS = 30_000  # of the run's text: enough for the longest T's steps, cheap to prepare


def median(xs: list[float]) -> float:
    """The middle value (the mean of the middle two for an even count). (Not np.median: it
    imports numpy.ma, which the page's trimmed NumPy leaves out.)"""
    s = sorted(xs)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


def dependent_steps(cell: str, seq: int) -> int:
    """Computations per update that must run one after another: 2T for the recurrent models
    (T positions forwards, then back), 2 for the others (one layer forwards, then back)."""
    cls = models.MODELS[settings.validate("cell", cell)]
    return 2 * seq if cls.STATE else 2 * getattr(cls, "LAYERS", 1)


def step_times(text: str, run: dict, hidden: dict, seqs=SEQS, cells=models.LINEAGE, steps: int = STEPS) -> dict:
    """{seqs, steps, rows: {cell: {ms: [median ms per step at each T], dependent: [...], hidden, params}}}.
    `run` holds the run's settings (lr, clip, seed, window, context), `hidden` each model's
    hidden size. ValueError if a T does not fit the text."""
    seqs = [settings.validate("seq", T) for T in seqs]
    text = text[:TEXT_CHARS]
    rows = {cell: {"ms": [], "dependent": [dependent_steps(cell, T) for T in seqs], "hidden": hidden[cell]}
            for cell in cells}
    for T in seqs:
        for cell in cells:
            t = Trainer(text, hidden_size=hidden[cell], seq_length=T, learning_rate=run["lr"], clip=run["clip"],
                        seed=run["seed"], cell=cell, window=run["window"], context=run["context"])
            rows[cell]["params"] = t.model.params.size
            t.run(WARMUP)
            times = []  # ms per step of each block
            for _ in range(steps // BLOCK):
                start = time.perf_counter()
                t.run(BLOCK)
                times.append((time.perf_counter() - start) * 1000 / BLOCK)
            rows[cell]["ms"].append(median(times))
    return {"seqs": seqs, "steps": steps, "rows": rows}
