"""The attention model: analytic gradients against central finite differences, causality and
reach, the carried context, the attention maps, sampling, bad reach, and a short training run."""
import math

import numpy as np
import pytest

from py_core.attention import Attention
from py_core.corpus import sonnets
from py_core.train import Trainer
from gradcheck import numeric_grads


def small(positions, V=5, H=4, W=4, D=6, heads=2, seed=3):
    class Small(Attention):
        pass
    Small.D, Small.HEADS, Small.POSITIONS = D, heads, positions
    m = Small(V, H, seed=seed, reach=W)
    m.params[:] = np.random.default_rng(seed).standard_normal(m.params.size) * 0.5  # every term matters
    return m


@pytest.mark.parametrize("positions,heads", [("relative", 2), ("relative", 1), ("alibi", 2)])
def test_gradients_match_finite_differences(positions, heads):
    m = small(positions, heads=heads)
    rng = np.random.default_rng(1)
    x, y = rng.integers(0, 5, 6), rng.integers(0, 5, 6)
    state0 = np.array([0.0, 2.0, 5.0])  # one symbol before the text (NONE), then ids 1 and 4
    loss, grads, _ = m.loss_and_grads(x, y, state0)
    numeric = numeric_grads(m, x, y, state0)
    for name in m.PARAM_NAMES:
        a, n = grads[name], numeric[name]
        if a.size:
            rel = np.abs(a - n).max() / (np.abs(a).max() + np.abs(n).max())
            assert rel < 1e-6, (name, rel)


def test_weight_count_at_the_defaults_is_near_the_rnns():
    assert 6000 <= Attention(28, 64).params.size <= 11000


def test_a_prediction_reads_the_last_w_symbols_and_nothing_before():
    W = 5
    m = small("relative", V=6, W=W)
    ids = np.array([1, 2, 3, 4, 5, 0, 1, 2, 3, 4])
    last = m.hidden_states(ids)[-1]
    far = ids.copy()
    far[len(ids) - 1 - W] = (far[len(ids) - 1 - W] + 1) % 6  # W places back: out of reach
    np.testing.assert_array_equal(m.hidden_states(far)[-1], last)
    near = ids.copy()
    near[len(ids) - W] = (near[len(ids) - W] + 1) % 6  # W - 1 places back: in reach
    assert not np.allclose(m.hidden_states(near)[-1], last)
    later = ids.copy()
    later[-1] = (later[-1] + 1) % 6  # causal: a later symbol does not change an earlier prediction
    np.testing.assert_array_equal(m.hidden_states(later)[:-1], m.hidden_states(ids)[:-1])


def test_the_carried_context_makes_two_calls_one():
    m = small("relative", V=6, W=4)
    rng = np.random.default_rng(2)
    x, y = rng.integers(0, 6, 10), rng.integers(0, 6, 10)
    whole, _, s_whole = m.loss_and_grads(x, y)
    first, _, s = m.loss_and_grads(x[:3], y[:3])
    second, _, s2 = m.loss_and_grads(x[3:], y[3:], s)
    assert first + second == pytest.approx(whole, rel=1e-12)
    np.testing.assert_array_equal(s2, s_whole)
    np.testing.assert_allclose(m.hidden_states(x[3:], s), m.hidden_states(x)[3:], rtol=1e-12)


def test_attention_weights_and_map_sum_to_one_over_what_is_visible():
    W = 4
    m = small("relative", V=6, W=W)
    ids = np.array([1, 2, 3, 4, 5, 0, 1])
    A = m.attention_map(ids)  # (heads, T, T)
    assert A.shape == (2, 7, 7)
    np.testing.assert_allclose(A.sum(axis=2), 1.0, rtol=1e-12)
    t, j = np.indices((7, 7))
    assert not A[:, j > t].any() and not A[:, t - j >= W].any()
    w = m.attention_weights(ids)  # (heads, T, W), from a fresh context
    assert w.shape == (2, 7, W)
    np.testing.assert_allclose(w.sum(axis=2), 1.0, rtol=1e-12)
    assert not w[:, 0, 1:].any()  # the first symbol sees only itself
    np.testing.assert_allclose(w[:, 5, 2], A[:, 5, 3])


def test_sampling_is_deterministic_per_rng():
    m = small("relative", V=6, W=4)
    a = m.sample(None, 0, 200, 1.0, np.random.default_rng(7))
    assert a == m.sample(None, 0, 200, 1.0, np.random.default_rng(7))
    assert a != m.sample(None, 0, 200, 1.0, np.random.default_rng(8))
    assert all(0 <= i < 6 for i in a)


@pytest.mark.parametrize("bad", [1, 257, "x"])
def test_a_bad_reach_is_refused_with_the_settings_message(bad):
    with pytest.raises(ValueError, match="Attention span"):
        Attention(28, 16, reach=bad)


def test_a_few_hundred_steps_on_the_sonnets_lower_the_loss():
    t = Trainer(sonnets(), seed=1, cell="attention")
    t.step(300)
    assert t.smooth_loss < math.log(28)
