"""What the two models without a recurrence share (window.Window, attention.Attention): they read
the last few characters themselves instead of a state that summarises all of them.

Each prediction of such a model is a function of the `reach` most recent symbols only (the
window model's n, the attention model's W), ending with the symbol just read. So what it
carries from one step of training to the next is not a memory vector but the reach - 1 symbols
before the next input, as numbers in the same float64 state array the recurrent cells use:

    state[k] = id + 1 of the symbol (reach - 1 - k) places back, or 0 for "none" (before the text)

A state of zeros is therefore "nothing read yet", exactly as for a freshly reset RNN, and the
trainer, checkpoints and views treat both kinds of model alike. Both models end in the RNN's
output layer (Why, by, softmax; network.softmax_loss), over the last hidden layer (T, H),
which `hidden_states` returns, so the surprise card, the heatmap and the units card read them as
they read a recurrent cell's h.

A subclass sets PARAM_NAMES and REACH_SETTING (the settings-table row giving its reach) and
defines _shapes, _init, _hidden (forward) and _backprop (forward and backward).
"""
from __future__ import annotations

import numpy as np

from . import settings
from .network import Network, draw, softmax_loss, split

NONE = -1  # a position before the start of the text, in a context of symbol ids


class ContextModel:
    """A model over V symbols whose every prediction reads the last `reach` symbols."""

    STATE = 0  # no recurrent state: units.py, memory.py and the page say so
    PARAM_NAMES: tuple = ()
    REACH_SETTING = ""

    def __init__(self, vocab_size: int, hidden_size: int = 64, seed: int = 0, reach: int | None = None):
        if isinstance(vocab_size, bool) or not isinstance(vocab_size, (int, np.integer)) or vocab_size < 1:
            raise ValueError(f"Vocabulary size must be a whole number of at least 1; got “{vocab_size}”.")
        self.V = int(vocab_size)  # symbols
        self.H = settings.validate("hidden", hidden_size)  # units of the last hidden layer
        seed = settings.validate("seed", seed)
        if reach is None:
            reach = settings.DEFAULTS[self.REACH_SETTING]
        self.reach = settings.validate(self.REACH_SETTING, reach)  # symbols each prediction reads
        self.shapes = self._shapes()
        self.params = np.zeros(sum(int(np.prod(s)) for s in self.shapes.values()))  # flat (P,)
        self._views = split(self.params, self.shapes)
        self._init(np.random.default_rng(seed))

    @classmethod
    def param_count(cls, V: int, H: int, reach: int) -> int:
        """How many numbers the parameters of this model with V symbols, H units and this reach hold
        (_shapes reads only V, H and reach, so no model is built)."""
        shell = object.__new__(cls)
        shell.__dict__.update(V=V, H=H, reach=reach)
        return sum(int(np.prod(s)) for s in shell._shapes().values())

    @property
    def state_size(self) -> int:
        """How many numbers are carried between steps: the reach - 1 symbols before the next input."""
        return self.reach - 1

    # -- the carried symbols ------------------------------------------------------------------
    def _inputs(self, ids) -> np.ndarray:
        return Network._inputs(self, ids)

    def _state0(self, state) -> np.ndarray:
        """The carried symbols as a flat (reach - 1,) float array; zeros (none) for None."""
        if state is None:
            return np.zeros(self.state_size)
        state = np.asarray(state, dtype=np.float64).reshape(-1)
        if state.shape != (self.state_size,):
            raise ValueError(f"The state must have {self.state_size} entries; got {state.size}.")
        if not (np.isin(state, np.arange(self.V + 1))).all():
            raise ValueError(f"A context model's state holds symbol ids + 1 in 0…{self.V}.")
        return state

    def context(self, ids: np.ndarray, state0: np.ndarray) -> np.ndarray:
        """The symbols before `ids` (from the state) followed by `ids`, as ids with NONE for
        "before the text" (reach - 1 + T,)."""
        return np.concatenate([state0.astype(np.intp) - 1, ids])

    def _carry(self, ctx: np.ndarray) -> np.ndarray:
        """The state after a context: its last reach - 1 symbols, encoded (reach - 1,)."""
        return (ctx[len(ctx) - self.state_size:] + 1).astype(np.float64)

    def states(self, ids, state0=None) -> np.ndarray:
        """The carried symbols after each symbol of `ids` (T, reach - 1)."""
        ids = self._inputs(ids)
        ctx = self.context(ids, self._state0(state0))
        return np.stack([self._carry(ctx[:self.state_size + t + 1]) for t in range(len(ids))]).reshape(len(ids), -1)

    # -- what every model has -----------------------------------------------------------------
    def hidden_states(self, ids, state0=None) -> np.ndarray:
        """The last hidden layer (what Why reads) after each symbol of `ids` (T, H)."""
        ids = self._inputs(ids)
        return self._hidden(self.context(ids, self._state0(state0)), len(ids))

    def backprop(self, ids: np.ndarray, tgt: np.ndarray, state0: np.ndarray, grads: np.ndarray) -> tuple:
        """Total loss of predicting tgt (T,) from ids (T,) after the symbols in state0, its
        gradients written into the flat buffer `grads` (P,); returns (loss, the next state)."""
        ctx = self.context(ids, state0)
        loss = self._backprop(ctx, tgt, grads)
        return loss, self._carry(ctx)

    loss_and_grads = Network.loss_and_grads
    mean_loss = Network.mean_loss

    def sample(self, state, seed_id: int, n: int, temperature: float = 1.0, rng=None) -> list[int]:
        """`n` symbol ids drawn one at a time, each read back in, after the state's symbols and seed_id."""
        temperature = settings.validate("temperature", temperature)
        rng = np.random.default_rng() if rng is None else rng
        ctx = list(self.context(np.array([int(seed_id)], dtype=np.intp), self._state0(state)))
        c, out = np.empty(self.V), []
        for u in rng.random(n).tolist():
            h = self._hidden(np.array(ctx[-self.reach:], dtype=np.intp), 1)[0]  # (H,)
            ix = draw(self.Why @ h + self.by, u, c, temperature)
            ctx.append(ix)
            out.append(ix)
        return out

    def output_grads(self, h: np.ndarray, tgt: np.ndarray, grads: dict) -> tuple[float, np.ndarray]:
        """The shared output layer on hidden layer h (T, H): (loss, dL/dh (T, H)), with dWhy
        and dby written into the gradient views `grads`."""
        dy = np.empty((len(h), self.V))
        loss = softmax_loss(h, self.Why, self.by, tgt, dy)  # dy = p - onehot(target) (T, V)
        np.matmul(dy.T, h, out=grads["Why"])
        np.add.reduce(dy, axis=0, out=grads["by"])
        return loss, dy @ self.Why

    # -- what a subclass defines --------------------------------------------------------------
    def _shapes(self) -> dict:
        raise NotImplementedError

    def _init(self, rng: np.random.Generator) -> None:
        raise NotImplementedError

    def _hidden(self, ctx: np.ndarray, T: int) -> np.ndarray:
        """The last hidden layer for the last T positions of ctx (ids, NONE before the text) (T, H)."""
        raise NotImplementedError

    def _backprop(self, ctx: np.ndarray, tgt: np.ndarray, grads: np.ndarray) -> float:
        """Forward and backward over the last len(tgt) positions of ctx; fills the flat `grads` (P,)."""
        raise NotImplementedError

    def __getattr__(self, name):  # parameters by name (Why, by, ...) as views into params
        views = self.__dict__.get("_views")
        if views is not None and name in views:
            return views[name]
        raise AttributeError(name)

    def __setattr__(self, name, value):
        views = self.__dict__.get("_views")
        if views is not None and name in views:
            views[name][...] = value  # assigning a parameter copies into the flat buffer
        else:
            object.__setattr__(self, name, value)
