"""Benchmark glue run inside Pyodide by pyodide_worker.js: two contenders, one corpus, and a
profile of py_core's training step.

`make(raw)` builds py_core's Trainer and the line-by-line gist port from the same seed on the
same normalised text and returns `run(impl, steps)`: for "core" and "gist", the smoothed loss
per character after `steps` more iterations; for "profile", a JSON object with the
microseconds per iteration spent in each phase of Trainer.step (see `profile`).
"""
import json
from time import perf_counter

from gist_port import GistRNN
from py_core import model
from py_core.train import Trainer

PHASES = {  # the phases of one training step: where each is defined
    "forward recurrence": (model, "_recur"),
    "output layer and softmax": (model, "_output_layer"),
    "backward recurrence": (model, "_backward"),
    "weight gradients": (model, "_weight_grads"),
    "clip and Adagrad": (Trainer, "_adagrad"),
}


def make(raw: str):
    core = Trainer(raw, seed=1)
    gist = GistRNN(core.data.tolist(), len(core.vocab), seed=1)

    def run(impl: str, steps: int):
        if impl == "profile":
            return json.dumps(profile(core, steps))
        if impl == "core":
            return core.step(steps)["smooth_loss"]
        for _ in range(steps):
            gist.step()
        return gist.smooth_loss / gist.seq_length

    return run


def profile(trainer: Trainer, steps: int) -> dict:
    """µs per iteration: the bare step, then each phase timed by wrapping its function.

    "other" is what the instrumented step spent outside the phases (the loop, slicing, the
    wrappers' own clock reads); the bare figure is the step with nothing wrapped.
    """
    spent = dict.fromkeys(PHASES, 0.0)
    originals = {name: getattr(owner, attr) for name, (owner, attr) in PHASES.items()}

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
    for name, (owner, attr) in PHASES.items():
        setattr(owner, attr, timed(name, originals[name]))
    try:
        start = perf_counter()
        trainer.step(steps)
        instrumented = perf_counter() - start
    finally:
        for name, (owner, attr) in PHASES.items():
            setattr(owner, attr, originals[name])
    per_step = 1e6 / steps
    parts = {name: round(s * per_step, 1) for name, s in spent.items()}
    return {"step_us": round(bare * per_step, 1), "parts_us": parts,
            "other_us": round(instrumented * per_step - sum(parts.values()), 1)}
