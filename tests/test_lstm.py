"""The LSTM: analytic gradients of every parameter against central finite differences, its
equations step by step, its state, sampling, and training, checkpoints and the CLI with it."""
import json

import numpy as np
import pytest

from py_core import checkpoint
from py_core.live import Live, matched_hidden
from py_core.lstm import FORGET_BIAS, LSTM, PARAM_NAMES
from py_core.model import RNN
from py_core.train import Trainer
from gradcheck import numeric_grads

TEXT = "so long lives this and this gives life to thee\n" * 10


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def plain_forward(m, x, y, state0):
    """The equations, one step at a time, written independently of lstm.py: (loss, h, c)."""
    H = m.H
    h, c, loss = state0[:H].copy(), state0[H:].copy(), 0.0
    for xi, yi in zip(x, y):
        z = m.Wx[:, xi] + m.Wh @ h + m.b
        i, f, o, g = sigmoid(z[:H]), sigmoid(z[H:2 * H]), sigmoid(z[2 * H:3 * H]), np.tanh(z[3 * H:])
        c = f * c + i * g
        h = o * np.tanh(c)
        s = m.Why @ h + m.by
        loss -= s[yi] - np.log(np.exp(s).sum())
    return loss, h, c


@pytest.mark.parametrize("V,H,T", [(5, 4, 6), (28, 8, 25)])
def test_gradients_match_finite_differences(V, H, T):
    rng = np.random.default_rng(V * 100 + H)
    model = LSTM(V, H, seed=3)
    for name in PARAM_NAMES:  # weights large enough that every term matters
        setattr(model, name, rng.standard_normal(getattr(model, name).shape) * 0.5)
    x, y = rng.integers(0, V, T), rng.integers(0, V, T)
    state0 = rng.standard_normal(2 * H) * 0.5  # [h_0; c_0]: the gradient flows through both
    loss, grads, _ = model.loss_and_grads(x, y, state0)
    numeric = numeric_grads(model, x, y, state0)
    for name in PARAM_NAMES:
        a, n = grads[name], numeric[name]
        rel = np.abs(a - n).max() / (np.abs(a).max() + np.abs(n).max())
        assert rel < 1e-6, (name, rel)


def test_loss_and_state_are_those_of_the_equations():
    rng = np.random.default_rng(0)
    m = LSTM(7, 5, seed=1)
    m.params[...] = rng.standard_normal(m.params.size)
    x, y = [1, 2, 3, 6, 0], [2, 3, 6, 0, 4]
    state0 = rng.standard_normal(10)
    expected, h, c = plain_forward(m, x, y, state0)
    loss, grads, last = m.loss_and_grads(x, y, state0)
    assert loss == pytest.approx(expected, rel=1e-12)
    np.testing.assert_allclose(last, np.concatenate([h, c]), rtol=1e-12)
    np.testing.assert_allclose(m.hidden_states(x, state0)[-1], h, rtol=1e-12)
    np.testing.assert_allclose(m.states(x, state0)[-1], last, rtol=1e-12)
    assert m.mean_loss([*x, y[-1]], state0) == pytest.approx(expected / len(x), rel=1e-12)
    assert set(grads) == set(PARAM_NAMES)


def test_shapes_and_initialisation():
    m = LSTM(28, 30, seed=0)
    assert (m.Wx.shape, m.Wh.shape, m.Why.shape, m.b.shape, m.by.shape) == (
        (120, 28), (120, 30), (28, 30), (120,), (28,))
    assert m.params.size == 7948 and m.state_size == 60
    assert abs(m.Wh.std() - 0.01) < 0.001 and not m.by.any()
    assert (m.b[30:60] == FORGET_BIAS).all() and not m.b[:30].any() and not m.b[60:].any()
    np.testing.assert_array_equal(LSTM(28, 30, seed=0).params, m.params)
    x = np.arange(25) % 28
    loss, _, _ = m.loss_and_grads(x, (x + 1) % 28)
    assert loss / 25 == pytest.approx(np.log(28), abs=0.01)


