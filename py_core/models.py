"""The four models the `cell` setting chooses between, in the order they were invented, and how
each is built from the settings table.

    window     Bengio et al. 2003: a fixed window of the last n characters     (window.py)
    rnn        Elman 1990: one memory vector, updated every character           (model.py)
    lstm       Hochreiter & Schmidhuber 1997: a gated cell that keeps longer    (lstm.py)
    attention  Vaswani et al. 2017 (causal self-attention): looks back directly (attention.py)

(The RNN is older than the window model, which is the model the RNN language model of Mikolov
et al. 2010 was set against; the page tells that story in this order: window, rnn, lstm,
attention.) Every model has the same interface -- backprop, hidden_states, mean_loss, sample,
states, state_size, params -- and ends in the same output layer (network.softmax_loss).
"""
from __future__ import annotations

from . import network, settings
from .attention import Attention
from .lstm import LSTM
from .model import RNN
from .window import Window

MODELS = {"rnn": RNN, "lstm": LSTM, "window": Window, "attention": Attention}  # `cell`'s choices
LINEAGE = ("window", "rnn", "lstm", "attention")  # the page's order: the seed's story
YEARS = {"rnn": 1990, "lstm": 1997, "window": 2003, "attention": 2017}
NAMES = {"rnn": "RNN", "lstm": "LSTM", "window": "Fixed window", "attention": "Attention"}


def reach_setting(cell: str) -> str | None:
    """The settings-table row that sets how far back `cell` reads (window, context), if any."""
    return getattr(MODELS[settings.validate("cell", cell)], "REACH_SETTING", None) or None


def build(cell: str, vocab_size: int, hidden: int, seed: int, window: int | None = None,
          context: int | None = None):
    """A fresh model of kind `cell` with these settings (window and context: the defaults if None)."""
    cls = MODELS[settings.validate("cell", cell)]
    reach = {"window": window, "context": context}.get(reach_setting(cell))
    if reach_setting(cell):
        return cls(vocab_size, hidden, seed, reach=reach)
    return cls(vocab_size, hidden, seed)


def param_count(cell: str, vocab_size: int, hidden: int, window: int | None = None,
                context: int | None = None) -> int:
    """How many weights `build` would give, without building it."""
    cls = MODELS[settings.validate("cell", cell)]
    name = reach_setting(cell)
    if name:
        reach = {"window": window, "context": context}[name]
        return cls.param_count(vocab_size, hidden, settings.DEFAULTS[name] if reach is None else reach)
    return network.param_count(vocab_size, hidden, cls.GATES)


def matched_hidden(cell: str, vocab_size: int, target: int, window: int | None = None,
                   context: int | None = None) -> int:
    """The hidden size whose `cell` has the weight count closest to `target` (the smaller on a tie)."""
    sizes = range(1, settings.BY_NAME["hidden"].max + 1)
    return min(sizes, key=lambda H: (abs(param_count(cell, vocab_size, H, window, context) - target), H))
