"""Benchmark glue run inside Pyodide by pyodide_worker.js: two contenders, one corpus.

`make(raw)` builds py_core's Trainer and the line-by-line gist port from the same seed on the
same normalised text and returns `run(impl, steps) -> smoothed loss per character`.
"""
from gist_port import GistRNN
from py_core.train import Trainer


def make(raw: str):
    core = Trainer(raw, seed=1)
    gist = GistRNN(core.data.tolist(), len(core.vocab), seed=1)

    def run(impl: str, steps: int) -> float:
        if impl == "core":
            return core.step(steps)["smooth_loss"]
        for _ in range(steps):
            gist.step()
        return gist.smooth_loss / gist.seq_length

    return run
