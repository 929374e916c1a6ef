"""Memory reach: ‖∂h_t/∂h_{t-k}‖ matches finite differences and fades with k."""
import numpy as np
import pytest

from py_core import memory
from py_core.corpus import sonnets
from py_core.lstm import LSTM
from py_core.model import RNN
from py_core.train import Trainer


def test_jacobian_product_matches_finite_differences():
    rng = np.random.default_rng(0)
    m = RNN(6, 5, seed=1)
    m.Whh = rng.standard_normal((5, 5)) * 0.8
    m.Wxh = rng.standard_normal((5, 6))
    ids = rng.integers(0, 6, 8)
    k, t = 3, 7  # ∂h_7/∂h_4 by perturbing h_4 and rerunning steps 5..7
    hs = m.hidden_states(ids)
    J = np.zeros((5, 5))
    for j in range(5):
        e = np.zeros(5)
        e[j] = 1e-6
        plus = m.hidden_states(ids[t - k + 1:t + 1], hs[t - k] + e)[-1]
        minus = m.hidden_states(ids[t - k + 1:t + 1], hs[t - k] - e)[-1]
        J[:, j] = (plus - minus) / 2e-6
    got = memory.reach(m, ids, None, max_k=k, ends=1)  # the one end point is t = 7
    assert got[k - 1] == pytest.approx(np.linalg.norm(J), rel=1e-6)


@pytest.mark.parametrize("cell", [RNN, LSTM])
def test_state_jacobian_product_matches_finite_differences_for_both_cells(cell):
    """‖∂h_t/∂s_{t-k}‖, s the whole carried state (the LSTM's h and c), by perturbing s_{t-k}."""
    rng = np.random.default_rng(1)
    m = cell(6, 4, seed=1)
    m.params[...] = rng.standard_normal(m.params.size) * 0.8
    ids = rng.integers(0, 6, 9)
    k, t, S = 4, 8, m.state_size
    states = m.states(ids)  # s after each symbol (T, S)
    J = np.zeros((m.H, S))
    for j in range(S):
        e = np.zeros(S)
        e[j] = 1e-6
        plus = m.hidden_states(ids[t - k + 1:t + 1], states[t - k] + e)[-1]
        minus = m.hidden_states(ids[t - k + 1:t + 1], states[t - k] - e)[-1]
        J[:, j] = (plus - minus) / 2e-6
    got = memory.reach(m, ids, None, max_k=k, ends=1)  # the one end point is t = 8
    assert got[k - 1] == pytest.approx(np.linalg.norm(J), rel=1e-6)


def test_reach_fades_geometrically_after_training():
    t = Trainer(sonnets(), seed=1)
    t.step(1500)
    r = memory.reach(t.model, t.data[:60], None, 25, 8)
    assert len(r) == 25 and all(a > b for a, b in zip(r[2:], r[3:]))
    assert r[24] < r[0] * 1e-2


def test_too_short_a_window():
    with pytest.raises(ValueError, match="at least"):
        memory.reach(RNN(5, 4), [1, 2, 3], max_k=25)


def test_the_lstm_cell_keeps_its_reach_where_the_rnn_loses_it():
    """Untrained, each RNN step back multiplies by small weights; the LSTM's cell path
    multiplies by its forget gate, σ(1) ≈ 0.73 at first, so its reach fades far more slowly."""
    ids = np.arange(40) % 28
    rnn = memory.reach(RNN(28, 64, seed=1), ids, None, 25, 8)
    lstm = memory.reach(LSTM(28, 30, seed=1), ids, None, 25, 8)
    assert lstm[24] / lstm[0] > 1e-5 and rnn[24] / rnn[0] < 1e-20
    kept = 0.7311 ** 24  # σ(1)^24: the forget gates' product over the 24 steps between k = 1 and 25
    assert kept / 2 < lstm[24] / lstm[0] < kept * 2
