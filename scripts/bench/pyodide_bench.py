"""Benchmark glue run inside Pyodide by pyodide_worker.js: the contenders, one corpus, and a
profile of py_core's training step for each cell.

`make(raw)` builds, from the same seed on the same normalised text, py_core's Trainer (the RNN,
H=64), the line-by-line gist port, and py_core's LSTM with about the RNN's weight count (H=30 at
V=28, live.matched_hidden), and returns `run(impl, steps)`: for "core", "gist" and "lstm", the
smoothed loss per character after `steps` more iterations (and for "window" and "attention",
py_core's two models without recurrence at their default sizes); for "profile" (the RNN) and
"profile-lstm", a JSON object with the microseconds per iteration spent in each phase of
Trainer.step (see `profile`).
"""
import json
from time import perf_counter

from gist_port import GistRNN
from py_core import network
from py_core.live import matched_hidden
from py_core.lstm import LSTM
from py_core.model import RNN
from py_core.train import Trainer


def phases(cell) -> dict:
    """The phases of one training step: where each is defined (module or class, and name)."""
    return {
        "forward recurrence": (cell, "_recur"),
        "output layer and softmax": (network, "_output_layer"),
        "backward recurrence": (cell, "_backward"),
        "weight gradients": (network, "_weight_grads"),
        "clip and Adagrad": (Trainer, "_adagrad"),
    }


PHASES = phases(RNN)  # the RNN's, as before


def make(raw: str):
    core = Trainer(raw, seed=1)
    gist = GistRNN(core.data.tolist(), len(core.vocab), seed=1)
    lstm = Trainer(raw, hidden_size=matched_hidden(len(core.vocab)), seed=1, cell="lstm")
    others = {}  # "window" and "attention" at their defaults, built when first asked for

    def run(impl: str, steps: int):
        if impl in ("window", "attention"):
            if impl not in others:
                others[impl] = Trainer(raw, seed=1, cell=impl)
            return others[impl].step(steps)["smooth_loss"]
        if impl == "profile":
            return json.dumps(profile(core, steps))
        if impl == "profile-lstm":
            return json.dumps(profile(lstm, steps))
        if impl == "core":
            return core.step(steps)["smooth_loss"]
        if impl == "lstm":
            return lstm.step(steps)["smooth_loss"]
        for _ in range(steps):
            gist.step()
        return gist.smooth_loss / gist.seq_length

    return run


def profile(trainer: Trainer, steps: int) -> dict:
    """µs per iteration: the bare step, then each phase timed by wrapping its function.

    "other" is what the instrumented step spent outside the phases (the loop, slicing, the
    wrappers' own clock reads); the bare figure is the step with nothing wrapped.
    """
    where = phases(type(trainer.model))
    spent = dict.fromkeys(where, 0.0)
    originals = {name: getattr(owner, attr) for name, (owner, attr) in where.items()}

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
    for name, (owner, attr) in where.items():
        setattr(owner, attr, timed(name, originals[name]))
    try:
        start = perf_counter()
        trainer.step(steps)
        instrumented = perf_counter() - start
    finally:
        for name, (owner, attr) in where.items():
            setattr(owner, attr, originals[name])
    per_step = 1e6 / steps
    parts = {name: round(s * per_step, 1) for name, s in spent.items()}
    return {"cell": trainer.settings["cell"], "hidden": trainer.settings["hidden"],
            "step_us": round(bare * per_step, 1), "parts_us": parts,
            "other_us": round(instrumented * per_step - sum(parts.values()), 1)}