def test_matched_hidden_size():
    assert matched_hidden(28) == 30  # 7,948 weights against the RNN's 7,772
    assert (LSTM(28, 30).params.size, RNN(28, 64).params.size) == (7948, 7772)
    assert matched_hidden(28, 8) == 3


def test_a_wrong_state_is_refused():
    with pytest.raises(ValueError, match="10 entries"):
        LSTM(7, 5).loss_and_grads([1], [2], np.zeros(5))


def test_sampling_is_seeded_and_follows_the_state():
    m = LSTM(6, 8, seed=0)
    rng = np.random.default_rng(1)
    m.params[...] = rng.standard_normal(m.params.size) * 2
    a = m.sample(None, 0, 300, 1.0, np.random.default_rng(7))
    assert a == m.sample(None, 0, 300, 1.0, np.random.default_rng(7))
    assert len(a) == 300 and set(a) <= set(range(6))
    # One sampling step is one step of the recurrence: with uniforms drawn as `sample` draws
    # them, the first symbol is the one softmax(Why·h_1 + by) puts u in.
    state = rng.standard_normal(16)
    u = np.random.default_rng(3).random(1)[0]
    _, h, _ = plain_forward(m, [2], [0], state)
    p = np.exp(m.Why @ h + m.by)
    expected = int(np.searchsorted(np.cumsum(p), u * p.sum(), side="right"))
    assert m.sample(state, 2, 1, 1.0, np.random.default_rng(3)) == [expected]


def test_trainer_learns_with_an_lstm_and_carries_h_and_c():
    t = Trainer(TEXT, hidden_size=16, seq_length=10, seed=2, cell="lstm")
    assert isinstance(t.model, LSTM) and t.settings["cell"] == "lstm" and t.h.shape == (32,)
    t.step(300)
    assert t.smooth_loss < t.initial_loss - 0.3 and t.h[16:].any()
    assert len(t.sample(50)) == 50


def test_the_cell_setting_is_validated():
    with pytest.raises(ValueError, match="Model must be one of rnn, lstm, window, attention"):
        Trainer(TEXT, cell="gru")


def test_checkpoint_carries_the_cell_and_resumes_exactly():
    a = Trainer(TEXT, hidden_size=6, seq_length=9, seed=3, cell="lstm")
    a.step(20)
    d = json.loads(json.dumps(checkpoint.to_dict(a)))
    assert d["settings"]["cell"] == "lstm" and set(d["params"]) == set(PARAM_NAMES)
    b = checkpoint.trainer_from_dict(d)
    assert isinstance(b.model, LSTM)
    np.testing.assert_array_equal(b.h, a.h)
    assert a.step(15) == b.step(15)


def test_a_checkpoint_without_a_cell_is_an_rnn():
    a = Trainer(TEXT, hidden_size=6, seq_length=9)
    a.step(5)
    d = checkpoint.to_dict(a)
    del d["settings"]["cell"]  # as saved before the LSTM existed
    b = checkpoint.trainer_from_dict(d)
    assert isinstance(b.model, RNN) and b.settings["cell"] == "rnn"
    assert a.step(5) == b.step(5)


def test_live_runs_an_lstm():
    run = Live(TEXT, {"cell": "lstm", "hidden": 12, "seq": 10, "seed": 1})
    info = run.info()
    assert info["cell"] == "lstm" and info["params"] == LSTM(info["vocab_size"], 12).params.size
    run.train(30, 10_000)
    s = run.snapshot()
    assert s["iteration"] == 30 and len(s["heatmap"]["values"]) == 4
    reach = run.memory_reach()
    assert len(reach) == 25 and all(v > 0 for v in reach)
    again = Live.load(run.save())
    assert again.info()["cell"] == "lstm" and again.status()["iteration"] == 30
