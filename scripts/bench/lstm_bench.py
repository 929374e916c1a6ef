"""Benchmark glue run inside Pyodide by lstm_worker.js: the RNN (H = 64) and the LSTM matched to
it by weight count (H = 30 at V = 28), both py_core Trainers on the same text and seed.

`make(raw)` returns `run(impl, steps)`, which trains and returns JSON: for "rnn" and "lstm" the
smoothed loss after `steps` more iterations of that cell; for "pair" both cells' losses after
`steps` iterations of each in lockstep chunks of CHUNK (as the page's compare mode trains them);
for "profile-rnn" / "profile-lstm" the µs per iteration in each phase of that cell's step.
"""
import json
from time import perf_counter

from py_core import network
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


def phases(trainer: Trainer) -> dict:
    """The phases of one training step: where each is defined (those this py_core has)."""
    cell = type(trainer.model)
    found = {
        "forward recurrence": (cell, "_recur"),
        "output layer and softmax": (network, "_output_layer"),
        "backward recurrence": (cell, "_backward"),
        "weight gradients": (network, "_weight_grads"),
        "clip and Adagrad": (Trainer, "_adagrad"),
    }
    return {name: where for name, where in found.items() if hasattr(*where)}


def profile(trainer: Trainer, steps: int) -> dict:
    """µs per iteration: the bare step, then each phase timed by wrapping its function."""
    parts_at = phases(trainer)
    spent = dict.fromkeys(parts_at, 0.0)
    originals = {name: getattr(owner, attr) for name, (owner, attr) in parts_at.items()}

    def timed(name, fn):
        def wrapper(*args):
            start = perf_counter()
            try:
                return fn(*args)
            finally:
                spent[name] += perf_counter() - start
        return wrapper

    start = perf_counter()
    trainer.step(steps)
    bare = perf_counter() - start
    for name, (owner, attr) in parts_at.items():
        setattr(owner, attr, timed(name, originals[name]))
    try:
        start = perf_counter()
        trainer.step(steps)
        instrumented = perf_counter() - start
    finally:
        for name, (owner, attr) in parts_at.items():
            setattr(owner, attr, originals[name])
    per_step = 1e6 / steps
    parts = {name: round(s * per_step, 1) for name, s in spent.items()}
    return {"step_us": round(bare * per_step, 1), "parts_us": parts,
            "other_us": round(instrumented * per_step - sum(parts.values()), 1)}
