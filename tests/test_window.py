"""The fixed-window model: analytic gradients against central finite differences, a window of
exactly n, state carried across steps, sampling, its settings, and training on the sonnets."""
import math

import numpy as np
import pytest

from py_core import corpus
from py_core.train import Trainer
from py_core.window import EMBED, PARAM_NAMES, Window, param_count
from gradcheck import numeric_grads


def test_gradients_match_finite_differences():
    V, H, n, T = 5, 4, 3, 6
    model = Window(V, H, seed=3, reach=n)
    rng = np.random.default_rng(7)
    for name in PARAM_NAMES:  # weights and biases large enough that every term matters
        getattr(model, name)[...] = rng.standard_normal(model.shapes[name]) * 0.5
    x, y = rng.integers(0, V, T), rng.integers(0, V, T)
    state0 = np.array([0.0, 3.0])  # one position before the text (NONE), then symbol 2
    _, grads, _ = model.loss_and_grads(x, y, state0)
    numeric = numeric_grads(model, x, y, state0)
    for name in PARAM_NAMES:
        a, b = grads[name], numeric[name]
        assert np.abs(a).max() > 0, name
        rel = np.abs(a - b).max() / max(np.abs(a).max(), np.abs(b).max())
        assert rel < 1e-6, (name, rel)


def test_parameter_count():
    assert Window(28, 64, reach=8).params.size == param_count(28, 64, 8) == 7824
    assert param_count(28, 64, 16) == 13456
    assert EMBED == 11


def test_the_window_is_exactly_n():
    V, n = 6, 4
    model = Window(V, 8, seed=2, reach=n)
    model.params[...] = np.random.default_rng(0).standard_normal(model.params.size) * 0.5
    ids = np.array([1, 2, 3, 4, 5, 0, 1, 2])
    last = model.hidden_states(ids)[-1]
    for back in range(n, len(ids)):  # n or more places back: no effect on the last prediction
        changed = ids.copy()
        changed[-1 - back] = (changed[-1 - back] + 1) % V
        np.testing.assert_array_equal(model.hidden_states(changed)[-1], last)
    changed = ids.copy()
    changed[-n] = (changed[-n] + 1) % V  # n - 1 places back: it is read
    assert np.abs(model.hidden_states(changed)[-1] - last).max() > 1e-6


def test_state_carried_across_steps_equals_one_long_step():
    V, n = 7, 5
    model = Window(V, 6, seed=4, reach=n)
    rng = np.random.default_rng(1)
    model.params[...] = rng.standard_normal(model.params.size) * 0.3
    data = rng.integers(0, V, 21)
    x, y = data[:-1], data[1:]
    whole, _, _ = model.loss_and_grads(x, y)
    first, _, state = model.loss_and_grads(x[:8], y[:8])
    second, _, last = model.loss_and_grads(x[8:], y[8:], state)
    assert first + second == pytest.approx(whole, rel=1e-12)
    np.testing.assert_array_equal(last, data[-n:-1] + 1)  # the last n - 1 inputs, ids + 1
    np.testing.assert_array_equal(model.states(x)[-1], last)
    np.testing.assert_allclose(model.hidden_states(x[8:], state), model.hidden_states(x)[8:])


def test_sample_is_deterministic_and_in_range():
    model = Window(9, 8, seed=5, reach=3)
    model.params[...] = np.random.default_rng(2).standard_normal(model.params.size)
    a = model.sample(None, 1, 50, rng=np.random.default_rng(3))
    b = model.sample(None, 1, 50, rng=np.random.default_rng(3))
    assert a == b and len(a) == 50
    assert all(isinstance(i, int) and 0 <= i < 9 for i in a)
    assert len(set(a)) > 1


def test_hidden_states_shape():
    model = Window(28, 16, reach=8)
    assert model.hidden_states(np.arange(10) % 28).shape == (10, 16)
    assert model.states(np.arange(10) % 28).shape == (10, 7)


@pytest.mark.parametrize("bad", [0, 65, 2.5, "x"])
def test_bad_reach_is_refused_with_the_settings_message(bad):
    with pytest.raises(ValueError, match=r"^Window must be a whole number from 1 to 64; got “"):
        Window(28, 16, reach=bad)


def test_training_on_the_sonnets_lowers_the_loss():
    trainer = Trainer(corpus.sonnets(), seed=1, cell="window")
    assert isinstance(trainer.model, Window)
    trainer.step(300)
    assert trainer.smooth_loss < math.log(28)
    assert not trainer.diverged
