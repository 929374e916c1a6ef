"""Benchmark glue run inside Pyodide by lstm_worker.js: the RNN (H = 64) and the LSTM matched to
it by weight count (H = 30 at V = 28), both py_core Trainers on the same text and seed.

`make(raw)` returns `run(impl, steps)`, which trains and returns JSON: for "rnn" and "lstm" the
smoothed loss after `steps` more iterations of that cell; for "pair" both cells' losses after
`steps` iterations of each in lockstep chunks of CHUNK (as the page's compare mode trains them);
for "profile-rnn" / "profile-lstm" the µs per iteration in each phase of that cell's step.
"""
import json

from pyodide_bench import profile  # the phase profile pyodide_worker.js uses, for either cell
from py_core.live import matched_hidden
from py_core.train import Trainer

CHUNK = 50  # iterations per cell per turn in "pair" (the page's chunks are ~30 ms: ~50-80 steps)


def make(raw: str):
    rnn = Trainer(raw, hidden_size=64, seed=1)
    lstm = Trainer(raw, hidden_size=matched_hidden(len(rnn.vocab), 64), seed=1, cell="lstm")
    cells = {"rnn": rnn, "lstm": lstm}

    def run(impl: str, steps: int) -> str:
        if impl.startswith("profile-"):
            return json.dumps(profile(cells[impl[len("profile-"):]], steps))
        if impl == "pair":
            for done in range(0, steps, CHUNK):
                k = min(CHUNK, steps - done)
                rnn.step(k)
                lstm.step(k)
            return json.dumps([rnn.smooth_loss, lstm.smooth_loss])
        return json.dumps(cells[impl].step(steps)["smooth_loss"])

    return run
