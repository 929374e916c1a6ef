"""The RNN: analytic gradients against central finite differences, shapes, states, sampling."""
import numpy as np
import pytest

from py_core.model import PARAM_NAMES, RNN
from gradcheck import numeric_grads


@pytest.mark.parametrize("V,H,T", [(5, 4, 6), (28, 16, 25)])
def test_gradients_match_finite_differences(V, H, T):
    rng = np.random.default_rng(V * 100 + H)
    model = RNN(V, H, seed=3)
    for name in PARAM_NAMES:  # weights large enough that every term matters
        setattr(model, name, rng.standard_normal(getattr(model, name).shape) * 0.5)
    x, y = rng.integers(0, V, T), rng.integers(0, V, T)
    h0 = rng.standard_normal(H) * 0.5
    loss, grads, _ = model.loss_and_grads(x, y, h0)
    numeric = numeric_grads(model, x, y, h0)
    for name in PARAM_NAMES:
        a, n = grads[name], numeric[name]
        rel = np.abs(a - n).max() / (np.abs(a).max() + np.abs(n).max())
        assert rel < 1e-6, (name, rel)


def test_loss_is_the_summed_cross_entropy_of_a_plain_forward_pass():
    rng = np.random.default_rng(0)
    m = RNN(7, 5, seed=1)
    m.bh = rng.standard_normal(5)
    x, y = [1, 2, 3, 6], [2, 3, 6, 0]
    h, expected = np.zeros(5), 0.0
    for xi, yi in zip(x, y):  # the equations, one step at a time
        h = np.tanh(m.Wxh[:, xi] + m.Whh @ h + m.bh)
        z = m.Why @ h + m.by
        expected -= z[yi] - np.log(np.exp(z).sum())
    loss, grads, h_last = m.loss_and_grads(x, y)
    assert loss == pytest.approx(expected, rel=1e-12)
    np.testing.assert_allclose(h_last, h, rtol=1e-12)
    np.testing.assert_allclose(m.hidden_states(x)[-1], h, rtol=1e-12)
    assert set(grads) == set(PARAM_NAMES)


def test_initial_loss_is_ln_v_per_character():
    m = RNN(28, 64, seed=0)
    x = np.arange(25) % 28
    loss, _, _ = m.loss_and_grads(x, (x + 1) % 28)
    assert loss / 25 == pytest.approx(np.log(28), abs=0.01)


def test_shapes_and_initialisation():
    m = RNN(28, 64, seed=0)
    assert (m.Wxh.shape, m.Whh.shape, m.Why.shape, m.bh.shape, m.by.shape) == (
        (64, 28), (64, 64), (28, 64), (64,), (28,))
    assert abs(m.Whh.std() - 0.01) < 0.001 and not m.bh.any() and not m.by.any()
    np.testing.assert_array_equal(RNN(28, 64, seed=0).params, m.params)
    assert not np.array_equal(RNN(28, 64, seed=1).params, m.params)


def test_assigning_a_parameter_writes_through_to_the_flat_buffer():
    m = RNN(4, 3)
    m.Whh = np.ones((3, 3))
    assert m.params.sum() == pytest.approx(9 + m.Wxh.sum() + m.Why.sum())


def test_grads_are_fresh_arrays_unless_a_buffer_is_given():
    m = RNN(5, 4)
    _, g1, _ = m.loss_and_grads([1, 2], [2, 3])
    _, g2, _ = m.loss_and_grads([3, 4], [4, 0])
    assert not np.shares_memory(g1["Wxh"], g2["Wxh"])
    buf = np.zeros_like(m.params)
    _, g3, _ = m.loss_and_grads([1, 2], [2, 3], out=buf)
    assert np.shares_memory(g3["Whh"], buf)


def test_hidden_states_are_tanh_bounded():
    m = RNN(28, 64, seed=0)
    m.Whh = np.random.default_rng(0).standard_normal((64, 64)) * 3
    hs = m.hidden_states([1, 2, 3, 4, 5])
    assert hs.shape == (5, 64) and np.abs(hs).max() <= 1.0


@pytest.mark.parametrize("bad", [[-1], [28], [0, 99]])
def test_out_of_vocabulary_ids_are_refused(bad):
    with pytest.raises(ValueError, match="ids"):
        RNN(28, 8).hidden_states(bad)


@pytest.mark.parametrize("kwargs", [{"hidden_size": 0}, {"hidden_size": 10**6}, {"seed": -1},
                                    {"vocab_size": 0}])
def test_bad_construction(kwargs):
    args = {"vocab_size": 28, **kwargs}
    with pytest.raises(ValueError):
        RNN(**args)


def test_sampling_is_seeded_and_respects_temperature():
    m = RNN(6, 8, seed=0)
    m.Why = np.random.default_rng(1).standard_normal((6, 8)) * 3
    m.Wxh = np.random.default_rng(2).standard_normal((8, 6)) * 3
    a = m.sample(None, 0, 500, 1.0, np.random.default_rng(7))
    assert a == m.sample(None, 0, 500, 1.0, np.random.default_rng(7))
    assert len(a) == 500 and set(a) <= set(range(6))
    cold = m.sample(None, 0, 500, 0.05, np.random.default_rng(7))
    assert len(set(cold)) < len(set(a))  # near-greedy sampling repeats itself
    with pytest.raises(ValueError, match="Temperature"):
        m.sample(None, 0, 10, 0.0)


def test_the_rnn_keeps_the_contracts_keyword_h0():
    # DESIGN.md: RNN.loss_and_grads(inputs, targets, h0); the LSTM's carried state is state0.
    model = RNN(5, 4, seed=0)
    h0 = np.full(4, 0.1)
    by_name = model.loss_and_grads([0, 1, 2], [1, 2, 3], h0=h0)
    by_place = model.loss_and_grads([0, 1, 2], [1, 2, 3], h0)
    assert by_name[0] == by_place[0]
    assert np.array_equal(model.hidden_states([0, 1], h0=h0), model.hidden_states([0, 1], h0))
    assert model.mean_loss([0, 1, 2], h0=h0) == model.mean_loss([0, 1, 2], h0)
