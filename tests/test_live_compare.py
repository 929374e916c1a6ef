"""live.rival_hidden: compare mode's rival has about as many weights as the run, either way round."""
import pytest

from py_core.live import Live, matched_hidden, rival_hidden
from py_core.network import param_count
from py_core.lstm import LSTM
from py_core.model import RNN


def test_the_rival_of_an_rnn_is_the_matched_lstm():
    assert rival_hidden(28, "rnn", 64) == matched_hidden(28, 64) == 30


@pytest.mark.parametrize("H", [1, 8, 30, 100])
def test_the_rival_of_an_lstm_is_the_rnn_closest_in_weights(H):
    target = param_count(28, H, LSTM.GATES)
    h = rival_hidden(28, "lstm", H)
    best = min(abs(param_count(28, k, RNN.GATES) - target) for k in range(1, 513))
    assert abs(param_count(28, h, RNN.GATES) - target) == best
    assert rival_hidden(28, "lstm", 30) == 65  # 7,958 weights against the LSTM's 7,948


def test_the_matched_pair_has_the_weights_the_page_quotes():
    text = "so long lives this and this gives life to thee\n" * 4
    rnn = Live(text, {"cell": "rnn", "hidden": 64})
    V = rnn.info()["vocab_size"]
    lstm = Live(text, {"cell": "lstm", "hidden": rival_hidden(V, "rnn", 64)})
    assert abs(lstm.info()["params"] - rnn.info()["params"]) == min(
        abs(param_count(V, k, LSTM.GATES) - rnn.info()["params"]) for k in range(1, 513))


def test_a_bad_cell_is_refused():
    with pytest.raises(ValueError, match="Model"):
        rival_hidden(28, "gru", 30)
