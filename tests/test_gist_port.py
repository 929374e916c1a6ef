"""scripts/gist_port.py, the benchmarks' yardstick, against py_core's Trainer.

The port is the gist's own lines; these tests check that Trainer computes what they compute:
from the same state, one step of each gives the same loss and the same weights (to 1e-12) at
many points of a 5,000-iteration run on the sonnets, the cursor's wraps included; and sampling
draws the same characters from the same random numbers, at a wrap too.
"""
import sys

import numpy as np
import pytest

from py_core import checkpoint
from py_core.corpus import sonnets
from py_core.network import split
from py_core.train import Trainer
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from gist_port import GistRNN  # noqa: E402

TOL = 1e-12
ITERATIONS = 5000


def gist_from(trainer: Trainer) -> GistRNN:
    """A port whose state (weights, Adagrad memory, hidden state, pointer, counter) is trainer's."""
    m = trainer.model
    g = GistRNN(trainer.data.tolist(), m.V, m.H, trainer.seq_length, trainer.learning_rate,
                clip=trainer.clip)
    memory = split(trainer.memory, m.shapes)
    for name in ("Wxh", "Whh", "Why", "bh", "by"):
        shape = getattr(g, name).shape  # the gist's biases are column vectors
        setattr(g, name, getattr(m, name).reshape(shape).copy())
        setattr(g, "m" + name, memory[name].reshape(shape).copy())
    g.hprev = trainer.h.reshape(-1, 1).copy()
    g.p, g.n = trainer.cursor, trainer.iteration
    return g


def weights(g: GistRNN) -> np.ndarray:
    return np.concatenate([a.ravel() for a in (g.Wxh, g.Whh, g.Why, g.bh, g.by)])


def wraps_next(t: Trainer) -> bool:
    return t.cursor + t.seq_length + 1 >= len(t.data)


def wrap_points(n_data: int, T: int, iterations: int) -> list[int]:
    """The iterations after which the next step wraps the cursor (the gist's rule)."""
    points, p = [], 0
    for i in range(iterations):
        if p + T + 1 >= n_data:
            points.append(i)
            p = 0
        p += T
    return points


@pytest.fixture(scope="module")
def points():
    """Trainer states along a 5,000-iteration run (seed 1), each a copy (through a checkpoint,
    bit for bit) to step on its own: every 100 iterations, and around the wrap of the cursor."""
    t = Trainer(sonnets(), seed=1)
    wraps = wrap_points(len(t.data), t.seq_length, ITERATIONS)
    wanted = set(range(0, ITERATIONS + 1, 100)) | {w + d for w in wraps for d in (-1, 0, 1)}
    states = []
    for i in sorted(wanted):
        t.step(i - t.iteration) if i > t.iteration else None
        states.append(checkpoint.trainer_from_dict(checkpoint.to_dict(t)))
    return states


def test_the_run_passes_through_wraps(points):
    assert sum(wraps_next(t) for t in points) == 1  # the sonnets (90,279 symbols) wrap once by 5,000
    assert points[-1].iteration == ITERATIONS


def test_one_step_from_the_same_state_agrees(points):
    for t in points:
        g = gist_from(t)
        wrapped = wraps_next(t)
        loss = t.step(1)["loss"]
        assert g.step() == pytest.approx(loss, abs=TOL), t.iteration
        assert np.max(np.abs(weights(g) - t.model.params)) <= TOL, t.iteration
        assert np.max(np.abs(g.hprev.ravel() - t.h)) <= TOL, t.iteration
        assert (g.p, g.n) == (t.cursor, t.iteration), t.iteration
        if wrapped:
            assert t.cursor == t.seq_length  # it really did start again from the top


def test_sampling_draws_what_the_gist_draws(points):
    """Same weights, same state, same random numbers: the same characters, also when the next
    step wraps (the gist then samples from a zero state after the corpus's first character)."""
    checked_wrap = False
    for t in points[::5] + [t for t in points if wraps_next(t)]:
        g = gist_from(t)
        t.sample_rng = np.random.default_rng(7)
        ours = t.sample(200)
        theirs = t.vocab.decode(g.sample_now(200, np.random.default_rng(7)))
        assert ours == theirs, t.iteration
        if wraps_next(t):
            checked_wrap = True
            assert np.any(t.h != 0)  # (the carried state is not the one sampled from)
    assert checked_wrap


def test_the_port_uses_the_gists_softmax():
    source = (ROOT / "scripts" / "gist_port.py").read_text()
    assert "ps[t] = np.exp(ys[t]) / np.sum(np.exp(ys[t]))" in source
    assert "p = np.exp(y) / np.sum(np.exp(y))" in source
